import type { Knex } from 'knex';
import { pruneRows } from '../../retention/pruneRows';

const TABLE = 'workload_status_action_records';

/** One action taken through the plugin. Times are RFC 3339 UTC. */
export interface ActionRecord {
  entityRef: string;
  actor: string;
  at: string;
  cluster: string;
  namespace: string;
  kind: string;
  name: string;
  action: string;
  outcome: 'succeeded' | 'failed';
  /** why it failed, already redacted and cut */
  error?: string;
}

interface Row {
  entity_ref: string;
  actor: string;
  at: string;
  cluster: string;
  namespace: string;
  kind: string;
  name: string;
  action: string;
  outcome: string;
  error: string | null;
}

/** The workload_status_action_records table (SQLite or PostgreSQL). */
export class ActionRecordStore {
  constructor(private readonly db: () => Promise<Knex>) {}

  async insert(record: ActionRecord): Promise<void> {
    const knex = await this.db();
    await knex(TABLE).insert(toRow(record));
  }

  /**
   * The newest records of an entity: up to `limit` failures and up to
   * `limit` successes, so that a run of successes never hides a failure.
   */
  async listForEntity(
    entityRef: string,
    limit: number,
  ): Promise<ActionRecord[]> {
    const knex = await this.db();
    const newest = (outcome: string): Promise<Row[]> =>
      knex(TABLE)
        .where({ entity_ref: entityRef, outcome })
        .orderBy([
          { column: 'at', order: 'desc' },
          { column: 'id', order: 'desc' },
        ])
        .limit(limit);
    const [failed, succeeded] = await Promise.all([
      newest('failed'),
      newest('succeeded'),
    ]);
    return [...failed, ...succeeded].map(fromRow);
  }

  /**
   * Applies the bounds: drops records older than `before`, then all but
   * the newest `maxPerEntity` of each entity. Returns the rows deleted.
   */
  async prune(options: {
    before: string;
    maxPerEntity: number;
  }): Promise<number> {
    return pruneRows(await this.db(), {
      table: TABLE,
      timeColumn: 'at',
      before: options.before,
      perGroup: {
        columns: ['entity_ref'],
        max: options.maxPerEntity,
        idColumn: 'id',
        idOrder: 'desc',
        scanLimit: 100_000,
      },
    });
  }
}

function toRow(r: ActionRecord): Row {
  return {
    entity_ref: r.entityRef,
    actor: r.actor,
    at: r.at,
    cluster: r.cluster,
    namespace: r.namespace,
    kind: r.kind,
    name: r.name,
    action: r.action,
    outcome: r.outcome,
    error: r.error ?? null,
  };
}

function fromRow(row: Row): ActionRecord {
  return {
    entityRef: row.entity_ref,
    actor: row.actor,
    at: row.at,
    cluster: row.cluster,
    namespace: row.namespace,
    kind: row.kind,
    name: row.name,
    action: row.action,
    outcome: row.outcome === 'failed' ? 'failed' : 'succeeded',
    ...(row.error ? { error: row.error } : {}),
  };
}
