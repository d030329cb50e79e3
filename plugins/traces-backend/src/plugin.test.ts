import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Server } from 'node:http';
import zlib from 'node:zlib';
import request from 'supertest';
import { protoRequest, protoSpan } from './__testUtils__/protobuf';
import { tracesPlugin } from './plugin';

jest.setTimeout(60_000);

const TOKEN = 'test-token-0123456789abcdef';
const NOW_MS = Date.now();
const NS = BigInt(NOW_MS) * 1_000_000n;
const TRACE = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const ROOT = '1111111111111111';
const CHILD = '2222222222222222';

const jsonSpan = (o: Record<string, unknown>) => ({
  traceId: TRACE,
  kind: 2,
  startTimeUnixNano: String(NS),
  endTimeUnixNano: String(NS + 20_000_000n),
  ...o,
});
const jsonRequest = (service: string, spans: unknown[]) => ({
  resourceSpans: [
    {
      resource: {
        attributes: [{ key: 'service.name', value: { stringValue: service } }],
      },
      scopeSpans: [{ scope: { name: 'test' }, spans }],
    },
  ],
});

const entities = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: 'shop', namespace: 'default' },
    spec: { owner: 'group:default/team' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'orders-api',
      namespace: 'default',
      annotations: { 'paved.dev/otel-service-name': 'orders' },
    },
    spec: { type: 'service', owner: 'group:default/team', system: 'shop' },
    relations: [
      { type: 'partOf', targetRef: 'system:default/shop' },
      { type: 'dependsOn', targetRef: 'component:default/inventory' },
    ],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments', namespace: 'default' },
    spec: { type: 'service', owner: 'group:default/team', system: 'shop' },
    relations: [{ type: 'partOf', targetRef: 'system:default/shop' }],
  },
];

