// @ts-check

/**
 * The deployment history: one row per change Paved made to a workload, with what it applied.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('deployments', table => {
    table.comment(
      'Every deploy, rollback, redeploy, scale and restart, with the manifests applied',
    );
    // Insertion order: timestamps can tie, and "the deployment before this one" must not.
    table.bigIncrements('seq').primary();
    table.string('id', 36).notNullable().unique();
    table.string('entity_ref', 255).notNullable();
    table.string('cluster', 63).notNullable();
    table.string('namespace', 63).notNullable();
    table.string('name', 253).notNullable();
    table.string('action', 16).notNullable();
    table.text('image').notNullable();
    table
      .integer('replicas')
      .nullable()
      .comment('null when an autoscaler owns the count');
    table
      .integer('revision')
      .nullable()
      .comment("The Deployment's revision annotation");
    table
      .bigInteger('generation')
      .nullable()
      .comment(
        'metadata.generation the apply produced; the rollout followed is that one',
      );
    table.string('status', 16).notNullable();
    table.text('progress').nullable().comment('DeploymentProgress as JSON');
    table.text('error').nullable().comment('DeploymentError as JSON');
    table.string('source_deployment_id', 36).nullable();
    table.string('rollback_of', 36).nullable();
    table.text('manifest_source').notNullable();
    table
      .text('manifests')
      .notNullable()
      .comment('The objects applied, as JSON');
    table.string('created_by', 255).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('finished_at', { useTz: true }).nullable();
    table.bigInteger('duration_ms').nullable();
    table.index(
      ['entity_ref', 'cluster', 'seq'],
      'deployments_entity_cluster_idx',
    );
    table.index(['status'], 'deployments_status_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('deployments');
};
