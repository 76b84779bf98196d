import type { KubeObject } from '@workload-status/backstage-plugin-workload-status-common';
import type { V1CronJob } from '@kubernetes/client-node';
import type { ObjectStore } from '../cache/ObjectStore';

/**
 * The names of a CronJob's runs that have not finished: the Jobs its
 * controller lists in `status.active`, and the Jobs the cache holds with
 * the CronJob as owner (a run started by hand, which the controller does
 * not list). A Job the cache knows finished, or being deleted, does not
 * count: the controller's list may lag behind it.
 */
export function activeRuns(
  cronJob: V1CronJob,
  store: Pick<ObjectStore, 'childrenOf' | 'get'> | undefined,
): string[] {
  const names = new Set<string>();
  const cachedJob = (uid?: string) =>
    uid === undefined ? undefined : store?.get(uid);
  for (const ref of cronJob.status?.active ?? []) {
    const job = cachedJob(ref.uid);
    if (job && !isRunning(job)) continue;
    if (ref.name) names.add(ref.name);
  }
  const uid = cronJob.metadata?.uid;
  if (store && uid) {
    for (const child of store.childrenOf(uid)) {
      const job = store.get(child);
      if (job?.kind === 'Job' && isRunning(job) && job.metadata?.name) {
        names.add(job.metadata.name);
      }
    }
  }
  return [...names].sort();
}

/** As the Job controller says a Job is finished: a Complete or Failed condition. */
function isRunning(job: KubeObject): boolean {
  if (job.metadata?.deletionTimestamp) return false;
  const conditions = (job.status as { conditions?: unknown } | undefined)
    ?.conditions;
  if (!Array.isArray(conditions)) return true;
  return !conditions.some(
    c =>
      (c?.type === 'Complete' || c?.type === 'Failed') && c?.status === 'True',
  );
}
