import type {
  EntityEvent,
  EntityEventsResponse,
  KubeObject,
} from '@workload-status/backstage-plugin-workload-status-common';
import type { EntityObjects } from '../EntityObjects';
import type { EventCaches } from './EventCaches';
import type { ProjectedEvent } from './projectEvent';
import type { ExpiredEventStore } from './ExpiredEventStore';

/** Narrows an entity's events; every field optional. */
export interface EventQuery {
  type?: 'Normal' | 'Warning';
  objectKind?: string;
  objectName?: string;
}

/** Bytes of an events answer by default (`workloadStatus.events.maxResponseBytes`). */
export const DEFAULT_MAX_EVENTS_RESPONSE_BYTES = 1024 * 1024;

/** JSON bytes of an answer's frame (`{"items":[...],"incomplete":true,...}`) besides its items and cluster names. */
const FRAME_BYTES = 128;

/**
 * The events of an entity: those of every object in its tree, from the
 * watch caches (never fetched per request), with the occurrences of one
 * thing (same object, type, reason and message: a recorder that lost its
 * aggregation cache, or two controllers) merged into one entry. The answer
 * is bounded in bytes: past `maxResponseBytes` of JSON the least important
 * events (Normal, then the oldest) are left out and it says `truncated`.
 */
export class EntityEventsService {
  private readonly maxResponseBytes: number;

  constructor(
    private readonly objects: Pick<EntityObjects, 'resolveVisible'>,
    private readonly caches: Pick<EventCaches, 'store' | 'current'>,
    options: {
      maxResponseBytes?: number;
      /** events kept in the database: answered, `expired`, once the cluster dropped them */
      expired?: Pick<ExpiredEventStore, 'list'>;
    } = {},
  ) {
    this.maxResponseBytes =
      options.maxResponseBytes ?? DEFAULT_MAX_EVENTS_RESPONSE_BYTES;
    this.expired = options.expired;
  }

  private readonly expired?: Pick<ExpiredEventStore, 'list'>;

  async list(
    entityRef: string,
    query: EventQuery = {},
  ): Promise<EntityEventsResponse> {
    let incomplete = false;
    const unavailableClusters: string[] = [];
    const merged = new Map<string, EntityEvent>();
    const clusters = new Set<string>();
    for (const { cluster, store, uids } of await this.objects.resolveVisible(
      entityRef,
    )) {
      clusters.add(cluster);
      const events = this.caches.store(cluster);
      if (!events || !this.caches.current(cluster)) {
        unavailableClusters.push(cluster);
        // as for statuses: a cluster down that holds none of the entity's
        // objects is a note, not a gap in what this entity's events are
        if (uids.size > 0) incomplete = true;
      }
      if (!events) continue;
      const subjects: KubeObject[] = [];
      for (const uid of uids) {
        const obj = store.get(uid);
        if (obj && matchesObject(obj, query)) subjects.push(obj);
      }
      const found = events.eventsOf(subjects);
      if (found.evicted) incomplete = true;
      for (const event of found.events) {
        if (query.type && event.type !== query.type) continue;
        mergeInto(merged, cluster, event);
      }
    }
    if (this.expired) {
      let keptEvents: Awaited<ReturnType<ExpiredEventStore['list']>> = [];
      try {
        keptEvents = await this.expired.list(entityRef, query);
      } catch {
        // the database is down: the live events are still the answer
        incomplete = true;
      }
      for (const kept of keptEvents) {
        // the entity no longer looks there (its annotations changed)
        if (!clusters.has(kept.cluster)) continue;
        // still in the cluster (and its cache): answered live above
        if (this.caches.store(kept.cluster)?.has(kept.uid)) continue;
        mergeExpired(merged, kept.event);
      }
    }
    const sorted = [...merged.values()].sort(byWarningThenNewest);
    const items = this.withinBound(sorted, unavailableClusters);
    const truncated = items.length < sorted.length;
    return {
      items,
      ...(incomplete || truncated ? { incomplete: true } : {}),
      ...(truncated ? { truncated } : {}),
      ...(unavailableClusters.length ? { unavailableClusters } : {}),
    };
  }

