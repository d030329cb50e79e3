// @ts-check

/**
 * One row per scaffolder task that ran a template, copied from the scaffolder's API.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('golden_path_runs', table => {
    table.comment('Scaffolder tasks per template, read through the scaffolder API');
    table.string('task_id', 64).primary().notNullable();
    table.string('template_ref', 255).notNullable();
    table.string('status', 32).notNullable();
    table.string('created_by', 255).nullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('finished_at', { useTz: true }).nullable();
    table.bigInteger('duration_ms').nullable();
    table.index(['template_ref', 'created_at'], 'golden_path_runs_template_created_idx');
    table.index(['status'], 'golden_path_runs_status_idx');
  });
  await knex.schema.createTable('golden_path_sync_state', table => {
    table.comment('Outcome of the last read of the scaffolder task list, shared by replicas');
    table.string('id', 32).primary().notNullable();
    table.timestamp('synced_at', { useTz: true }).nullable();
    table.text('error').nullable();
    table.timestamp('attempted_at', { useTz: true }).notNullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('golden_path_sync_state');
  await knex.schema.dropTable('golden_path_runs');
};
