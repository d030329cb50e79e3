import { createHash } from 'node:crypto';
import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import {
  Attributes,
  ObservedEdge,
  OperationSummary,
  RedPoint,
  RedSeries,
  SPAN_KINDS,
  STATUS_CODES,
  Span,
  SpanKind,
  TraceSummary,
} from '@paved/plugin-traces-common';
import { Knex } from 'knex';
import { latencyBucket, quantileMs } from './histogram';
import {
  RetentionPolicy,
  ServiceSummary,
  TraceSearch,
  TraceStore,
} from './TraceStore';

const migrationsDir = resolvePackagePath(
  '@paved/plugin-traces-backend',
  'migrations',
);

const MINUTE = 60_000;
/** Rows per INSERT: well under SQLite's and PostgreSQL's bound-parameter limits. */
const INSERT_CHUNK = 400;
const DELETE_CHUNK = 20_000;
/** Longest service and operation names kept in the rollups (their primary key). */
const KEY_LENGTH = 255;
const STATUS_ERROR = STATUS_CODES.indexOf('ERROR');
const ENTRY_KINDS = new Set<SpanKind>(['SERVER', 'CONSUMER']);

type SpanRow = {
  trace_id: string;
  span_id: string;
  parent_span_id: string | null;
  service_name: string;
  name: string;
  kind: number;
  status_code: number;
  start_ms: number | string;
  start_ns: string;
  end_ns: string;
  duration_ns: number | string;
  resource_id: string;
  attributes: string;
  details: string;
};

type Details = Pick<
  Span,
  | 'traceState'
  | 'flags'
  | 'droppedAttributesCount'
  | 'events'
  | 'droppedEventsCount'
  | 'links'
  | 'droppedLinksCount'
  | 'scope'
> & { statusMessage: string };

const padNs = (ns: string) => ns.padStart(20, '0');
const unpadNs = (ns: string) => ns.replace(/^0+(?=\d)/, '');
const num = (v: unknown) => Number(v ?? 0);

/** Whether a span starts a unit of work in its service, which is what RED metrics count. */
export function isEntrySpan(span: Pick<Span, 'kind' | 'parentSpanId'>) {
  return ENTRY_KINDS.has(span.kind) || span.parentSpanId === null;
}

/** The knex implementation of {@link TraceStore}, on SQLite and PostgreSQL. */
export class DatabaseTraceStore implements TraceStore {
  private readonly postgres: boolean;
  /** Resource objects of one request are shared by its spans; hash each once. */
  private readonly resourceIds = new WeakMap<object, string>();

  private constructor(private readonly db: Knex) {
    this.postgres = /^(pg|postgres)/.test(String(db.client.config.client));
  }

  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseTraceStore> {
    const db = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await db.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseTraceStore(db);
  }

  private resourceId(resource: Span['resource']): string {
    let id = this.resourceIds.get(resource);
    if (!id) {
      id = createHash('sha256')
        .update(
          JSON.stringify([
            resource.attributes,
            resource.droppedAttributesCount,
          ]),
        )
        .digest('hex')
        .slice(0, 16);
      this.resourceIds.set(resource, id);
    }
    return id;
  }

