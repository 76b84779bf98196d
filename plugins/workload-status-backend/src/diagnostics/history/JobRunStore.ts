import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import type {
  Health,
  Lifecycle,
  Reason,
} from '@workload-status/backstage-plugin-workload-status-common';
import type { Knex } from 'knex';
import { redactReasons } from '../../redaction/redactReasons';
import { pruneRows } from '../../retention/pruneRows';

const TABLE = 'job_runs';
/** rows per INSERT: 17 columns x 50 stays under every driver's parameter limit */
const CHUNK = 50;

/** One persisted run of a CronJob or standalone Job. Times are RFC 3339 UTC. */
export interface JobRunRecord {
  cluster: string;
  uid: string;
  namespace: string;
  name: string;
  /** `CronJob/<name>`, or `Job/<name>` for a standalone Job */
  owner: string;
  cronJob?: string;
  trigger: 'scheduled' | 'manual';
  startedAt?: string;
  completedAt?: string;
  lifecycle: Lifecycle;
  health: Health;
  reasons: Reason[];
  firstSeen: string;
  lastSeen: string;
  /** `startedAt`, else `firstSeen`: what orders and ages runs */
  sortTime: string;
  deleted: boolean;
  /** a standalone Job's labels: how its entity finds it once it is deleted */
  labels?: Record<string, string>;
}

interface Row {
  cluster: string;
  uid: string;
  namespace: string;
  name: string;
  owner: string;
  cron_job: string | null;
  trigger: string;
  started_at: string | null;
  completed_at: string | null;
  lifecycle: string;
  health: string;
  reasons: string;
  first_seen: string;
  last_seen: string;
  sort_time: string;
  deleted: boolean | number;
  labels: string | null;
}

/** The owner key of a run: its CronJob, or the standalone Job's own name. */
export function ownerKey(run: { cronJob?: string; name: string }): string {
  return run.cronJob ? `CronJob/${run.cronJob}` : `Job/${run.name}`;
}

/**
 * The job_runs table of the plugin's database (SQLite or PostgreSQL).
 * Writes are batched upserts keyed by (cluster, uid); `first_seen` is kept
 * from the first write. The connection and the migrations are made on
 * first use and retried on the next after a failure: a database that is
 * down at startup delays the history, it does not stop the backend.
 */
export class JobRunStore {
  static create(database: DatabaseService): JobRunStore {
    return new JobRunStore(async () => {
      const knex = await database.getClient();
      if (!database.migrations?.skip) {
        await knex.migrate.latest({
          directory: resolvePackagePath(
            '@workload-status/backstage-plugin-workload-status-backend',
            'migrations',
          ),
        });
      }
      return knex;
    });
  }

  private ready?: Promise<Knex>;

  constructor(private readonly connect: () => Promise<Knex>) {}

  private db(): Promise<Knex> {
    this.ready ??= this.connect().catch(e => {
      this.ready = undefined;
      throw e;
    });
    return this.ready;
  }

  async upsert(records: readonly JobRunRecord[]): Promise<void> {
    if (records.length === 0) return;
    const knex = await this.db();
    const rows = records.map(toRow);
    const update = Object.keys(rows[0]).filter(
      c => c !== 'cluster' && c !== 'uid' && c !== 'first_seen',
    );
    await knex.transaction(async tx => {
      for (let i = 0; i < rows.length; i += CHUNK) {
        await tx(TABLE)
          .insert(rows.slice(i, i + CHUNK))
          .onConflict(['cluster', 'uid'])
          .merge(update);
      }
    });
  }

  /** The newest runs of some owners of one namespace of one cluster. */
  async list(query: {
    cluster: string;
    namespace: string;
    owners: readonly string[];
    limit: number;
  }): Promise<JobRunRecord[]> {
    if (query.owners.length === 0) return [];
    const knex = await this.db();
    const rows: Row[] = await knex(TABLE)
      .where({ cluster: query.cluster, namespace: query.namespace })
      .whereIn('owner', [...query.owners])
      .orderBy([
        { column: 'sort_time', order: 'desc' },
        { column: 'uid', order: 'asc' },
      ])
      .limit(query.limit);
    return rows.map(fromRow);
  }