describe('traces plugin', () => {
  let server: Server;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    const backend = await startTestBackend({
      features: [
        tracesPlugin,
        catalogServiceMock.factory({ entities }),
        mockServices.rootConfig.factory({
          data: {
            traces: {
              ingest: {
                token: TOKEN,
                maxBodyBytes: 64 * 1024,
                maxDecodedBytes: 256 * 1024,
              },
            },
          },
        }),
      ],
    });
    server = backend.server;
    stop = () => backend.stop();
  });

  afterAll(async () => {
    await stop();
  });

  const ingest = () =>
    request(server)
      .post('/api/traces/v1/traces')
      .set('Authorization', `Bearer ${TOKEN}`);
  const get = (path: string) =>
    request(server)
      .get(`/api/traces${path}`)
      .set('Authorization', mockCredentials.user.header());

  describe('receiver', () => {
    it('answers 401 without the token or with another one, in the request encoding', async () => {
      const none = await request(server)
        .post('/api/traces/v1/traces')
        .set('content-type', 'application/json')
        .send(jsonRequest('orders', []));
      expect(none.status).toBe(401);
      expect(none.headers['www-authenticate']).toBe('Bearer');
      expect(none.body).toEqual({
        code: 16,
        message:
          'Send the ingest token as Authorization: Bearer <token> (traces.ingest.token)',
      });
      const wrong = await request(server)
        .post('/api/traces/v1/traces')
        .set('Authorization', 'Bearer not-the-token-at-all')
        .set('content-type', 'application/x-protobuf')
        .send(Buffer.alloc(0));
      expect(wrong.status).toBe(401);
      expect(wrong.headers['content-type']).toMatch(/application\/x-protobuf/);
      // A Backstage user token is not an ingest token.
      const user = await request(server)
        .post('/api/traces/v1/traces')
        .set('Authorization', mockCredentials.user.header())
        .set('content-type', 'application/json')
        .send('{}');
      expect(user.status).toBe(401);
    });

    it('answers 415 for other content types and encodings', async () => {
      const text = await ingest().set('content-type', 'text/plain').send('hi');
      expect(text.status).toBe(415);
      expect(text.body.message).toBe(
        'Content-Type text/plain is not OTLP: send application/x-protobuf or application/json',
      );
      const br = await ingest()
        .set('content-type', 'application/json')
        .set('content-encoding', 'br')
        .send('{}');
      expect(br.status).toBe(415);
    });

    it('answers 400 for a body it cannot read', async () => {
      const res = await ingest()
        .set('content-type', 'application/json')
        .send('{"resourceSpans": [');
      expect(res.status).toBe(400);
      expect(res.body.code).toBe(3);
      expect(res.body.message).toMatch(/^The body is not valid JSON/);
      const gz = await ingest()
        .set('content-type', 'application/x-protobuf')
        .set('content-encoding', 'gzip')
        .send(Buffer.from('not gzip'));
      expect(gz.status).toBe(400);
    });

    it('answers 413 over maxBodyBytes, and for a gzip bomb over maxDecodedBytes', async () => {
      const big = await ingest()
        .set('content-type', 'application/json')
        .send(JSON.stringify({ pad: 'x'.repeat(100 * 1024) }));
      expect(big.status).toBe(413);
      expect(big.body.message).toMatch(/traces.ingest.maxBodyBytes/);
      const bomb = zlib.gzipSync(Buffer.alloc(10 * 1024 * 1024));
      expect(bomb.length).toBeLessThan(64 * 1024);
      const res = await ingest()
        .set('content-type', 'application/x-protobuf')
        .set('content-encoding', 'gzip')
        .send(bomb);
      expect(res.status).toBe(413);
      // The backend goes on serving.
      const ok = await ingest()
        .set('content-type', 'application/json')
        .send(jsonRequest('orders', []));
      expect(ok.status).toBe(200);
    });

    it('stores a child before its parent, reports invalid spans in partialSuccess, and serves the trace', async () => {
      const child = await ingest()
        .set('content-type', 'application/json')
        .send(
          jsonRequest('payments', [
            jsonSpan({
              spanId: CHILD,
              parentSpanId: ROOT,
              name: 'charge',
              startTimeUnixNano: String(NS + 5_000_000n),
              endTimeUnixNano: String(NS + 15_000_000n),
            }),
            jsonSpan({
              spanId: Buffer.from('3333333333333333', 'hex').toString('base64'),
              name: 'b64',
            }),
          ]),
        );
      expect(child.status).toBe(200);
      expect(child.body).toEqual({
        partialSuccess: {
          rejectedSpans: '1',
          errorMessage: expect.stringMatching(
            /^1 of 2 spans rejected: span "b64" of payments: spanId ".*" is base64/,
          ),
        },
      });

      const orphan = await get(`/traces/${TRACE}`);
      expect(orphan.status).toBe(200);
      expect(orphan.body.spans.map((s: any) => s.spanId)).toEqual([CHILD]);

      const body = protoRequest('orders', [
        protoSpan({
          traceId: TRACE,
          spanId: ROOT,
          name: 'GET /orders',
          start: NS,
          end: NS + 20_000_000n,
          statusCode: 2,
        }),
      ]);
      const root = await ingest()
        .set('content-type', 'application/x-protobuf')
        .set('content-encoding', 'gzip')
        .send(zlib.gzipSync(body));
      expect(root.status).toBe(200);
      expect(root.headers['content-type']).toMatch(/application\/x-protobuf/);
      // An empty ExportTraceServiceResponse: everything accepted.
      expect(root.headers['content-length']).toBe('0');

      const trace = await get(`/traces/${TRACE.toUpperCase()}`);
      expect(trace.status).toBe(200);
      expect(trace.body.traceId).toBe(TRACE);
      expect(
        trace.body.spans.map((s: any) => [s.spanId, s.parentSpanId, s.service]),
      ).toEqual([
        [ROOT, null, 'orders'],
        [CHILD, ROOT, 'payments'],
      ]);
      expect(trace.body.services).toEqual({
        orders: 'component:default/orders-api',
        payments: 'component:default/payments',
      });
    });
  });

  describe('queries', () => {
    it('requires Backstage credentials', async () => {
      const res = await request(server)
        .get(`/api/traces/traces/${TRACE}`)
        .set('Authorization', mockCredentials.none.header());
      expect(res.status).toBe(401);
    });

    it('answers 400 naming a bad trace id or parameter, 404 for an unknown trace', async () => {
      const bad = await get('/traces/xyz');
      expect(bad.status).toBe(400);
      expect(bad.body.error).toMatchObject({
        name: 'InputError',
        message: 'traceId "xyz" is not a trace id: 32 hex digits, not all zero',
      });
      expect((await get(`/traces/${'f'.repeat(32)}`)).status).toBe(404);
      const from = await get('/services/orders/traces?from=yesterday');
      expect(from.status).toBe(400);
      expect(from.body.error.message).toBe(
        'from must be epoch milliseconds, not "yesterday"',
      );
      const limit = await get('/services/orders/traces?limit=501');
      expect(limit.body.error.message).toBe(
        'limit must be a whole number from 1 to 500, not "501"',
      );
      const attr = await get('/services/orders/traces?attr=novalue');
      expect(attr.body.error.message).toBe(
        'attr must be key=value, not "novalue"',
      );
      const errorsOnly = await get('/services/orders/traces?errorsOnly=yes');
      expect(errorsOnly.body.error.message).toBe(
        'errorsOnly must be true or false, not "yes"',
      );
      const window = await get('/dependencies?from=2000&to=1000');
      expect(window.body.error.message).toBe('from 2000 is after to 1000');
      const twice = await get('/services/orders/red?stepMs=1&stepMs=2');
      expect(twice.status).toBe(400);
      expect(twice.body.error.message).toMatch(/^stepMs must be given once/);
    });

    it('searches traces of a service with filters', async () => {
      const q = `from=${NOW_MS - 60_000}&to=${NOW_MS + 60_000}`;
      const all = await get(`/services/orders/traces?${q}`);
      expect(all.status).toBe(200);
      expect(all.body.traces).toEqual([
        {
          traceId: TRACE,
          rootService: 'orders',
          rootName: 'GET /orders',
          hasRoot: true,
          startMs: NOW_MS,
          durationNs: 20_000_000,
          spanCount: 2,
          errorCount: 1,
          services: ['orders', 'payments'],
        },
      ]);
      const errors = await get(
        `/services/orders/traces?${q}&errorsOnly=true&minDurationMs=19.5`,
      );
      expect(errors.body.traces).toHaveLength(1);
      const fast = await get(`/services/orders/traces?${q}&maxDurationMs=10`);
      expect(fast.body.traces).toEqual([]);
      const attr = await get(
        `/services/payments/traces?${q}&attr=${encodeURIComponent('k=v')}`,
      );
      expect(attr.body.traces).toEqual([]);
      const op = await get(
        `/services/payments/traces?${q}&operation=charge&limit=1`,
      );
      expect(op.body.traces.map((t: any) => t.traceId)).toEqual([TRACE]);
    });

    it('lists operations, RED metrics and dependencies', async () => {
      const q = `from=${NOW_MS - 60_000}&to=${NOW_MS + 60_000}`;
      const ops = await get(`/services/orders/operations?${q}`);
      expect(ops.body).toEqual({
        operations: [{ name: 'GET /orders', count: 1, errors: 1 }],
      });
      const red = await get(`/services/orders/red?${q}`);
      expect(red.status).toBe(200);
      expect(red.body).toMatchObject({
        service: 'orders',
        operation: null,
        stepMs: 60_000,
      });
      const points = red.body.points.filter((p: any) => p.count > 0);
      expect(points).toEqual([
        expect.objectContaining({ count: 1, errors: 1, errorRatio: 1 }),
      ]);
      expect(Math.abs(points[0].p50 - 20) / 20).toBeLessThan(0.05);
      // Without a step, about 60 points.
      const day = await get(
        `/services/orders/red?from=${NOW_MS - 86_400_000}&to=${NOW_MS}`,
      );
      expect(day.body.stepMs).toBe(24 * 60_000);
      expect(day.body.points.length).toBeGreaterThanOrEqual(60);
      expect(day.body.points.length).toBeLessThanOrEqual(61);

      const deps = await get(`/dependencies?${q}`);
      expect(deps.body).toEqual({
        edges: [{ from: 'orders', to: 'payments', calls: 1, errors: 0 }],
      });
    });

    it('compares a system’s observed dependencies with those declared', async () => {
      const q = `from=${NOW_MS - 60_000}&to=${NOW_MS + 60_000}`;
      const res = await get(`/systems/default/shop/dependencies?${q}`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        systemRef: 'system:default/shop',
        from: NOW_MS - 60_000,
        to: NOW_MS + 60_000,
        components: [
          { entityRef: 'component:default/orders-api', service: 'orders' },
          { entityRef: 'component:default/payments', service: 'payments' },
        ],
        dependencies: [
          {
            from: 'component:default/orders-api',
            to: 'component:default/inventory',
            fromService: 'orders',
            toService: null,
            observed: false,
            declared: true,
            calls: 0,
            errors: 0,
          },
          {
            from: 'component:default/orders-api',
            to: 'component:default/payments',
            fromService: 'orders',
            toService: 'payments',
            observed: true,
            declared: false,
            calls: 1,
            errors: 0,
          },
        ],
      });
      const unknown = await get(`/systems/default/nope/dependencies?${q}`);
      expect(unknown.status).toBe(404);
    });
  });
});

describe('traces plugin without an ingest token', () => {
  it('starts, and refuses every OTLP request with 401', async () => {
    const backend = await startTestBackend({
      features: [
        tracesPlugin,
        catalogServiceMock.factory({ entities: [] }),
        mockServices.rootConfig.factory({ data: {} }),
      ],
    });
    try {
      const res = await request(backend.server)
        .post('/api/traces/v1/traces')
        .set('Authorization', 'Bearer anything-at-all-really')
        .set('content-type', 'application/json')
        .send(jsonRequest('orders', []));
      expect(res.status).toBe(401);
      expect(res.body.message).toBe(
        'This portal accepts no spans: traces.ingest.token is not configured',
      );
    } finally {
      await backend.stop();
    }
  });
});