  async write(spans: Span[]): Promise<{ inserted: number }> {
    if (spans.length === 0) return { inserted: 0 };
    const resources = new Map<string, Record<string, unknown>>();
    const rows = spans.map(s => {
      const resourceId = this.resourceId(s.resource);
      const known = resources.get(resourceId);
      if (!known) {
        resources.set(resourceId, {
          id: resourceId,
          service_name: s.service.slice(0, KEY_LENGTH),
          attributes: JSON.stringify(s.resource.attributes),
          dropped_attributes_count: s.resource.droppedAttributesCount,
          last_seen_ms: s.startMs,
        });
      } else if ((known.last_seen_ms as number) < s.startMs) {
        known.last_seen_ms = s.startMs;
      }
      const details: Details = {
        traceState: s.traceState,
        flags: s.flags,
        droppedAttributesCount: s.droppedAttributesCount,
        events: s.events,
        droppedEventsCount: s.droppedEventsCount,
        links: s.links,
        droppedLinksCount: s.droppedLinksCount,
        scope: s.scope,
        statusMessage: s.status.message,
      };
      return {
        trace_id: s.traceId,
        span_id: s.spanId,
        parent_span_id: s.parentSpanId,
        service_name: s.service.slice(0, KEY_LENGTH),
        name: s.name,
        kind: SPAN_KINDS.indexOf(s.kind),
        status_code: STATUS_CODES.indexOf(s.status.code),
        start_ms: s.startMs,
        start_ns: padNs(s.startTimeUnixNano),
        end_ns: padNs(s.endTimeUnixNano),
        // Exact, from the nanosecond strings: durationNs is a double.
        duration_ns: (
          BigInt(s.endTimeUnixNano) - BigInt(s.startTimeUnixNano)
        ).toString(),
        resource_id: resourceId,
        attributes: JSON.stringify(s.attributes),
        details: JSON.stringify(details),
      };
    });

    return this.db.transaction(async trx => {
      const resourceRows = [...resources.values()].sort((a, b) =>
        String(a.id).localeCompare(String(b.id)),
      );
      await trx('traces_resources')
        .insert(resourceRows)
        .onConflict('id')
        .merge({
          last_seen_ms: trx.raw('CASE WHEN ?? > ?? THEN ?? ELSE ?? END', [
            'excluded.last_seen_ms',
            'traces_resources.last_seen_ms',
            'excluded.last_seen_ms',
            'traces_resources.last_seen_ms',
          ]),
        });

      // A span already stored (an exporter retrying after a timeout) is neither stored nor
      // counted twice: only what this insert added goes into the rollups.
      const added: Span[] = [];
      for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
        const chunk = rows.slice(i, i + INSERT_CHUNK);
        const returned: Array<{ trace_id: string; span_id: string }> =
          await trx('traces_spans')
            .insert(chunk)
            .onConflict(['trace_id', 'span_id'])
            .ignore()
            .returning(['trace_id', 'span_id']);
        const slice = spans.slice(i, i + INSERT_CHUNK);
        if (returned.length === chunk.length) {
          added.push(...slice);
        } else {
          // A span sent twice in one batch is returned once; count it once.
          const keys = new Set(returned.map(r => `${r.trace_id}${r.span_id}`));
          added.push(
            ...slice.filter(s => keys.delete(`${s.traceId}${s.spanId}`)),
          );
        }
      }
      await this.addRollups(trx, added);
      return { inserted: added.length };
    });
  }

  private async addRollups(trx: Knex.Transaction, spans: Span[]) {
    const red = new Map<string, Record<string, unknown>>();
    const latency = new Map<string, Record<string, unknown>>();
    for (const s of spans) {
      if (!isEntrySpan(s)) continue;
      const service = s.service.slice(0, KEY_LENGTH);
      const operation = s.name.slice(0, KEY_LENGTH);
      const bucket = Math.floor(s.startMs / MINUTE) * MINUTE;
      const key = `${service}\u0000${operation}\u0000${bucket}`;
      const error = s.status.code === 'ERROR' ? 1 : 0;
      const row = red.get(key);
      if (row) {
        (row.spans as number) += 1;
        (row.errors as number) += error;
        (row.duration_sum_ns as number) += s.durationNs;
      } else {
        red.set(key, {
          service_name: service,
          operation,
          bucket_ms: bucket,
          spans: 1,
          errors: error,
          duration_sum_ns: s.durationNs,
        });
      }
      const le = latencyBucket(s.durationNs);
      const lkey = `${key}\u0000${le}`;
      const lrow = latency.get(lkey);
      if (lrow) (lrow.count as number) += 1;
      else
        latency.set(lkey, {
          service_name: service,
          operation,
          bucket_ms: bucket,
          le,
          count: 1,
        });
    }
    // Sorted by key, so concurrent writers lock rows in one order and never deadlock.
    const sorted = (m: Map<string, Record<string, unknown>>) =>
      [...m.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, v]) => v);
    const add = (table: string, column: string) =>
      trx.raw('?? + ??', [`${table}.${column}`, `excluded.${column}`]);
    const redRows = sorted(red);
    for (let i = 0; i < redRows.length; i += INSERT_CHUNK) {
      await trx('traces_red')
        .insert(redRows.slice(i, i + INSERT_CHUNK))
        .onConflict(['service_name', 'operation', 'bucket_ms'])
        .merge({
          spans: add('traces_red', 'spans'),
          errors: add('traces_red', 'errors'),
          duration_sum_ns: add('traces_red', 'duration_sum_ns'),
        });
    }
    const latencyRows = sorted(latency);
    for (let i = 0; i < latencyRows.length; i += INSERT_CHUNK) {
      await trx('traces_red_latency')
        .insert(latencyRows.slice(i, i + INSERT_CHUNK))
        .onConflict(['service_name', 'operation', 'bucket_ms', 'le'])
        .merge({ count: add('traces_red_latency', 'count') });
    }
  }

  private toSpan(row: SpanRow, resources: Map<string, Span['resource']>): Span {
    const details: Details = JSON.parse(row.details);
    const start = unpadNs(row.start_ns);
    return {
      traceId: row.trace_id,
      spanId: row.span_id,
      parentSpanId: row.parent_span_id,
      traceState: details.traceState,
      flags: details.flags,
      name: row.name,
      kind: SPAN_KINDS[row.kind] ?? 'UNSPECIFIED',
      startTimeUnixNano: start,
      endTimeUnixNano: unpadNs(row.end_ns),
      startMs: num(row.start_ms),
      durationNs: num(row.duration_ns),
      service: row.service_name,
      attributes: JSON.parse(row.attributes) as Attributes,
      droppedAttributesCount: details.droppedAttributesCount,
      events: details.events,
      droppedEventsCount: details.droppedEventsCount,
      links: details.links,
      droppedLinksCount: details.droppedLinksCount,
      status: {
        code: STATUS_CODES[row.status_code] ?? 'UNSET',
        message: details.statusMessage,
      },
      resource: resources.get(row.resource_id) ?? {
        attributes: { 'service.name': row.service_name },
        droppedAttributesCount: 0,
      },
      scope: details.scope,
    };
  }

  async getTrace(traceId: string): Promise<Span[]> {
    const rows: SpanRow[] = await this.db('traces_spans')
      .where('trace_id', traceId)
      .orderBy([
        { column: 'start_ns', order: 'asc' },
        { column: 'span_id', order: 'asc' },
      ]);
    if (!rows.length) return [];
    const ids = [...new Set(rows.map(r => r.resource_id))];
    const resources = new Map<string, Span['resource']>();
    for (const r of await this.db('traces_resources').whereIn('id', ids)) {
      resources.set(r.id, {
        attributes: JSON.parse(r.attributes),
        droppedAttributesCount: num(r.dropped_attributes_count),
      });
    }
    return rows.map(row => this.toSpan(row, resources));
  }

  /**
   * An attribute compared as text, the same way on both engines: strings as they are, numbers
   * and booleans as JSON writes them. SQLite goes through json_each rather than a JSON path,
   * which cannot address keys containing quotes or dots.
   */
  private whereAttribute(q: Knex.QueryBuilder, key: string, value: string) {
    if (this.postgres) {
      q.whereRaw('(??::jsonb ->> ?::text) = ?', [
        'traces_spans.attributes',
        key,
        value,
      ]);
    } else {
      q.whereRaw(
        `EXISTS (SELECT 1 FROM json_each(??) AS a WHERE a.key = ? AND
          (CASE a.type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false'
           ELSE CAST(a.value AS TEXT) END) = ?)`,
        ['traces_spans.attributes', key, value],
      );
    }
  }

  async searchTraces(search: TraceSearch): Promise<TraceSummary[]> {
    const matching = () => {
      const q = this.db('traces_spans')
        .where('service_name', search.service)
        .andWhere('start_ms', '>=', search.from)
        .andWhere('start_ms', '<=', search.to);
      if (search.operation) q.andWhere('name', search.operation);
      if (search.minDurationNs !== undefined)
        q.andWhere('duration_ns', '>=', search.minDurationNs);
      if (search.maxDurationNs !== undefined)
        q.andWhere('duration_ns', '<=', search.maxDurationNs);
      if (search.errorsOnly) q.andWhere('status_code', STATUS_ERROR);
      for (const [key, value] of Object.entries(search.attributes ?? {})) {
        this.whereAttribute(q, key, value);
      }
      return q;
    };
    // Newest traces first, a trace ranked by its newest matching span. Grouping every matching
    // span by trace would read all of a busy service's window (half a second at a million
    // spans); walking (service_name, start_ms) backwards reads only the newest spans, and a
    // bigger slice is read only when the first held too few distinct traces.
    const traceIds: string[] = [];
    for (let slice = search.limit * 8; ; slice *= 4) {
      const rows: Array<{ trace_id: string }> = await matching()
        .select('trace_id')
        .orderBy([
          { column: 'start_ms', order: 'desc' },
          { column: 'trace_id', order: 'desc' },
        ])
        .limit(slice);
      traceIds.length = 0;
      const seen = new Set<string>();
      for (const { trace_id } of rows) {
        if (seen.has(trace_id)) continue;
        seen.add(trace_id);
        traceIds.push(trace_id);
        if (traceIds.length === search.limit) break;
      }
      if (traceIds.length === search.limit || rows.length < slice) break;
    }
    return this.summaries(traceIds);
  }

  private async summaries(traceIds: string[]): Promise<TraceSummary[]> {
    if (!traceIds.length) return [];
    const [totals, roots, services] = await Promise.all([
      this.db('traces_spans')
        .whereIn('trace_id', traceIds)
        .groupBy('trace_id')
        .select('trace_id')
        .count({ spans: '*' })
        .sum({
          errors: this.db.raw('CASE WHEN status_code = ? THEN 1 ELSE 0 END', [
            STATUS_ERROR,
          ]),
        })
        .min({ first_ns: 'start_ns', start_ms: 'start_ms' })
        .max({ last_ns: 'end_ns' }),
      this.db('traces_spans')
        .whereIn('trace_id', traceIds)
        .whereNull('parent_span_id')
        .orderBy('start_ns', 'asc')
        .select('trace_id', 'service_name', 'name'),
      this.db('traces_spans')
        .whereIn('trace_id', traceIds)
        .distinct('trace_id', 'service_name'),
    ]);
    const rootOf = new Map<string, { service: string; name: string }>();
    for (const r of roots) {
      if (!rootOf.has(r.trace_id))
        rootOf.set(r.trace_id, { service: r.service_name, name: r.name });
    }
    const totalsOf = new Map<string, any>(
      totals.map((t: any) => [t.trace_id, t]),
    );
    // A trace whose root never arrived is named after its earliest span.
    const rootless = totals.filter((t: any) => !rootOf.has(t.trace_id));
    const earliestOf = new Map<string, { service: string; name: string }>();
    if (rootless.length) {
      const rows = await this.db('traces_spans')
        .where(b => {
          for (const t of rootless as any[])
            b.orWhere({ trace_id: t.trace_id, start_ns: t.first_ns });
        })
        .select('trace_id', 'service_name', 'name');
      for (const r of rows) {
        if (!earliestOf.has(r.trace_id))
          earliestOf.set(r.trace_id, { service: r.service_name, name: r.name });
      }
    }
    const servicesOf = new Map<string, string[]>();
    for (const s of services) {
      const list = servicesOf.get(s.trace_id) ?? [];
      list.push(s.service_name);
      servicesOf.set(s.trace_id, list);
    }
    return traceIds.flatMap(id => {
      const t = totalsOf.get(id);
      if (!t) return [];
      const root = rootOf.get(id) ?? earliestOf.get(id);
      return [
        {
          traceId: id,
          rootService: root?.service ?? '',
          rootName: root?.name ?? '',
          hasRoot: rootOf.has(id),
          startMs: num(t.start_ms),
          durationNs: Number(BigInt(t.last_ns) - BigInt(t.first_ns)),
          spanCount: num(t.spans),
          errorCount: num(t.errors),
          services: (servicesOf.get(id) ?? []).sort(),
        },
      ];
    });
  }

  async operations(
    service: string,
    from: number,
    to: number,
  ): Promise<OperationSummary[]> {
    const rows = await this.db('traces_spans')
      .where('service_name', service)
      .andWhere('start_ms', '>=', from)
      .andWhere('start_ms', '<=', to)
      .groupBy('name')
      .select('name')
      .count({ count: '*' })
      .sum({
        errors: this.db.raw('CASE WHEN status_code = ? THEN 1 ELSE 0 END', [
          STATUS_ERROR,
        ]),
      })
      .orderBy('count', 'desc')
      .limit(500);
    return rows.map((r: any) => ({
      name: r.name,
      count: num(r.count),
      errors: num(r.errors),
    }));
  }

  async services(from: number, to: number): Promise<ServiceSummary[]> {
    const rows = await this.db('traces_red')
      .where('bucket_ms', '>=', Math.floor(from / MINUTE) * MINUTE)
      .andWhere('bucket_ms', '<=', to)
      .groupBy('service_name')
      .select('service_name')
      .sum({ spans: 'spans', errors: 'errors' })
      .max({ last: 'bucket_ms' })
      .orderBy('service_name');
    return rows.map((r: any) => ({
      name: r.service_name,
      spans: num(r.spans),
      errors: num(r.errors),
      lastSeenMs: num(r.last),
    }));
  }

  async red(options: {
    service: string;
    operation: string | null;
    from: number;
    to: number;
    stepMs: number;
  }): Promise<RedSeries> {
    const stepMs = Math.max(
      MINUTE,
      Math.ceil(options.stepMs / MINUTE) * MINUTE,
    );
    const from = Math.floor(options.from / stepMs) * stepMs;
    const scope = (table: string) => {
      const q = this.db(table)
        .where('service_name', options.service)
        .andWhere('bucket_ms', '>=', from)
        .andWhere('bucket_ms', '<=', options.to);
      if (options.operation !== null)
        q.andWhere('operation', options.operation);
      return q;
    };
    const [counts, latency] = await Promise.all([
      scope('traces_red')
        .groupBy('bucket_ms')
        .select('bucket_ms')
        .sum({ spans: 'spans', errors: 'errors' }),
      scope('traces_red_latency')
        .groupBy('bucket_ms', 'le')
        .select('bucket_ms', 'le')
        .sum({ count: 'count' }),
    ]);
    const steps = Math.max(1, Math.ceil((options.to - from + 1) / stepMs));
    const spans = new Array<number>(steps).fill(0);
    const errors = new Array<number>(steps).fill(0);
    const histograms = Array.from(
      { length: steps },
      () => new Map<number, number>(),
    );
    const stepOf = (bucket: unknown) =>
      Math.min(steps - 1, Math.floor((num(bucket) - from) / stepMs));
    for (const r of counts as any[]) {
      const i = stepOf(r.bucket_ms);
      spans[i] += num(r.spans);
      errors[i] += num(r.errors);
    }
    for (const r of latency as any[]) {
      const h = histograms[stepOf(r.bucket_ms)];
      const le = num(r.le);
      h.set(le, (h.get(le) ?? 0) + num(r.count));
    }
    const points: RedPoint[] = spans.map((count, i) => ({
      t: from + i * stepMs,
      count,
      errors: errors[i],
      rate: count / (stepMs / 1000),
      errorRatio: count ? errors[i] / count : null,
      p50: quantileMs(histograms[i], 0.5),
      p95: quantileMs(histograms[i], 0.95),
      p99: quantileMs(histograms[i], 0.99),
    }));
    return {
      service: options.service,
      operation: options.operation,
      stepMs,
      points,
    };
  }

  async dependencies(from: number, to: number): Promise<ObservedEdge[]> {
    const rows = await this.db({ c: 'traces_spans' })
      .join({ p: 'traces_spans' }, function on() {
        this.on('p.trace_id', '=', 'c.trace_id').andOn(
          'p.span_id',
          '=',
          'c.parent_span_id',
        );
      })
      .where('c.start_ms', '>=', from)
      .andWhere('c.start_ms', '<=', to)
      .whereNotNull('c.parent_span_id')
      .andWhereRaw('?? <> ??', ['p.service_name', 'c.service_name'])
      .groupBy('p.service_name', 'c.service_name')
      .select({ from: 'p.service_name', to: 'c.service_name' })
      .count({ calls: '*' })
      .sum({
        errors: this.db.raw('CASE WHEN ?? = ? THEN 1 ELSE 0 END', [
          'c.status_code',
          STATUS_ERROR,
        ]),
      });
    return rows
      .map((r: any) => ({
        from: r.from,
        to: r.to,
        calls: num(r.calls),
        errors: num(r.errors),
      }))
      .sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
  }

  /** Deletes the spans that started before `before`, a chunk at a time. */
  private async deleteSpansBefore(before: number): Promise<number> {
    let deleted = 0;
    for (;;) {
      const boundary = await this.db('traces_spans')
        .where('start_ms', '<', before)
        .orderBy('start_ms', 'asc')
        .offset(DELETE_CHUNK)
        .first('start_ms');
      const n = boundary
        ? await this.db('traces_spans')
            .where('start_ms', '<=', num(boundary.start_ms))
            .del()
        : await this.db('traces_spans').where('start_ms', '<', before).del();
      deleted += n;
      if (!boundary) return deleted;
    }
  }

  async prune(
    policy: RetentionPolicy,
  ): Promise<{ spans: number; metricRows: number; resources: number }> {
    let spans = await this.deleteSpansBefore(policy.spansBefore);
    const [{ n }] = await this.db('traces_spans').count({ n: '*' });
    const excess = num(n) - policy.maxSpans;
    if (excess > 0) {
      const boundary = await this.db('traces_spans')
        .orderBy('start_ms', 'asc')
        .offset(excess - 1)
        .first('start_ms');
      if (boundary)
        spans += await this.deleteSpansBefore(num(boundary.start_ms) + 1);
    }
    const metricRows =
      (await this.db('traces_red')
        .where('bucket_ms', '<', policy.metricsBefore)
        .del()) +
      (await this.db('traces_red_latency')
        .where('bucket_ms', '<', policy.metricsBefore)
        .del());
    // A resource last seen before the oldest span left has no spans any more.
    const oldest = await this.db('traces_spans').min({ t: 'start_ms' }).first();
    const resources =
      oldest?.t === null || oldest?.t === undefined
        ? await this.db('traces_resources').del()
        : await this.db('traces_resources')
            .where('last_seen_ms', '<', num(oldest.t))
            .del();
    return { spans, metricRows, resources };
  }
}
