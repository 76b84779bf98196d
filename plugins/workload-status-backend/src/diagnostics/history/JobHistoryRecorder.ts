import type { LoggerService } from '@backstage/backend-plugin-api';
import type { KubeObject } from '@workload-status/backstage-plugin-workload-status-common';
import type { ClusterCache } from '../../cache/ClusterCache';
import type { ObjectChange, ObjectStore } from '../../cache/ObjectStore';
import { redactReasons } from '../../redaction/redactReasons';
import type { ClusterListener } from '../../status/StatusPipeline';
import type { JobHistorySettings } from './JobHistorySettings';
import { liveJobRun } from './liveJobRun';
import { JobRunRecord, JobRunStore, ownerKey } from './JobRunStore';

/** A Job whose run must be written: the last object seen of it. */
interface PendingRun {
  cluster: string;
  job: KubeObject;
  deleted: boolean;
}

/** pending runs beyond this (a long database outage) are dropped, oldest first */
const MAX_PENDING = 20_000;
/** a storm of this many changed Jobs is written at once, not after the delay */
const FLUSH_AT = 500;
const MAX_RETRY_MS = 60_000;

/**
 * Writes the runs of every Job of every cluster to the job_runs table, so
 * that a run outlives its Job. Follows each cluster store's Job changes
 * (and the changes of Job pods, which change a run's status), keeps the
 * changed Jobs by uid and writes them in one batch after `flushDelay`: a
 * storm of updates to one Job is one row write. A deleted Job is written
 * with `deleted` set. A database failure is logged and the batch retried
 * with backoff; the backend never fails because of it.
 */
export class JobHistoryRecorder implements ClusterListener {
  private readonly stores = new Map<string, ObjectStore>();
  private pending = new Map<string, PendingRun>();
  private flushTimer?: NodeJS.Timeout;
  private pruneTimer?: NodeJS.Timeout;
  private flushing?: Promise<void>;
  private failures = 0;
  private stopped = false;
  private readonly writtenListeners: Array<
    (records: readonly JobRunRecord[]) => void
  > = [];

  constructor(
    private readonly options: {
      store: JobRunStore;
      settings: JobHistorySettings;
      logger: LoggerService;
      now: () => number;
    },
  ) {}

  /** Told every batch of runs once it is written (run notifications). */
  onRunsWritten(listener: (records: readonly JobRunRecord[]) => void) {
    this.writtenListeners.push(listener);
  }

  clusterAdded(name: string, cache: ClusterCache) {
    const store = cache.store;
    this.stores.set(name, store);
    store.onChange(change => {
      // a removed cluster's store may still deliver: not ours any more
      if (this.stores.get(name) === store) this.changed(name, store, change);
    });
  }

  clusterRemoved(name: string) {
    this.stores.delete(name);
  }

  /**
   * Starts writing. `ownPruneTimer`: prune on a timer of this process; off
   * when the backend's scheduler prunes (scheduleJobHistoryPruning), which
   * runs it on one replica at a time.
   */
  start(options: { ownPruneTimer: boolean } = { ownPruneTimer: true }) {
    this.stopped = false;
    if (!options.ownPruneTimer) return;
    const prune = () => {
      this.prune().catch(() => undefined);
    };
    this.pruneTimer = setInterval(prune, this.options.settings.pruneIntervalMs);
    this.pruneTimer.unref?.();
    prune();
  }

  /** Writes what is pending (best effort) and stops. */
  async stop() {
    this.stopped = true;
    clearInterval(this.pruneTimer);
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    await this.flushing;
    if (this.pending.size) await this.flush();
  }

