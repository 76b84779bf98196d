import type {
  Health,
  Lifecycle,
  TimelineEntry,
  TimelineSubject,
} from '@workload-status/backstage-plugin-workload-status-common';
import type { Knex } from 'knex';
import { pruneRows } from '../retention/pruneRows';

const TABLE = 'workload_status_timeline';
/** The subject key of the entity as a whole. */
export const ENTITY_SUBJECT_KEY = 'entity';
/** rows read to find the latest state of each of an entity's subjects */
const MAX_LATEST_SCAN = 2000;

/** One recorded change, as the store holds it. */
export interface TimelineRecord extends TimelineEntry {
  entityRef: string;
  /** `entity`, or `cluster/kind/namespace/name` */
  subjectKey: string;
  /** when the subject's health (as of `to`) began */
  healthSince: string;
}

interface Row {
  id: string;
  entity_ref: string;
  subject_key: string;
  cluster: string | null;
  kind: string | null;
  namespace: string | null;
  name: string | null;
  at: string;
  health_since: string;
  from_lifecycle: string | null;
  from_health: string | null;
  to_lifecycle: string;
  to_health: string;
  reason_codes: string;
  message: string | null;
}

/**
 * The workload_status_timeline table. Rows are written with
 * `insert ... on conflict do nothing` on their id, a digest every replica
 * computes alike for the same change: a second write is a no-op.
 */
export class TimelineStore {
  constructor(private readonly db: () => Promise<Knex>) {}

  /** Writes the change unless a row with its id exists; returns the stored row. */
  async record(record: TimelineRecord): Promise<TimelineRecord> {
    const knex = await this.db();
    await knex(TABLE).insert(toRow(record)).onConflict('id').ignore();
    const stored: Row | undefined = await knex(TABLE)
      .where({ id: record.id })
      .first();
    return stored ? fromRow(stored) : record;
  }

  /** The newest row of one subject of an entity. */
  async latest(
    entityRef: string,
    subjectKey: string,
  ): Promise<TimelineRecord | undefined> {
    const knex = await this.db();
    const row: Row | undefined = await knex(TABLE)
      .where({ entity_ref: entityRef, subject_key: subjectKey })
      .orderBy([
        { column: 'at', order: 'desc' },
        { column: 'id', order: 'asc' },
      ])
      .first();
    return row ? fromRow(row) : undefined;
  }

  /** The newest row of each subject of an entity (from its newest rows). */
  async latestPerSubject(entityRef: string): Promise<TimelineRecord[]> {
    const knex = await this.db();
    const rows: Row[] = await knex(TABLE)
      .where({ entity_ref: entityRef })
      .orderBy([
        { column: 'at', order: 'desc' },
        { column: 'id', order: 'asc' },
      ])
      .limit(MAX_LATEST_SCAN);
    const latest = new Map<string, TimelineRecord>();
    for (const row of rows) {
      if (!latest.has(row.subject_key)) {
        latest.set(row.subject_key, fromRow(row));
      }
    }
    return [...latest.values()];
  }

  /** An entity's changes, newest first, at or after `since` when given. */
  async list(query: {
    entityRef: string;
    since?: string;
    limit: number;
  }): Promise<TimelineRecord[]> {
    const knex = await this.db();
    const q = knex(TABLE).where({ entity_ref: query.entityRef });
    if (query.since) q.andWhere('at', '>=', query.since);
    const rows: Row[] = await q
      .orderBy([
        { column: 'at', order: 'desc' },
        { column: 'id', order: 'asc' },
      ])
      .limit(query.limit);
    return rows.map(fromRow);
  }

  /**
   * Applies the bounds: drops changes older than `before`, then all but
   * the newest `maxRowsPerSubject` of each subject. Returns the rows deleted.
   */
  async prune(options: {
    before: string;
    maxRowsPerSubject: number;
  }): Promise<number> {
    return pruneRows(await this.db(), {
      table: TABLE,
      timeColumn: 'at',
      before: options.before,
      perGroup: {
        columns: ['entity_ref', 'subject_key'],
        max: options.maxRowsPerSubject,
        idColumn: 'id',
        idOrder: 'asc',
        scanLimit: 10_000,
      },
    });
  }
}

/** The public form of a stored change. */
export function toEntry(record: TimelineRecord): TimelineEntry {
  const entry: TimelineEntry = {
    id: record.id,
    at: record.at,
    subject: record.subject,
    to: record.to,
    reasonCodes: record.reasonCodes,
  };
  if (record.from) entry.from = record.from;
  if (record.message) entry.message = record.message;
  return entry;
}

function toRow(r: TimelineRecord): Row {
  return {
    id: r.id,
    entity_ref: r.entityRef,
    subject_key: r.subjectKey,
    cluster: r.subject.cluster ?? null,
    kind: r.subject.kind ?? null,
    namespace: r.subject.namespace ?? null,
    name: r.subject.name ?? null,
    at: r.at,
    health_since: r.healthSince,
    from_lifecycle: r.from?.lifecycle ?? null,
    from_health: r.from?.health ?? null,
    to_lifecycle: r.to.lifecycle,
    to_health: r.to.health,
    reason_codes: JSON.stringify(r.reasonCodes),
    message: r.message ?? null,
  };
}

function fromRow(row: Row): TimelineRecord {
  const subject: TimelineSubject = {
    scope: row.subject_key === ENTITY_SUBJECT_KEY ? 'entity' : 'workload',
  };
  if (row.cluster) subject.cluster = row.cluster;
  if (row.kind) subject.kind = row.kind;
  if (row.namespace) subject.namespace = row.namespace;
  if (row.name) subject.name = row.name;
  const record: TimelineRecord = {
    id: row.id,
    entityRef: row.entity_ref,
    subjectKey: row.subject_key,
    at: row.at,
    healthSince: row.health_since,
    subject,
    to: {
      lifecycle: row.to_lifecycle as Lifecycle,
      health: row.to_health as Health,
    },
    reasonCodes: parseCodes(row.reason_codes),
  };
  if (row.from_lifecycle && row.from_health) {
    record.from = {
      lifecycle: row.from_lifecycle as Lifecycle,
      health: row.from_health as Health,
    };
  }
  if (row.message) record.message = row.message;
  return record;
}

function parseCodes(text: string): string[] {
  try {
    const codes = JSON.parse(text);
    return Array.isArray(codes)
      ? codes.filter((c): c is string => typeof c === 'string')
      : [];
  } catch {
    return [];
  }
}
