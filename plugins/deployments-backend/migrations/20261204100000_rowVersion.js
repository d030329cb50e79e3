// @ts-check

/**
 * A counter every update of a deployment row raises, so that readers that get the same row
 * by several paths (a poll, a signal, a history re-read) can tell which reading is newer.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('deployments', table => {
    table
      .integer('version')
      .notNullable()
      .defaultTo(0)
      .comment('Raised by one on every update of the row');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('deployments', table => {
    table.dropColumn('version');
  });
};
