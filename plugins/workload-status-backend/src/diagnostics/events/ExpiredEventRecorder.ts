import type { LoggerService } from '@backstage/backend-plugin-api';
import type { EntityEvent } from '@workload-status/backstage-plugin-workload-status-common';
import type { PersistedEvent, ExpiredEventStore } from './ExpiredEventStore';
import type { ProjectedEvent } from './projectEvent';

/** Event changes within this window are written in one batch. */
export const EXPIRED_EVENTS_FLUSH_DELAY_MS = 2000;
/**
 * Distinct events waiting for a write. An event storm updates the same
 * events over and over: they coalesce here (one entry per event); past
 * this many distinct ones, new events wait for the next window.
 */
export const MAX_PENDING_EVENTS = 5000;

interface Pending {
  cluster: string;
  event: ProjectedEvent;
  /** the event's entities were not known at the last flush */
  retried?: boolean;
}

/**
 * Keeps the events of entities' objects in the database as the event
 * caches see them, so that they can be answered after the cluster deletes
 * them. Writes are coalesced: at most one batch per window, one row per
 * event and entity whatever the number of updates, and a bounded number
 * of events waiting. The entities of an event are those that counted its
 * object at their last recompute; an event about an object no entity has
 * counted yet is tried once more, then left out.
 */
export class ExpiredEventRecorder {
  private pending = new Map<string, Pending>();
  private timer?: NodeJS.Timeout;
  private flushing?: Promise<void>;
  private stopped = false;
  /** events not written because the pending bound was reached */
  dropped = 0;

  constructor(
    private readonly options: {
      store: Pick<ExpiredEventStore, 'upsert'>;
      /** the entities that own the object (cluster, uid) */
      entitiesOf: (cluster: string, uid: string) => Iterable<string>;
      logger: LoggerService;
      flushDelayMs?: number;
    },
  ) {}

  /** An event was stored or updated in a cluster's cache. */
  eventSeen(cluster: string, event: ProjectedEvent) {
    if (this.stopped || !event.subject?.uid) return;
    const key = `${cluster}\u0000${event.metadata.uid}`;
    if (!this.pending.has(key) && this.pending.size >= MAX_PENDING_EVENTS) {
      this.dropped += 1;
      return;
    }
    this.pending.set(key, { cluster, event });
    this.schedule();
  }

  /** Writes what is pending now (tests, shutdown). */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    // one write at a time, in order
    const run = (this.flushing ?? Promise.resolve()).then(() => this.write());
    this.flushing = run;
    await run;
    if (this.flushing === run) this.flushing = undefined;
  }

  async stop() {
    this.stopped = true;
    await this.flush();
  }

  private schedule() {
    if (this.timer || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush().catch(() => {});
    }, this.options.flushDelayMs ?? EXPIRED_EVENTS_FLUSH_DELAY_MS);
    this.timer.unref?.();
  }

  private async write() {
    const batch = this.pending;
    this.pending = new Map();
    const rows: PersistedEvent[] = [];
    for (const [key, p] of batch) {
      const entities = [
        ...this.options.entitiesOf(p.cluster, p.event.subject.uid!),
      ];
      if (!entities.length) {
        if (!p.retried && !this.pending.has(key)) {
          this.pending.set(key, { ...p, retried: true });
        }
        continue;
      }
      const event = entityEvent(p.cluster, p.event);
      for (const entityRef of entities) {
        rows.push({
          entityRef,
          cluster: p.cluster,
          uid: p.event.metadata.uid,
          event,
        });
      }
    }
    if (this.pending.size) this.schedule();
    try {
      await this.options.store.upsert(rows);
    } catch (e) {
      this.options.logger.warn(
        `Keeping ${rows.length} events in the database failed (they are still answered while the cluster holds them): ${e}`,
      );
    }
  }
}

/** An event as the events route answers it (the same fields, no count merge). */
function entityEvent(cluster: string, e: ProjectedEvent): EntityEvent {
  const s = e.subject;
  const out: EntityEvent = {
    cluster,
    type: e.type,
    reason: e.reason,
    message: e.message,
    object: {
      kind: s.kind,
      name: s.name,
      ...(s.namespace ? { namespace: s.namespace } : {}),
      ...(s.container ? { container: s.container } : {}),
    },
    count: e.count,
  };
  if (e.firstSeenMs !== undefined) {
    out.firstSeen = new Date(e.firstSeenMs).toISOString();
  }
  if (e.lastSeenMs !== undefined) {
    out.lastSeen = new Date(e.lastSeenMs).toISOString();
  }
  if (e.source) out.source = e.source;
  if (e.messageTruncated) out.messageTruncated = true;
  return out;
}
