import {
  JobRun,
  KubeObject,
  evaluateWorkloads,
} from '@workload-status/backstage-plugin-workload-status-common';
import type { ObjectStore } from '../../cache/ObjectStore';

/**
 * A Job's run as the engine reports it in a workload's job history: the
 * Job judged with its pods (the same roll-up as the entity status, so the
 * history and the status never disagree about a run).
 */
export function liveJobRun(
  job: KubeObject,
  store: Pick<ObjectStore, 'childrenOf' | 'get'> | undefined,
  now: number,
): JobRun {
  const pods: KubeObject[] = [];
  const uid = job.metadata?.uid;
  if (store && uid) {
    for (const child of store.childrenOf(uid)) {
      const pod = store.get(child);
      if (pod?.kind === 'Pod') pods.push(pod);
    }
  }
  // Without its CronJob among the inputs the Job is a top-level workload,
  // whose job history is its own single run.
  const [workload] = evaluateWorkloads([job, ...pods], { now: new Date(now) });
  const run = workload?.jobHistory[0];
  if (run) return run;
  // the engine could not roll the Job up: keep its verdict, unknown details
  return {
    name: job.metadata?.name ?? '',
    namespace: job.metadata?.namespace ?? '',
    lifecycle: workload?.lifecycle ?? 'Unknown',
    health: workload?.health ?? 'unknown',
    reasons: workload?.reasons ?? [],
    pods: [],
  };
}