  /**
   * The first items whose JSON fits in the bound. Each item is measured as
   * it will be sent (JSON escapes included), and only until the bound is
   * reached, so the work is bounded too.
   */
  private withinBound(
    sorted: EntityEvent[],
    unavailableClusters: string[],
  ): EntityEvent[] {
    let bytes =
      FRAME_BYTES + Buffer.byteLength(JSON.stringify(unavailableClusters));
    let count = 0;
    for (const item of sorted) {
      bytes += Buffer.byteLength(JSON.stringify(item)) + 1; // and its comma
      if (bytes > this.maxResponseBytes) break;
      count += 1;
    }
    return count === sorted.length ? sorted : sorted.slice(0, count);
  }
}

function matchesObject(obj: KubeObject, query: EventQuery) {
  return (
    (!query.objectKind || obj.kind === query.objectKind) &&
    (!query.objectName || obj.metadata?.name === query.objectName)
  );
}

function mergeInto(
  merged: Map<string, EntityEvent>,
  cluster: string,
  event: ProjectedEvent,
) {
  const s = event.subject;
  const key = JSON.stringify([
    cluster,
    s.kind,
    s.namespace,
    s.name,
    s.container,
    event.type,
    event.reason,
    event.message,
  ]);
  const firstSeen = iso(event.firstSeenMs);
  const lastSeen = iso(event.lastSeenMs);
  const existing = merged.get(key);
  if (!existing) {
    const entry: EntityEvent = {
      cluster,
      type: event.type,
      reason: event.reason,
      message: event.message,
      object: {
        kind: s.kind,
        name: s.name,
        ...(s.namespace ? { namespace: s.namespace } : {}),
        ...(s.container ? { container: s.container } : {}),
      },
      count: event.count,
    };
    if (firstSeen) entry.firstSeen = firstSeen;
    if (lastSeen) entry.lastSeen = lastSeen;
    if (event.source) entry.source = event.source;
    if (event.messageTruncated) entry.messageTruncated = true;
    merged.set(key, entry);
    return;
  }
  existing.count += event.count;
  if (event.messageTruncated) existing.messageTruncated = true;
  // RFC 3339 UTC strings of one format order as the times they name
  if (firstSeen && (!existing.firstSeen || firstSeen < existing.firstSeen)) {
    existing.firstSeen = firstSeen;
  }
  if (lastSeen && (!existing.lastSeen || lastSeen > existing.lastSeen)) {
    existing.lastSeen = lastSeen;
    // the latest reporter speaks for the entry
    if (event.source) existing.source = event.source;
  }
}

/** A kept event the caches no longer hold: its own entries, marked expired. */
function mergeExpired(merged: Map<string, EntityEvent>, event: EntityEvent) {
  const o = event.object;
  const key = JSON.stringify([
    'expired',
    event.cluster,
    o.kind,
    o.namespace,
    o.name,
    o.container,
    event.type,
    event.reason,
    event.message,
  ]);
  const existing = merged.get(key);
  if (!existing) {
    merged.set(key, { ...event, expired: true });
    return;
  }
  existing.count += event.count;
  if (
    event.firstSeen &&
    (!existing.firstSeen || event.firstSeen < existing.firstSeen)
  ) {
    existing.firstSeen = event.firstSeen;
  }
  if (
    event.lastSeen &&
    (!existing.lastSeen || event.lastSeen > existing.lastSeen)
  ) {
    existing.lastSeen = event.lastSeen;
  }
}

function byWarningThenNewest(a: EntityEvent, b: EntityEvent) {
  const warning = Number(b.type === 'Warning') - Number(a.type === 'Warning');
  if (warning) return warning;
  const newest = (b.lastSeen ?? '').localeCompare(a.lastSeen ?? '');
  if (newest) return newest;
  return a.reason.localeCompare(b.reason) || a.message.localeCompare(b.message);
}

function iso(ms: number | undefined) {
  return ms === undefined ? undefined : new Date(ms).toISOString();
}
