// @ts-check

/**
 * Registered pipelines, the latest health of every pipeline, and lag history.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('pipelines_registered', table => {
    table.comment('Pipelines registered through the portal; the catalog reads them from here');
    table.string('entity_ref', 255).primary().notNullable();
    table.text('entity').notNullable().comment('The Pipeline entity as JSON');
    table.string('owner', 255).notNullable();
    table.string('created_by', 255).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
  });
  await knex.schema.createTable('pipelines_health', table => {
    table.comment('The latest health of each pipeline, from the last poll that read it');
    table.string('entity_ref', 255).primary().notNullable();
    table.string('status', 16).notNullable();
    table.text('health').notNullable().comment('PipelineHealth as JSON, per partition');
    table.timestamp('sampled_at', { useTz: true }).notNullable();
  });
  await knex.schema.createTable('pipelines_samples', table => {
    table.comment('One row per pipeline per poll: summed lag, rates and the worst partitions');
    table.bigIncrements('id').primary();
    table.string('entity_ref', 255).notNullable();
    table.timestamp('sampled_at', { useTz: true }).notNullable();
    table.string('status', 16).notNullable();
    table.bigInteger('lag_messages').nullable();
    table.double('lag_seconds').nullable();
    table.bigInteger('input_end_sum').nullable();
    table.bigInteger('position_sum').nullable();
    table.bigInteger('output_end_sum').nullable();
    table.double('input_per_second').nullable();
    table.double('consumed_per_second').nullable();
    table.double('output_per_second').nullable();
    table.text('worst_partitions').nullable();
    table.index(['entity_ref', 'sampled_at'], 'pipelines_samples_ref_time_idx');
    table.index(['sampled_at'], 'pipelines_samples_time_idx');
  });
  await knex.schema.createTable('pipelines_input_samples', table => {
    table.comment('Per input topic and group: log end and group position, for lag in time');
    table.bigIncrements('id').primary();
    table.string('entity_ref', 255).notNullable();
    table.string('topic', 255).notNullable();
    table.string('consumer_group', 255).notNullable();
    table.timestamp('sampled_at', { useTz: true }).notNullable();
    table.bigInteger('end_sum').notNullable();
    table.bigInteger('position_sum').notNullable();
    table.index(['entity_ref', 'topic', 'consumer_group', 'sampled_at'], 'pipelines_input_samples_key_idx');
    table.index(['sampled_at'], 'pipelines_input_samples_time_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('pipelines_input_samples');
  await knex.schema.dropTable('pipelines_samples');
  await knex.schema.dropTable('pipelines_health');
  await knex.schema.dropTable('pipelines_registered');
};
