/*
 * One row per action taken through the plugin (CronJob and workload
 * actions): who asked, when, on what, and how it ended, with the error the
 * cluster gave (redacted and cut). The entity's operator log shows them.
 * Times are RFC 3339 UTC strings of one format (toISOString), which order
 * as the times they name on every database.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('workload_status_action_records', table => {
    table.comment('Actions taken through the Workload Status plugin');
    table.bigIncrements('id').primary();
    table
      .string('entity_ref', 400)
      .notNullable()
      .comment('the entity through which the action was asked');
    table.string('actor', 400).notNullable().comment('user or service ref');
    table.string('at', 32).notNullable().comment('when the action ended');
    table.string('cluster', 255).notNullable();
    table.string('namespace', 63).notNullable();
    table.string('kind', 32).notNullable();
    table.string('name', 253).notNullable();
    table.string('action', 32).notNullable();
    table.string('outcome', 16).notNullable().comment('succeeded or failed');
    table
      .text('error')
      .nullable()
      .comment('why it failed, redacted and cut to 1000 characters');
    table.index(
      ['entity_ref', 'outcome', 'at'],
      'ws_action_records_entity_idx',
    );
    table.index(['at'], 'ws_action_records_at_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('workload_status_action_records');
};
