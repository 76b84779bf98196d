/*
 * Claims of owner notifications: one row per entity, topic and debounce
 * window. Every backend replica sees the same status change and tries to
 * insert the same row; only the one whose insert lands sends the
 * notification. Times are RFC 3339 UTC strings of one format (toISOString),
 * which order as the times they name on every database.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable(
    'workload_status_notification_claims',
    table => {
      table.comment(
        'Owner notifications sent, one per entity, topic and window',
      );
      table.string('entity_ref', 400).notNullable();
      table
        .string('topic', 32)
        .notNullable()
        .comment(
          'problem (turned error, run failed, schedule missed) or recovery',
        );
      table
        .string('window_start', 32)
        .notNullable()
        .comment('start of the debounce window the notification belongs to');
      table.string('claimed_at', 32).notNullable();
      table.string('event', 32).notNullable().comment('what was notified');
      table.primary(['entity_ref', 'topic', 'window_start']);
      table.index(
        ['entity_ref', 'claimed_at'],
        'workload_status_notification_claims_entity_idx',
      );
      table.index(['claimed_at'], 'workload_status_notification_claims_at_idx');
    },
  );
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('workload_status_notification_claims');
};