  /** Writes the pending runs now (tests, shutdown). */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.pending.size === 0) return;
    this.flushing = this.write().finally(() => {
      this.flushing = undefined;
    });
    await this.flushing;
  }

  /** Applies the age and per-owner bounds; failures are logged. */
  async prune(): Promise<number> {
    const { maxAgeMs, maxRunsPerOwner } = this.options.settings;
    try {
      const deleted = await this.options.store.prune({
        before: new Date(this.options.now() - maxAgeMs).toISOString(),
        maxRunsPerOwner,
      });
      if (deleted) {
        this.options.logger.debug(`Job history: pruned ${deleted} runs`);
      }
      return deleted;
    } catch (e) {
      this.options.logger.warn(`Job history: pruning failed: ${e}`);
      return 0;
    }
  }

  private changed(cluster: string, store: ObjectStore, change: ObjectChange) {
    const obj = change.next ?? change.previous;
    if (obj?.kind === 'Job') {
      this.enqueue(cluster, obj, !change.next);
      return;
    }
    if (obj?.kind === 'Pod') {
      // a run's status is its Job judged with its pods
      const owner = obj.metadata?.ownerReferences?.find(
        o => o.controller && o.kind === 'Job',
      );
      const job = owner?.uid ? store.get(owner.uid) : undefined;
      if (job) this.enqueue(cluster, job, false);
    }
  }

  private enqueue(cluster: string, job: KubeObject, deleted: boolean) {
    const uid = job.metadata?.uid;
    if (!uid) return;
    const key = `${cluster}/${uid}`;
    this.pending.delete(key); // re-insert: newest last, for the overflow rule
    this.pending.set(key, { cluster, job, deleted });
    // while the database fails, the retry backoff paces every write
    const storm = this.pending.size >= FLUSH_AT && this.failures === 0;
    this.schedule(storm ? 0 : this.options.settings.flushDelayMs);
  }

  private schedule(delayMs: number) {
    if (this.stopped) return;
    if (this.flushTimer && delayMs > 0) return;
    clearTimeout(this.flushTimer);
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      this.flush().catch(() => undefined);
    }, delayMs);
    this.flushTimer.unref?.();
  }

  private async write() {
    const batch = this.pending;
    this.pending = new Map();
    const now = this.options.now();
    const seenAt = new Date(now).toISOString();
    const records: JobRunRecord[] = [];
    for (const { cluster, job, deleted } of batch.values()) {
      const store = this.stores.get(cluster);
      // judge the newest version the cache holds
      const current = job.metadata?.uid
        ? store?.get(job.metadata.uid)
        : undefined;
      const gone = deleted || !current;
      // a Job being deleted is recorded as it ended, never as Deleting: the
      // database may be read between this write and the deletion's
      const run = liveJobRun(
        outcomeOf(gone ? job : current),
        gone ? undefined : store,
        now,
      );
      // one string format, so that the database orders times correctly
      const startedAt = iso(run.startedAt);
      const completedAt = iso(run.completedAt);
      records.push({
        cluster,
        uid: job.metadata!.uid!,
        namespace: run.namespace,
        name: run.name,
        owner: ownerKey(run),
        ...(run.cronJob ? { cronJob: run.cronJob } : {}),
        trigger: run.trigger ?? 'manual',
        ...(startedAt ? { startedAt } : {}),
        ...(completedAt ? { completedAt } : {}),
        lifecycle: run.lifecycle,
        health: run.health,
        // the cache holds redacted texts already; a stored row outlives
        // the cache and its rules, so it is redacted on its own account
        reasons: redactReasons(run.reasons),
        firstSeen: seenAt,
        lastSeen: seenAt,
        sortTime: startedAt ?? iso(job.metadata?.creationTimestamp) ?? seenAt,
        deleted: gone,
        // a CronJob's runs are found through the CronJob; a standalone
        // Job, once deleted, only through its labels
        ...(!run.cronJob && job.metadata?.labels
          ? { labels: job.metadata.labels }
          : {}),
      });
    }
    try {
      await this.options.store.upsert(records);
      if (this.failures > 0) {
        this.options.logger.info('Job history: writing works again');
      }
      this.failures = 0;
      for (const listener of this.writtenListeners) {
        try {
          listener(records);
        } catch (e) {
          this.options.logger.warn(`Job history: a listener failed: ${e}`);
        }
      }
    } catch (e) {
      this.failures += 1;
      // keep the batch unless a newer change of the same Job came meanwhile
      for (const [key, run] of batch) {
        if (!this.pending.has(key)) this.pending.set(key, run);
      }
      this.dropOverflow();
      const delay = Math.min(
        this.options.settings.flushDelayMs * 2 ** this.failures,
        MAX_RETRY_MS,
      );
      this.options.logger[this.failures === 1 ? 'warn' : 'debug'](
        `Job history: writing ${records.length} runs failed, retrying in ${delay} ms: ${e}`,
      );
      this.schedule(delay);
      return;
    }
    if (this.pending.size) this.schedule(this.options.settings.flushDelayMs);
  }

  private dropOverflow() {
    let dropped = 0;
    for (const key of this.pending.keys()) {
      if (this.pending.size <= MAX_PENDING) break;
      this.pending.delete(key);
      dropped += 1;
    }
    if (dropped) {
      this.options.logger.warn(
        `Job history: the database has been failing; ${dropped} unwritten runs dropped`,
      );
    }
  }
}

/**
 * A Job being deleted carries a deletionTimestamp, which the engine reports
 * as Deleting: the history keeps how the run ended.
 */
function outcomeOf(job: KubeObject): KubeObject {
  if (!job.metadata?.deletionTimestamp) return job;
  const { deletionTimestamp: _, ...metadata } = job.metadata;
  return { ...job, metadata };
}

function iso(time: string | undefined): string | undefined {
  const t = Date.parse(time ?? '');
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}
