import type { EntityEvent } from '@workload-status/backstage-plugin-workload-status-common';
import type { Knex } from 'knex';
import type { EventQuery } from './EntityEventsService';
import { boundedField, redactedField, storedMessage } from './eventText';

const TABLE = 'workload_status_events';
/** rows per INSERT: 17 columns x 50 stays under every driver's parameter limit */
const CHUNK = 50;
/** rows of one entity read per answer (the answer has its own byte bound) */
const MAX_READ = 1000;
/** rows deleted per statement when the byte bound is applied */
const PRUNE_BATCH = 500;
/** bytes a row costs besides its text (keys, numbers, index entries) */
const ROW_OVERHEAD_BYTES = 200;
/**
 * Bytes of a kept message: the largest `workloadStatus.events.maxMessageBytes`.
 * Messages come projected (redacted, cut at the configured bound); this
 * bound holds whatever a row was written by.
 */
export const MAX_KEPT_MESSAGE_BYTES = 64 * 1024;
/** the `count` column is a 32-bit integer: a larger count fails the whole batch */
const MAX_COUNT = 2 ** 31 - 1;

/** One event of one entity, as it is kept. */
export interface PersistedEvent {
  entityRef: string;
  cluster: string;
  /** the Event object's uid */
  uid: string;
  event: EntityEvent;
}

interface Row {
  entity_ref: string;
  cluster: string;
  uid: string;
  type: string;
  reason: string;
  message: string;
  message_truncated: boolean | number;
  object_kind: string;
  object_namespace: string | null;
  object_name: string;
  object_container: string | null;
  source: string | null;
  count: number;
  first_seen: string | null;
  last_seen: string;
  bytes: number;
}

/**
 * The workload_status_events table: the events of entities' objects, kept
 * after the cluster deletes them. Written as upserts keyed by entity,
 * cluster and event uid (replicas writing the same event write the same
 * row); bounded by age and by the bytes of text held.
 */
export class ExpiredEventStore {
  constructor(private readonly db: () => Promise<Knex>) {}

  async upsert(events: readonly PersistedEvent[]): Promise<void> {
    if (events.length === 0) return;
    const knex = await this.db();
    const rows = events.map(toRow);
    const update = Object.keys(rows[0]).filter(
      c => !['entity_ref', 'cluster', 'uid', 'first_seen'].includes(c),
    );
    await knex.transaction(async tx => {
      for (let i = 0; i < rows.length; i += CHUNK) {
        await tx(TABLE)
          .insert(rows.slice(i, i + CHUNK))
          .onConflict(['entity_ref', 'cluster', 'uid'])
          .merge(update);
      }
    });
  }

  /** An entity's kept events, newest first. */
  async list(
    entityRef: string,
    query: EventQuery = {},
  ): Promise<PersistedEvent[]> {
    const knex = await this.db();
    const q = knex(TABLE).where({ entity_ref: entityRef });
    if (query.type) q.andWhere({ type: query.type });
    if (query.objectKind) q.andWhere({ object_kind: query.objectKind });
    if (query.objectName) q.andWhere({ object_name: query.objectName });
    const rows: Row[] = await q
      .orderBy([
        { column: 'last_seen', order: 'desc' },
        { column: 'uid', order: 'asc' },
      ])
      .limit(MAX_READ);
    return rows.map(fromRow);
  }

  /**
   * Drops events last seen before `before`, then the oldest until the
   * text held is at most `maxBytes`. Returns the rows deleted.
   */
  async prune(options: { before: string; maxBytes: number }): Promise<number> {
    const knex = await this.db();
    let deleted = await knex(TABLE)
      .where('last_seen', '<', options.before)
      .delete();
    const [{ total }] = await knex(TABLE).sum({ total: 'bytes' });
    let excess = Number(total ?? 0) - options.maxBytes;
    while (excess > 0) {
      const oldest: Array<
        Pick<Row, 'entity_ref' | 'cluster' | 'uid' | 'bytes'>
      > = await knex(TABLE)
        .select('entity_ref', 'cluster', 'uid', 'bytes')
        .orderBy([
          { column: 'last_seen', order: 'asc' },
          { column: 'uid', order: 'asc' },
        ])
        .limit(PRUNE_BATCH);
      if (!oldest.length) break;
      const doomed: typeof oldest = [];
      for (const row of oldest) {
        if (excess <= 0) break;
        doomed.push(row);
        excess -= Number(row.bytes);
      }
      deleted += await knex.transaction(async tx => {
        let n = 0;
        for (const row of doomed) {
          n += await tx(TABLE)
            .where({
              entity_ref: row.entity_ref,
              cluster: row.cluster,
              uid: row.uid,
            })
            .delete();
        }
        return n;
      });
    }
    return deleted;
  }
}

