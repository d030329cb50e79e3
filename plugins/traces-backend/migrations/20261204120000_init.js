// @ts-check

/**
 * Spans as received over OTLP, the resources they came from, and per-minute RED rollups of the
 * entry spans (count, errors, a latency histogram) that outlive the spans themselves.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('traces_resources', table => {
    table.comment(
      'OTLP resources, stored once: many spans share one (service.name, host, SDK ...)',
    );
    table.string('id', 16).primary().comment('Hash of the resource attributes');
    table.string('service_name', 255).notNullable();
    table.text('attributes').notNullable().comment('Attributes as JSON');
    table.integer('dropped_attributes_count').notNullable().defaultTo(0);
    table
      .bigInteger('last_seen_ms')
      .notNullable()
      .comment('Newest span start seen with it, for retention');
  });

  await knex.schema.createTable('traces_spans', table => {
    table.comment('One row per span received, kept traces.retention.* long');
    table.string('trace_id', 32).notNullable();
    table.string('span_id', 16).notNullable();
    table.primary(['trace_id', 'span_id']);
    table.string('parent_span_id', 16).nullable();
    table.string('service_name', 255).notNullable();
    table.text('name').notNullable();
    table.smallint('kind').notNullable();
    table.smallint('status_code').notNullable();
    table
      .bigInteger('start_ms')
      .notNullable()
      .comment('Start in epoch milliseconds, for ranges and ordering');
    table
      .string('start_ns', 20)
      .notNullable()
      .comment(
        'Exact start, nanoseconds, zero-padded to 20 digits so text order is time order',
      );
    table.string('end_ns', 20).notNullable();
    table.bigInteger('duration_ns').notNullable();
    table.string('resource_id', 16).notNullable();
    table.text('attributes').notNullable().comment('Span attributes as JSON');
    table
      .text('details')
      .notNullable()
      .comment(
        'Events, links, status message, scope, trace state, flags and dropped counts as JSON',
      );
    table.index(['service_name', 'start_ms'], 'traces_spans_service_start_idx');
    table.index(['start_ms'], 'traces_spans_start_idx');
  });

  await knex.schema.createTable('traces_red', table => {
    table.comment(
      'Per service, entry operation and minute: spans, errors and total duration',
    );
    table.string('service_name', 255).notNullable();
    table.string('operation', 255).notNullable();
    table.bigInteger('bucket_ms').notNullable().comment('Start of the minute');
    table.integer('spans').notNullable();
    table.integer('errors').notNullable();
    table
      .double('duration_sum_ns')
      .notNullable()
      .comment(
        'A double: a sum of int64 durations can overflow int64, and means need no more',
      );
    table.primary(['service_name', 'operation', 'bucket_ms']);
    table.index(['bucket_ms'], 'traces_red_bucket_idx');
  });

  await knex.schema.createTable('traces_red_latency', table => {
    table.comment(
      'Latency histogram of the same spans: counts per log-scale bucket (8 per doubling)',
    );
    table.string('service_name', 255).notNullable();
    table.string('operation', 255).notNullable();
    table.bigInteger('bucket_ms').notNullable();
    table
      .smallint('le')
      .notNullable()
      .comment('Histogram bucket: 0 below 1 us, else floor(8 log2(us)) + 1');
    table.integer('count').notNullable();
    table.primary(['service_name', 'operation', 'bucket_ms', 'le']);
    table.index(['bucket_ms'], 'traces_red_latency_bucket_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('traces_red_latency');
  await knex.schema.dropTable('traces_red');
  await knex.schema.dropTable('traces_spans');
  await knex.schema.dropTable('traces_resources');
};