  /**
   * The newest runs of standalone Jobs in a cluster (optionally one
   * namespace) whose labels carry one of `labels` (`key=value`): the
   * candidates of an entity's selector, which the caller tests. Matching
   * is on the stored JSON text, so it may over-select, never miss.
   */
  async listStandalone(query: {
    cluster: string;
    namespace?: string;
    labels: ReadonlyArray<{ key: string; value: string }>;
    limit: number;
  }): Promise<JobRunRecord[]> {
    const knex = await this.db();
    const q = knex(TABLE)
      .where({ cluster: query.cluster })
      .whereNull('cron_job')
      .whereNotNull('labels');
    if (query.namespace) q.andWhere({ namespace: query.namespace });
    if (query.labels.length) {
      q.andWhere(w => {
        for (const { key, value } of query.labels) {
          w.orWhere(
            'labels',
            'like',
            `%${JSON.stringify(key)}:${JSON.stringify(value)}%`,
          );
        }
      });
    }
    const rows: Row[] = await q
      .orderBy([
        { column: 'sort_time', order: 'desc' },
        { column: 'uid', order: 'asc' },
      ])
      .limit(query.limit);
    return rows.map(fromRow);
  }

  /**
   * Applies the bounds: drops runs older than `before`, then all but the
   * newest `maxRunsPerOwner` of each owner. Returns the rows deleted.
   */
  async prune(options: {
    before: string;
    maxRunsPerOwner: number;
  }): Promise<number> {
    return pruneRows(await this.db(), {
      table: TABLE,
      timeColumn: 'sort_time',
      before: options.before,
      perGroup: {
        columns: ['cluster', 'namespace', 'owner'],
        max: options.maxRunsPerOwner,
        // a run's key is its cluster and uid: the group names the cluster
        idColumn: 'uid',
        idOrder: 'asc',
        scanLimit: 100_000,
      },
    });
  }
}

function toRow(r: JobRunRecord): Row {
  return {
    cluster: r.cluster,
    uid: r.uid,
    namespace: r.namespace,
    name: r.name,
    owner: r.owner,
    cron_job: r.cronJob ?? null,
    trigger: r.trigger,
    started_at: r.startedAt ?? null,
    completed_at: r.completedAt ?? null,
    lifecycle: r.lifecycle,
    health: r.health,
    reasons: JSON.stringify(r.reasons),
    first_seen: r.firstSeen,
    last_seen: r.lastSeen,
    sort_time: r.sortTime,
    deleted: r.deleted,
    labels: r.labels ? JSON.stringify(r.labels) : null,
  };
}

function fromRow(row: Row): JobRunRecord {
  const record: JobRunRecord = {
    cluster: row.cluster,
    uid: row.uid,
    namespace: row.namespace,
    name: row.name,
    owner: row.owner,
    trigger: row.trigger === 'scheduled' ? 'scheduled' : 'manual',
    lifecycle: row.lifecycle as Lifecycle,
    health: row.health as Health,
    reasons: parseReasons(row.reasons),
    firstSeen: row.first_seen,
    lastSeen: row.last_seen,
    sortTime: row.sort_time,
    deleted: Boolean(row.deleted),
  };
  if (row.cron_job) record.cronJob = row.cron_job;
  if (row.started_at) record.startedAt = row.started_at;
  if (row.completed_at) record.completedAt = row.completed_at;
  const labels = parseJson(row.labels);
  if (labels && typeof labels === 'object' && !Array.isArray(labels)) {
    record.labels = labels;
  }
  return record;
}

/**
 * The stored reasons, redacted on the way out too: rows written before
 * redaction covered stored runs (or under older rules) may hold secrets.
 */
function parseReasons(text: string): Reason[] {
  const parsed = parseJson(text);
  return Array.isArray(parsed) ? redactReasons(parsed) : [];
}

function parseJson(text: string | null): any {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
