/*
 * The status timeline (one row per change of an entity's or a workload's
 * lifecycle or health) and the events kept past their life in the cluster.
 * Times are RFC 3339 UTC strings of one format (toISOString), which order
 * as the times they name on every database.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('workload_status_timeline', table => {
    table.comment('Changes of lifecycle or health of entities and workloads');
    table
      .string('id', 64)
      .primary()
      .comment(
        'digest of the entity, the subject, the previous row and the new state: every replica writes the same change under the same id',
      );
    table.string('entity_ref', 400).notNullable();
    table
      .string('subject_key', 700)
      .notNullable()
      .comment('entity, or cluster/kind/namespace/name of a workload');
    table.string('cluster', 255).nullable();
    table.string('kind', 63).nullable();
    table.string('namespace', 63).nullable();
    table.string('name', 253).nullable();
    table.string('at', 32).notNullable();
    table.string('health_since', 32).notNullable();
    table.string('from_lifecycle', 64).nullable();
    table.string('from_health', 16).nullable();
    table.string('to_lifecycle', 64).notNullable();
    table.string('to_health', 16).notNullable();
    table.text('reason_codes').notNullable().comment('JSON array of codes');
    table.text('message').nullable().comment('redacted and cut short');
    table.index(['entity_ref', 'at'], 'workload_status_timeline_entity_idx');
    table.index(['at'], 'workload_status_timeline_at_idx');
  });
  await knex.schema.createTable('workload_status_events', table => {
    table.comment(
      'Events of the objects of entities, kept after the cluster deletes them',
    );
    table.string('entity_ref', 400).notNullable();
    table.string('cluster', 255).notNullable();
    table.string('uid', 256).notNullable().comment('the Event');
    table.string('type', 16).notNullable();
    table.string('reason', 256).notNullable();
    table.text('message').notNullable().comment('redacted and cut short');
    table.boolean('message_truncated').notNullable().defaultTo(false);
    table.string('object_kind', 256).notNullable();
    table.string('object_namespace', 256).nullable();
    table.string('object_name', 256).notNullable();
    table.string('object_container', 256).nullable();
    table.string('source', 256).nullable();
    table.integer('count').notNullable();
    table.string('first_seen', 32).nullable();
    table.string('last_seen', 32).notNullable();
    table
      .integer('bytes')
      .notNullable()
      .comment('what the row holds: for the byte bound');
    table.primary(['entity_ref', 'cluster', 'uid']);
    table.index(
      ['entity_ref', 'last_seen'],
      'workload_status_events_entity_idx',
    );
    table.index(['last_seen'], 'workload_status_events_last_seen_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('workload_status_events');
  await knex.schema.dropTable('workload_status_timeline');
};
