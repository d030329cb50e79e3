import {
  TestDatabaseId,
  TestDatabases,
  mockServices,
} from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { makeSpan, spanId, traceId } from '../__testUtils__/spans';
import { DatabaseTraceStore } from './DatabaseTraceStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

it('runs on every database engine the suite requires', () => {
  const engines = databases.eachSupportedId().map(([id]) => id);
  const required = process.env.PAVED_TEST_REQUIRE_POSTGRES
    ? ['SQLITE_3', 'POSTGRES_15']
    : ['SQLITE_3'];
  expect(engines).toEqual(expect.arrayContaining(required));
});

const T0 = Date.UTC(2026, 0, 5, 12, 0, 0);
const MINUTE = 60_000;

describe.each(databases.eachSupportedId())(
  'DatabaseTraceStore on %p',
  (databaseId: TestDatabaseId) => {
    let knex: Knex;
    let store: DatabaseTraceStore;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      store = await DatabaseTraceStore.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      });
    });

    afterEach(async () => {
      for (const table of [
        'traces_spans',
        'traces_resources',
        'traces_red',
        'traces_red_latency',
      ]) {
        await knex(table).del();
      }
    });

    it('stores a span once however often it is sent, and counts it once', async () => {
      const span = makeSpan({
        traceId: traceId(1),
        spanId: spanId(1),
        startMs: T0,
      });
      expect(await store.write([span, span])).toEqual({ inserted: 1 });
      expect(await store.write([span])).toEqual({ inserted: 0 });
      expect(await knex('traces_spans').count({ n: '*' })).toEqual([
        { n: expect.anything() },
      ]);
      const [{ n }] = await knex('traces_spans').count({ n: '*' });
      expect(Number(n)).toBe(1);
      const red = await store.red({
        service: 'orders',
        operation: null,
        from: T0,
        to: T0 + MINUTE - 1,
        stepMs: MINUTE,
      });
      expect(red.points.map(p => p.count)).toEqual([1]);
    });

    it('returns a trace with every field as written, earliest span first', async () => {
      const root = makeSpan({
        traceId: traceId(2),
        spanId: spanId(1),
        startMs: T0,
        durationMs: 50,
        attributes: { 'http.route': '/orders', big: '9007199254740993', n: 3 },
        events: [
          {
            timeUnixNano: '1767614400000000001',
            name: 'e',
            attributes: { a: true },
            droppedAttributesCount: 1,
          },
        ],
        links: [
          {
            traceId: traceId(9),
            spanId: spanId(9),
            traceState: 'x=y',
            attributes: {},
            droppedAttributesCount: 0,
          },
        ],
        status: { code: 'ERROR', message: 'boom' },
        traceState: 'k=v',
        droppedEventsCount: 2,
      });
      // The child arrives first, in a batch of its own: it is kept, and found under its trace.
      const child = makeSpan({
        traceId: traceId(2),
        spanId: spanId(2),
        parentSpanId: spanId(1),
        startMs: T0 + 5,
        kind: 'CLIENT',
        service: 'payments',
        name: 'charge',
      });
      await store.write([child]);
      expect(await store.getTrace(traceId(2))).toEqual([child]);
      await store.write([root]);
      expect(await store.getTrace(traceId(2))).toEqual([root, child]);
      expect(await store.getTrace(traceId(3))).toEqual([]);
    });

    it('keeps nanosecond times and durations beyond 2^53 exact', async () => {
      const span = makeSpan({
        traceId: traceId(4),
        spanId: spanId(1),
        startMs: T0,
      });
      span.startTimeUnixNano = '1767614400123456789';
      span.endTimeUnixNano = '9223372036854775807';
      span.durationNs = Number(9223372036854775807n - 1767614400123456789n);
      await store.write([span, { ...span, spanId: spanId(2) }]);
      const [stored] = await store.getTrace(traceId(4));
      expect(stored.startTimeUnixNano).toBe('1767614400123456789');
      expect(stored.endTimeUnixNano).toBe('9223372036854775807');
      // Read as text: better-sqlite3 hands back large integers as doubles.
      const row = await knex('traces_spans').first(
        knex.raw('CAST(duration_ns AS TEXT) AS d'),
      );
      expect(row.d).toBe('7455757636731319018');
    });

    describe('search', () => {
      beforeEach(async () => {
        const spans = [
          // trace 10: fast, ok, GET /orders, region eu
          makeSpan({
            traceId: traceId(10),
            spanId: spanId(1),
            startMs: T0,
            durationMs: 5,
            attributes: { region: 'eu', 'http.status_code': 200, cached: true },
          }),
          // trace 11: slow, error, POST /orders, region us; a child in payments
          makeSpan({
            traceId: traceId(11),
            spanId: spanId(1),
            startMs: T0 + MINUTE,
            durationMs: 900,
            name: 'POST /orders',
            status: { code: 'ERROR', message: '' },
            attributes: {
              region: 'us',
              'http.status_code': 500,
              cached: false,
            },
          }),
          makeSpan({
            traceId: traceId(11),
            spanId: spanId(2),
            parentSpanId: spanId(1),
            startMs: T0 + MINUTE + 10,
            service: 'payments',
            name: 'charge',
            kind: 'SERVER',
          }),
          // trace 12: only a child whose parent never arrived
          makeSpan({
            traceId: traceId(12),
            spanId: spanId(3),
            parentSpanId: spanId(99),
            startMs: T0 + 2 * MINUTE,
            durationMs: 100,
            name: 'GET /orders/:id',
            attributes: { 'weird "key".x': 'v' },
          }),
          // outside the window
          makeSpan({
            traceId: traceId(13),
            spanId: spanId(1),
            startMs: T0 - 2 * 60 * MINUTE,
          }),
        ];
        await store.write(spans);
      });

      const search = (extra: object = {}) =>
        store
          .searchTraces({
            service: 'orders',
            from: T0 - MINUTE,
            to: T0 + 10 * MINUTE,
            limit: 50,
            ...extra,
          })
          .then(r => r.map(t => t.traceId));

      it('finds the service traces in the window, newest first, with summaries', async () => {
        const traces = await store.searchTraces({
          service: 'orders',
          from: T0 - MINUTE,
          to: T0 + 10 * MINUTE,
          limit: 50,
        });
        expect(traces.map(t => t.traceId)).toEqual([
          traceId(12),
          traceId(11),
          traceId(10),
        ]);
        expect(traces[1]).toEqual({
          traceId: traceId(11),
          rootService: 'orders',
          rootName: 'POST /orders',
          hasRoot: true,
          startMs: T0 + MINUTE,
          durationNs: 900_000_000,
          spanCount: 2,
          errorCount: 1,
          services: ['orders', 'payments'],
        });
        expect(traces[0]).toMatchObject({
          rootName: 'GET /orders/:id',
          hasRoot: false,
          spanCount: 1,
        });
        expect(await search({ limit: 1 })).toEqual([traceId(12)]);
        expect(
          await store
            .searchTraces({
              service: 'payments',
              from: T0,
              to: T0 + 10 * MINUTE,
              limit: 5,
            })
            .then(r => r.map(t => t.traceId)),
        ).toEqual([traceId(11)]);
      });

      it('filters by operation, duration and errors', async () => {
        expect(await search({ operation: 'POST /orders' })).toEqual([
          traceId(11),
        ]);
        expect(await search({ minDurationNs: 50e6 })).toEqual([
          traceId(12),
          traceId(11),
        ]);
        expect(await search({ maxDurationNs: 100e6 })).toEqual([
          traceId(12),
          traceId(10),
        ]);
        expect(
          await search({ minDurationNs: 50e6, maxDurationNs: 100e6 }),
        ).toEqual([traceId(12)]);
        expect(await search({ errorsOnly: true })).toEqual([traceId(11)]);
      });

      it('filters by attribute values compared as text, strings, numbers and booleans alike', async () => {
        expect(await search({ attributes: { region: 'eu' } })).toEqual([
          traceId(10),
        ]);
        expect(
          await search({ attributes: { 'http.status_code': '500' } }),
        ).toEqual([traceId(11)]);
        expect(await search({ attributes: { cached: 'true' } })).toEqual([
          traceId(10),
        ]);
        expect(await search({ attributes: { cached: 'false' } })).toEqual([
          traceId(11),
        ]);
        expect(
          await search({
            attributes: { region: 'us', 'http.status_code': '500' },
          }),
        ).toEqual([traceId(11)]);
        expect(
          await search({
            attributes: { region: 'us', 'http.status_code': '200' },
          }),
        ).toEqual([]);
        expect(await search({ attributes: { 'weird "key".x': 'v' } })).toEqual([
          traceId(12),
        ]);
        expect(
          await search({ attributes: { region: "eu' OR 1=1 --" } }),
        ).toEqual([]);
      });

      it('lists operations, most frequent first', async () => {
        const ops = await store.operations(
          'orders',
          T0 - MINUTE,
          T0 + 10 * MINUTE,
        );
        expect(ops).toEqual(
          expect.arrayContaining([
            { name: 'GET /orders', count: 1, errors: 0 },
            { name: 'POST /orders', count: 1, errors: 1 },
            { name: 'GET /orders/:id', count: 1, errors: 0 },
          ]),
        );
        expect(ops).toHaveLength(3);
      });

      it('sees calls between services', async () => {
        expect(await store.dependencies(T0 - MINUTE, T0 + 10 * MINUTE)).toEqual(
          [{ from: 'orders', to: 'payments', calls: 1, errors: 0 }],
        );
        expect(
          await store.dependencies(T0 + 5 * MINUTE, T0 + 10 * MINUTE),
        ).toEqual([]);
      });
    });

    it('ranks traces by their newest span even when one trace fills the newest spans', async () => {
      // Trace 100 has the 500 newest spans of the service, far more than the first slice the
      // search reads; the traces behind it must still be found, in order.
      const busy = Array.from({ length: 500 }, (_, i) =>
        makeSpan({
          traceId: traceId(100),
          spanId: spanId(i + 1),
          parentSpanId: i ? spanId(1) : null,
          startMs: T0 + 10 * MINUTE - i,
        }),
      );
      const older = Array.from({ length: 30 }, (_, i) => [
        makeSpan({
          traceId: traceId(200 + i),
          spanId: spanId(1),
          startMs: T0 + 5 * MINUTE - i * 1000,
        }),
        makeSpan({
          traceId: traceId(200 + i),
          spanId: spanId(2),
          parentSpanId: spanId(1),
          startMs: T0 + 5 * MINUTE - i * 1000 + 1,
        }),
      ]).flat();
      await store.write([...older, ...busy]);
      const found = await store.searchTraces({
        service: 'orders',
        from: T0,
        to: T0 + 20 * MINUTE,
        limit: 5,
      });
      expect(found.map(t => t.traceId)).toEqual([
        traceId(100),
        traceId(200),
        traceId(201),
        traceId(202),
        traceId(203),
      ]);
      expect(found[0].spanCount).toBe(500);
      // Fewer traces than the limit: all of them, however many slices that took.
      const all = await store.searchTraces({
        service: 'orders',
        from: T0,
        to: T0 + 20 * MINUTE,
        limit: 100,
      });
      expect(all).toHaveLength(31);
      expect(all[30].traceId).toBe(traceId(229));
    });

    it('computes rate, error ratio and latency percentiles per step', async () => {
      const spans = [];
      // Minute 0: 90 spans of 10 ms, 9 of 100 ms and one failing of 1 s.
      for (let i = 0; i < 100; i++) {
        spans.push(
          makeSpan({
            traceId: traceId(100 + i),
            spanId: spanId(1),
            startMs: T0 + i * 100,
            durationMs: [10, 100, 1000][Number(i >= 90) + Number(i >= 99)],
            status: { code: i === 99 ? 'ERROR' : 'OK', message: '' },
          }),
        );
      }
      // Minute 2: two spans of another operation, and a CLIENT child that is no entry span.
      spans.push(
        makeSpan({
          traceId: traceId(300),
          spanId: spanId(1),
          startMs: T0 + 2 * MINUTE,
          name: 'other',
          durationMs: 20,
        }),
        makeSpan({
          traceId: traceId(301),
          spanId: spanId(1),
          startMs: T0 + 2 * MINUTE + 1,
          name: 'other',
          durationMs: 20,
        }),
        makeSpan({
          traceId: traceId(301),
          spanId: spanId(2),
          parentSpanId: spanId(1),
          kind: 'CLIENT',
          startMs: T0 + 2 * MINUTE + 2,
          name: 'other',
        }),
      );
      // Written in two transactions, so that the rollups add up across writes.
      await store.write(spans.slice(0, 50));
      await store.write(spans.slice(50));

      const red = await store.red({
        service: 'orders',
        operation: null,
        from: T0,
        to: T0 + 3 * MINUTE - 1,
        stepMs: MINUTE,
      });
      expect(red.stepMs).toBe(MINUTE);
      expect(red.points.map(p => [p.t, p.count, p.errors])).toEqual([
        [T0, 100, 1],
        [T0 + MINUTE, 0, 0],
        [T0 + 2 * MINUTE, 2, 0],
      ]);
      const [first, empty, third] = red.points;
      expect(first.rate).toBeCloseTo(100 / 60);
      expect(first.errorRatio).toBeCloseTo(0.01);
      expect(Math.abs(first.p50! - 10) / 10).toBeLessThan(0.05);
      expect(Math.abs(first.p95! - 100) / 100).toBeLessThan(0.05);
      expect(Math.abs(first.p99! - 100) / 100).toBeLessThan(0.05);
      expect(empty).toMatchObject({ errorRatio: null, p50: null, p99: null });
      expect(Math.abs(third.p50! - 20) / 20).toBeLessThan(0.05);

      const one = await store.red({
        service: 'orders',
        operation: 'other',
        from: T0,
        to: T0 + 3 * MINUTE - 1,
        stepMs: 3 * MINUTE,
      });
      expect(one.points.map(p => p.count)).toEqual([2]);
      expect(one.operation).toBe('other');
    });

    it('prunes by age, by count and the rollups, and resources without spans', async () => {
      const old = makeSpan({
        traceId: traceId(20),
        spanId: spanId(1),
        startMs: T0 - 10 * MINUTE,
        service: 'legacy',
      });
      const recent = [1, 2, 3].map(i =>
        makeSpan({
          traceId: traceId(20 + i),
          spanId: spanId(1),
          startMs: T0 + i,
        }),
      );
      await store.write([old, ...recent]);
      const pruned = await store.prune({
        spansBefore: T0 - MINUTE,
        maxSpans: 2,
        metricsBefore: T0 - 5 * MINUTE,
      });
      expect(pruned).toEqual({ spans: 2, metricRows: 2, resources: 1 });
      const left = await knex('traces_spans')
        .select('trace_id')
        .orderBy('trace_id');
      expect(left.map(r => r.trace_id)).toEqual([traceId(22), traceId(23)]);
      expect(await store.getTrace(traceId(23))).toEqual([recent[2]]);
      expect(
        await store.prune({
          spansBefore: T0 + MINUTE,
          maxSpans: 10,
          metricsBefore: 0,
        }),
      ).toEqual({ spans: 2, metricRows: 0, resources: 1 });
    });
  },
);
