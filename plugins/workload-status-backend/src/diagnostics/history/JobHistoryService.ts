import { ServiceUnavailableError } from '@backstage/errors';
import type {
  JobHistoryEntry,
  JobHistoryResponse,
  JobRun,
  KubeObject,
} from '@workload-status/backstage-plugin-workload-status-common';
import type { LabelSelector } from '../../matching/LabelSelector';
import { withInternalDetail } from '../../service/publicErrors';
import type { EntityObjects } from '../EntityObjects';
import { JobRunRecord, JobRunStore, ownerKey } from './JobRunStore';
import { liveJobRun } from './liveJobRun';

export interface JobHistoryQuery {
  /** only this CronJob's runs */
  cronJob?: string;
  limit: number;
}

/**
 * An entity's job history: the runs of every CronJob and standalone Job
 * in its tree, from the database, with the Jobs still in the cluster
 * judged from the live cache (the live object wins; its pods are listed,
 * their logs can be read). Newest first.
 */
export class JobHistoryService {
  constructor(
    private readonly options: {
      objects: Pick<EntityObjects, 'resolve' | 'ownedNamespaces'>;
      store: Pick<JobRunStore, 'list' | 'listStandalone'>;
      /** the cluster has listed its Jobs: a run missing from it is gone */
      synced: (cluster: string) => boolean;
      /**
       * The entity's selector: finds its standalone Jobs that the cluster
       * deleted (no longer in the tree) by their stored labels
       */
      selectorOf?: (
        entityRef: string,
      ) => { selector: LabelSelector; namespace?: string } | undefined;
      now: () => number;
    },
  ) {}

  async list(
    entityRef: string,
    query: JobHistoryQuery,
  ): Promise<JobHistoryResponse> {
    const now = this.options.now();
    const entries: Array<{ entry: JobHistoryEntry; sortTime: string }> = [];
    const match = query.cronJob
      ? undefined
      : this.options.selectorOf?.(entityRef);
    for (const { cluster, store, uids } of await this.options.objects.resolve(
      entityRef,
    )) {
      // owners by namespace: the CronJobs and standalone Jobs of the tree
      const owners = new Map<string, Set<string>>();
      const liveJobs: KubeObject[] = [];
      for (const uid of uids) {
        const obj = store.get(uid);
        const namespace = obj?.metadata?.namespace;
        const name = obj?.metadata?.name;
        if (!obj || !namespace || !name) continue;
        let owner: string | undefined;
        if (obj.kind === 'CronJob') {
          owner = ownerKey({ cronJob: name, name });
        } else if (obj.kind === 'Job') {
          liveJobs.push(obj);
          const cronJob = obj.metadata?.ownerReferences?.find(
            o => o.controller && o.kind === 'CronJob',
          )?.name;
          owner = ownerKey({ cronJob, name });
        }
        if (!owner || !this.wanted(owner, query)) continue;
        if (!owners.has(namespace)) owners.set(namespace, new Set());
        owners.get(namespace)!.add(owner);
      }

      const live = new Map<string, JobHistoryEntry>();
      for (const job of liveJobs) {
        const run = liveJobRun(job, store, now);
        if (!this.wanted(ownerKey(run), query)) continue;
        const uid = job.metadata!.uid!;
        const entry = fromLiveRun(cluster, uid, run);
        live.set(uid, entry);
        entries.push({
          entry,
          sortTime:
            iso(run.startedAt) ??
            iso(job.metadata?.creationTimestamp) ??
            new Date(now).toISOString(),
        });
      }

      const synced = this.options.synced(cluster);
      const seen = new Set(live.keys());
      for (const [namespace, names] of owners) {
        const records = await this.options.store
          .list({ cluster, namespace, owners: [...names], limit: query.limit })
          .catch(unreadable);
        for (const record of records) {
          if (seen.has(record.uid)) continue;
          seen.add(record.uid);
          entries.push({
            entry: fromRecord(record, synced),
            sortTime: record.sortTime,
          });
        }
      }
      if (match) {
        const deleted = await this.deletedStandalone(
          cluster,
          match,
          query.limit,
        );
        // found by stored labels, not through the tree: the same namespace
        // rule as the live objects (a catalog claim is not ownership)
        const owned = await this.options.objects.ownedNamespaces(
          entityRef,
          cluster,
          new Set(deleted.map(r => r.namespace)),
        );
        for (const record of deleted.filter(r => owned.has(r.namespace))) {
          if (seen.has(record.uid)) continue;
          seen.add(record.uid);
          entries.push({
            entry: fromRecord(record, synced),
            sortTime: record.sortTime,
          });
        }
      }
    }
    entries.sort(
      (a, b) =>
        b.sortTime.localeCompare(a.sortTime) ||
        a.entry.name.localeCompare(b.entry.name),
    );
    return { items: entries.slice(0, query.limit).map(e => e.entry) };
  }

  /** Stored standalone Jobs the entity's selector selects. */
  private async deletedStandalone(
    cluster: string,
    match: { selector: LabelSelector; namespace?: string },
    limit: number,
  ): Promise<JobRunRecord[]> {
    const candidates = match.selector.candidateLabels();
    const records = await this.options.store
      .listStandalone({
        cluster,
        namespace: match.namespace,
        labels: (candidates?.values ?? []).map(value => ({
          key: candidates!.key,
          value,
        })),
        limit,
      })
      .catch(unreadable);
    return records.filter(r => match.selector.matches(r.labels));
  }

  private wanted(owner: string, query: JobHistoryQuery) {
    return !query.cronJob || owner === `CronJob/${query.cronJob}`;
  }
}

function fromLiveRun(
  cluster: string,
  uid: string,
  run: JobRun,
): JobHistoryEntry {
  const entry: JobHistoryEntry = {
    cluster,
    namespace: run.namespace,
    name: run.name,
    uid,
    trigger: run.trigger ?? 'manual',
    lifecycle: run.lifecycle,
    health: run.health,
    reasons: run.reasons,
    deleted: false,
    pods: run.pods,
  };
  if (run.cronJob) entry.cronJob = run.cronJob;
  if (run.startedAt) entry.startedAt = run.startedAt;
  if (run.completedAt) entry.completedAt = run.completedAt;
  if (run.durationSeconds !== undefined) {
    entry.durationSeconds = run.durationSeconds;
  }
  return entry;
}

function fromRecord(record: JobRunRecord, synced: boolean): JobHistoryEntry {
  const entry: JobHistoryEntry = {
    cluster: record.cluster,
    namespace: record.namespace,
    name: record.name,
    uid: record.uid,
    trigger: record.trigger,
    lifecycle: record.lifecycle,
    health: record.health,
    reasons: record.reasons,
    // not in a synced cache: deleted, even if we missed the deletion
    // (the backend was down when the cluster removed the Job)
    deleted: record.deleted || synced,
    pods: [],
  };
  if (record.cronJob) entry.cronJob = record.cronJob;
  if (record.startedAt) entry.startedAt = record.startedAt;
  if (record.completedAt) entry.completedAt = record.completedAt;
  const s = Date.parse(record.startedAt ?? '');
  const e = Date.parse(record.completedAt ?? '');
  if (e >= s) entry.durationSeconds = Math.round((e - s) / 1000);
  return entry;
}

/**
 * A database failure as users see it: that the history could not be read.
 * Its text (server address, database and user names, SQL) is logged only.
 */
function unreadable(e: unknown): never {
  throw withInternalDetail(
    new ServiceUnavailableError('The job history could not be read'),
    `database error: ${e}`,
    'logOnly',
  );
}

function iso(time: string | undefined): string | undefined {
  const t = Date.parse(time ?? '');
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}
