/*
 * One row per Job run (a Job object, by cluster and uid), kept after the
 * cluster deletes the Job: CronJob history limits delete finished Jobs
 * within minutes. Times are RFC 3339 UTC strings of one format
 * (toISOString), which order as the times they name on every database.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('job_runs', table => {
    table.comment('Runs of CronJobs and standalone Jobs, kept past their Job');
    table.string('cluster', 255).notNullable();
    table.string('uid', 64).notNullable();
    table.string('namespace', 63).notNullable();
    table.string('name', 253).notNullable().comment('the Job');
    table
      .string('owner', 270)
      .notNullable()
      .comment('CronJob/<name>, or Job/<name> for a standalone Job');
    table.string('cron_job', 253).nullable();
    table.string('trigger', 16).notNullable();
    table.string('started_at', 32).nullable();
    table.string('completed_at', 32).nullable();
    table.string('lifecycle', 32).notNullable();
    table.string('health', 32).notNullable();
    table.text('reasons').notNullable().comment('JSON array of Reason');
    table.string('first_seen', 32).notNullable();
    table.string('last_seen', 32).notNullable();
    table
      .string('sort_time', 32)
      .notNullable()
      .comment('started_at, else when the run was first seen: age and order');
    table.boolean('deleted').notNullable().defaultTo(false);
    table
      .text('labels')
      .nullable()
      .comment(
        'labels of a standalone Job (JSON): its entity, once the Job has left the tree',
      );
    table.primary(['cluster', 'uid']);
    table.index(
      ['cluster', 'namespace', 'owner', 'sort_time'],
      'job_runs_owner_idx',
    );
    table.index(['sort_time'], 'job_runs_sort_time_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('job_runs');
};
