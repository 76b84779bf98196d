import type { Knex } from 'knex';

/** rows deleted per statement (below every database's parameter limit) */
const DELETE_BATCH = 500;

/** How a table of timestamped rows is bounded. */
export interface RowBounds {
  table: string;
  /** the RFC 3339 UTC column a row's age is read from */
  timeColumn: string;
  /** rows older than this (RFC 3339 UTC) are deleted */
  before: string;
  /** absent: only the age bound */
  perGroup?: {
    /** the columns a group of rows shares (an entity, a subject) */
    columns: string[];
    /** rows kept per group, newest first */
    max: number;
    /** the row's key within its group, also the tie-break between equal times */
    idColumn: string;
    idOrder: 'asc' | 'desc';
    /** excess rows of one group deleted per run at the most */
    scanLimit: number;
  };
}

/**
 * Applies the bounds of a table: deletes the rows older than `before`,
 * then all but the newest `perGroup.max` of each group. Returns the rows
 * deleted. Works alike on SQLite and PostgreSQL.
 */
export async function pruneRows(
  knex: Knex,
  bounds: RowBounds,
): Promise<number> {
  const { table, timeColumn, perGroup } = bounds;
  let deleted = await knex(table)
    .where(timeColumn, '<', bounds.before)
    .delete();
  if (!perGroup) return deleted;
  const crowded: Array<Record<string, string>> = await knex(table)
    .select(...perGroup.columns)
    .groupBy(...perGroup.columns)
    .havingRaw('count(*) > ?', [perGroup.max]);
  for (const group of crowded) {
    const excess: Array<Record<string, number | string>> = await knex(table)
      .select(perGroup.idColumn)
      .where(group)
      .orderBy([
        { column: timeColumn, order: 'desc' },
        { column: perGroup.idColumn, order: perGroup.idOrder },
      ])
      .offset(perGroup.max)
      .limit(perGroup.scanLimit);
    const ids = excess.map(r => r[perGroup.idColumn]);
    for (let i = 0; i < ids.length; i += DELETE_BATCH) {
      // within the group: an id need only be unique in it (a job run's
      // uid is unique per cluster, a column of its group)
      deleted += await knex(table)
        .where(group)
        .whereIn(perGroup.idColumn, ids.slice(i, i + DELETE_BATCH))
        .delete();
    }
  }
  return deleted;
}