/** What a kept event costs in the byte bound: its text and a row's overhead. */
export function persistedBytes(e: PersistedEvent): number {
  const ev = e.event;
  const text = [
    e.entityRef,
    e.cluster,
    e.uid,
    ev.reason,
    ev.message,
    ev.object.kind,
    ev.object.namespace ?? '',
    ev.object.name,
    ev.object.container ?? '',
    ev.source ?? '',
  ];
  return (
    ROW_OVERHEAD_BYTES +
    text.reduce((sum, t) => sum + Buffer.byteLength(t, 'utf8'), 0)
  );
}

/**
 * The row of a kept event, fitting its columns: an event is written with
 * others in one statement, so a value a column refuses (a redacted reason
 * longer than its 256 characters, a count past 32 bits: anyone who creates
 * Events chooses them) would lose them all.
 */
function toRow(persisted: PersistedEvent): Row {
  const e = fitted(persisted, 'projected');
  const ev = e.event;
  return {
    entity_ref: e.entityRef,
    cluster: e.cluster,
    uid: e.uid,
    type: ev.type,
    reason: ev.reason,
    message: ev.message,
    message_truncated: !!ev.messageTruncated,
    object_kind: ev.object.kind,
    object_namespace: ev.object.namespace ?? null,
    object_name: ev.object.name,
    object_container: ev.object.container ?? null,
    source: ev.source ?? null,
    count: ev.count,
    first_seen: ev.firstSeen ?? null,
    last_seen: ev.lastSeen ?? ev.firstSeen ?? new Date(0).toISOString(),
    bytes: persistedBytes(e),
  };
}

/**
 * A kept event within its bounds, its texts redacted. A projected event's
 * message was redacted and bounded by its projection (redacting it again
 * would double the cost of every write); a row may have been written by
 * anything, so what is read is redacted whole.
 */
function fitted(e: PersistedEvent, from: 'projected' | 'row'): PersistedEvent {
  const ev = e.event;
  const { message, truncated } =
    from === 'row' ||
    Buffer.byteLength(ev.message, 'utf8') > MAX_KEPT_MESSAGE_BYTES
      ? storedMessage(ev.message, MAX_KEPT_MESSAGE_BYTES)
      : { message: ev.message, truncated: false };
  const event: EntityEvent = {
    ...ev,
    reason: redactedField(ev.reason),
    message,
    object: {
      kind: redactedField(ev.object.kind),
      name: redactedField(ev.object.name),
      ...(ev.object.namespace
        ? { namespace: redactedField(ev.object.namespace) }
        : {}),
      ...(ev.object.container
        ? { container: redactedField(ev.object.container) }
        : {}),
    },
    count: Math.min(MAX_COUNT, Math.max(1, Math.floor(Number(ev.count) || 1))),
  };
  if (ev.source) event.source = redactedField(ev.source);
  if (truncated || ev.messageTruncated) event.messageTruncated = true;
  return { ...e, uid: boundedField(e.uid), event };
}

function fromRow(row: Row): PersistedEvent {
  const event: EntityEvent = {
    cluster: row.cluster,
    type: row.type === 'Warning' ? 'Warning' : 'Normal',
    reason: row.reason,
    message: row.message,
    object: {
      kind: row.object_kind,
      name: row.object_name,
      ...(row.object_namespace ? { namespace: row.object_namespace } : {}),
      ...(row.object_container ? { container: row.object_container } : {}),
    },
    count: Number(row.count),
    lastSeen: row.last_seen,
  };
  if (row.first_seen) event.firstSeen = row.first_seen;
  if (row.source) event.source = row.source;
  if (row.message_truncated) event.messageTruncated = true;
  return fitted(
    {
      entityRef: row.entity_ref,
      cluster: row.cluster,
      uid: row.uid,
      event,
    },
    'row',
  );
}
