import type { Knex } from 'knex';
import { pruneRows } from '../retention/pruneRows';

const TABLE = 'workload_status_notification_claims';

/** What owners are told: a problem, or that the problem is over. */
export type NotificationTopic = 'problem' | 'recovery';

/** Why a notification is sent (stored with its claim, shown in its text). */
export type NotificationEvent =
  | 'turned-error'
  | 'run-failed'
  | 'schedule-missed'
  | 'recovered';

export interface NotificationClaim {
  entityRef: string;
  topic: NotificationTopic;
  /** start of the debounce window, RFC 3339 UTC */
  windowStart: string;
  /** RFC 3339 UTC */
  claimedAt: string;
  event: NotificationEvent;
}

/**
 * The notification claims table. Every replica that sees a status change
 * inserts the same (entity, topic, window) row; the primary key lets one
 * insert land and turns the others into no-ops, so the replica whose row
 * landed is the one that sends. A claim is never released: a send that
 * fails after its claim is lost rather than sent twice.
 */
export class NotificationClaimStore {
  constructor(private readonly db: () => Promise<Knex>) {}

  /** True when this call inserted the claim (and so must send). */
  async claim(claim: NotificationClaim): Promise<boolean> {
    const knex = await this.db();
    const inserted = await knex(TABLE)
      .insert({
        entity_ref: claim.entityRef,
        topic: claim.topic,
        window_start: claim.windowStart,
        claimed_at: claim.claimedAt,
        event: claim.event,
      })
      .onConflict(['entity_ref', 'topic', 'window_start'])
      .ignore()
      .returning('entity_ref');
    // PostgreSQL and SQLite return the inserted rows: none on a conflict
    return Array.isArray(inserted) && inserted.length > 0;
  }

  /**
   * The newest claim of an entity (what its owners were told last), or of
   * one of its topics.
   */
  async latest(
    entityRef: string,
    topic?: NotificationTopic,
  ): Promise<NotificationClaim | undefined> {
    const knex = await this.db();
    const row = await knex(TABLE)
      .where({ entity_ref: entityRef, ...(topic ? { topic } : {}) })
      .orderBy([
        { column: 'claimed_at', order: 'desc' },
        { column: 'topic', order: 'asc' },
      ])
      .first();
    if (!row) return undefined;
    return {
      entityRef: row.entity_ref,
      topic: row.topic,
      windowStart: row.window_start,
      claimedAt: row.claimed_at,
      event: row.event,
    };
  }

  /** Deletes claims older than `before` (RFC 3339 UTC); returns how many. */
  async prune(before: string): Promise<number> {
    return pruneRows(await this.db(), {
      table: TABLE,
      timeColumn: 'claimed_at',
      before,
    });
  }
}
