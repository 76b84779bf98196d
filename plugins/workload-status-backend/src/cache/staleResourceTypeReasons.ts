import {
  ENTITY_REASON_CODES,
  Reason,
  WorkloadStatus,
} from '@workload-status/backstage-plugin-workload-status-common';
import { clusterFailureText } from '../cluster/clusterErrorText';
import type { StaleResourceType } from './ClusterCache';

/**
 * The kinds a workload's verdict is read from besides its own: what goes
 * stale under it changes what we know of it. A kind not listed (a kind
 * judged by a registered rule) reads only itself.
 */
const KINDS_READ: Record<string, readonly string[]> = {
  Deployment: ['ReplicaSet', 'Pod', 'Node', 'HorizontalPodAutoscaler'],
  ReplicaSet: ['Pod', 'Node', 'HorizontalPodAutoscaler'],
  StatefulSet: ['Pod', 'Node', 'HorizontalPodAutoscaler'],
  DaemonSet: ['Pod', 'Node'],
  Job: ['Pod', 'Node'],
  CronJob: ['Job', 'Pod', 'Node'],
  Pod: ['Node'],
  PipelineRun: ['TaskRun', 'Pod', 'Node'],
  TaskRun: ['Pod', 'Node'],
  BuildRun: ['TaskRun', 'Pod', 'Node'],
};

/** Whether a workload of `workloadKind` is judged from objects of `kind`. */
export function workloadReads(workloadKind: string, kind: string): boolean {
  return (
    workloadKind === kind || (KINDS_READ[workloadKind] ?? []).includes(kind)
  );
}

/**
 * One warning per stale resource type the workload is judged from. The
 * verdict stands (it is the last seen); the warning says which type is not
 * followed and since when. The cluster's own words stay out of it: it
 * names what failed, as every text a user sees of a cluster does.
 */
export function staleResourceTypeReasons(
  workload: WorkloadStatus,
  cluster: string,
  stale: readonly StaleResourceType[],
): Reason[] {
  return stale
    .filter(t => workloadReads(workload.kind, t.kind))
    .map(t => {
      const since = new Date(t.since).toISOString();
      return {
        severity: 'warning' as const,
        code: ENTITY_REASON_CODES.ResourceTypeStale,
        message: `The watch of ${
          t.resource
        } in cluster ${cluster} ${failureWords(t.error)} since ${since}; ${
          workload.kind
        } ${workload.name} is shown as its ${t.resource} were then`,
        object: {
          kind: workload.kind,
          namespace: workload.namespace,
          name: workload.name,
          cluster,
        },
        since,
        hint: `The cluster answers and its other resource types are current; the plugin keeps retrying ${t.resource}. Check it on the clusters page.`,
        hintTarget: 'cluster' as const,
      };
    });
}

/** "has sent nothing", "has failed (timed out)". */
function failureWords(error: string | undefined): string {
  if (!error) return 'has not been followed';
  // the inactivity timeout's words (WatchInactivityError)
  if (/\bsent nothing for\b/.test(error)) {
    return 'has sent nothing (no events, no bookmarks)';
  }
  return `has failed (${clusterFailureText(error)})`;
}
