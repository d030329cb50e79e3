import { spawn } from 'node:child_process';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Span, Trace, TraceSummary } from '@paved/plugin-traces-common';
import { Portal, startPortal } from './lib/portal';
import { waitFor } from './lib/process';

jest.setTimeout(300_000);

// The real portal on PostgreSQL with an ingest token, fed by the real OpenTelemetry SDK for
// Node: each export runs in a child process of its own, as a service would, with the protobuf
// and the JSON exporter, once gzip-compressed. The spans are then read through the query API.
const run = randomBytes(3).toString('hex');
const TOKEN = `system-test-token-${randomBytes(12).toString('hex')}`;
const EXPORT_SCRIPT = path.join(__dirname, 'lib/otlp-export.cjs');

let portal: Portal;

beforeAll(async () => {
  portal = await startPortal({
    database: 'postgres',
    env: { PAVED_OTLP_TOKEN: TOKEN },
  });
});

afterAll(async () => {
  await portal?.stop();
  await portal?.cleanup();
});

interface Exported {
  traceId: string;
  parentSpanId: string;
  childSpanId: string;
  code: number;
  error?: string;
}

/** Runs the SDK in a child process against the portal; resolves with what it exported. */
function exportWithSdk(options: {
  protocol: 'protobuf' | 'json';
  compression: 'gzip' | 'none';
  service: string;
  token?: string;
}): Promise<Exported> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [EXPORT_SCRIPT], {
      cwd: path.dirname(EXPORT_SCRIPT),
      env: {
        ...process.env,
        OTLP_EXPORT: JSON.stringify({
          url: `${portal.baseUrl}/api/traces/v1/traces`,
          token: options.token ?? TOKEN,
          protocol: options.protocol,
          compression: options.compression,
          service: options.service,
        }),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', d => (stdout += d));
    child.stderr.on('data', d => (stderr += d));
    child.on('error', reject);
    child.on('close', code => {
      if (code === 0) resolve(JSON.parse(stdout));
      else reject(new Error(`the exporter exited with ${code}: ${stderr}`));
    });
  });
}

async function traceOf(traceId: string): Promise<Trace> {
  return portal.json<Trace>(`/api/traces/traces/${traceId}`);
}

function expectParentAndChild(trace: Trace, sent: Exported, service: string) {
  const byId = new Map<string, Span>(trace.spans.map(s => [s.spanId, s]));
  expect(trace.spans).toHaveLength(2);
  const parent = byId.get(sent.parentSpanId)!;
  const child = byId.get(sent.childSpanId)!;
  expect(parent).toMatchObject({
    traceId: sent.traceId,
    parentSpanId: null,
    name: 'GET /orders',
    kind: 'SERVER',
    service,
    attributes: { 'http.route': '/orders' },
    scope: { name: 'paved-system-test', version: '1.0.0' },
  });
  expect(child).toMatchObject({
    traceId: sent.traceId,
    parentSpanId: sent.parentSpanId,
    name: 'SELECT orders',
    kind: 'CLIENT',
    service,
    attributes: { 'db.system': 'postgresql', 'test.big': 2 ** 40 },
    status: { code: 'ERROR', message: 'slow query' },
    events: [
      expect.objectContaining({ name: 'rows', attributes: { count: 3 } }),
    ],
    links: [expect.objectContaining({ spanId: sent.parentSpanId })],
  });
  expect(parent.resource.attributes['service.name']).toBe(service);
  // Nanosecond times survive exactly (the SDK's clock may end a child after its parent, so
  // only the start order is asserted).
  expect(BigInt(child.startTimeUnixNano)).toBeGreaterThanOrEqual(
    BigInt(parent.startTimeUnixNano),
  );
  expect(child.durationNs).toBe(
    Number(BigInt(child.endTimeUnixNano) - BigInt(child.startTimeUnixNano)),
  );
  expect(child.startTimeUnixNano).toMatch(/^\d{19}$/);
  expect(trace.services).toEqual({ [service]: null });
}

it.each([
  ['protobuf', 'none'],
  ['json', 'none'],
  ['protobuf', 'gzip'],
] as const)(
  'stores what the SDK exports as %s (compression %s), parent and child intact',
  async (protocol, compression) => {
    const service = `checkout-${protocol}-${compression}-${run}`;
    const sent = await exportWithSdk({ protocol, compression, service });
    expect(sent).toMatchObject({ code: 0 });
    expect(sent.error).toBeUndefined();

    // Acknowledged means committed: the trace is there at once.
    expectParentAndChild(await traceOf(sent.traceId), sent, service);

    const now = Date.now();
    const { traces } = await portal.json<{ traces: TraceSummary[] }>(
      `/api/traces/services/${encodeURIComponent(service)}/traces?from=${
        now - 600_000
      }&to=${now}&errorsOnly=true&attr=${encodeURIComponent(
        'db.system=postgresql',
      )}`,
    );
    expect(traces).toEqual([
      expect.objectContaining({
        traceId: sent.traceId,
        rootService: service,
        rootName: 'GET /orders',
        hasRoot: true,
        spanCount: 2,
        errorCount: 1,
      }),
    ]);
  },
);

it('refuses the SDK without the token, and stores nothing', async () => {
  const service = `intruder-${run}`;
  const sent = await exportWithSdk({
    protocol: 'protobuf',
    compression: 'none',
    service,
    token: 'not-the-portal-token-at-all',
  });
  expect(sent.code).toBe(1);
  expect(sent.error).toMatch(/401|Unauthorized/i);
  const res = await portal.api(`/api/traces/traces/${sent.traceId}`);
  expect(res.status).toBe(404);
});

it("counts the SDK's SERVER spans in the RED metrics of their service", async () => {
  const service = `checkout-json-none-${run}`;
  await waitFor('the RED rollup of the JSON export', async () => {
    const now = Date.now();
    const red = await portal.json<{ points: Array<{ count: number }> }>(
      `/api/traces/services/${encodeURIComponent(service)}/red?from=${
        now - 600_000
      }&to=${now}`,
    );
    return red.points.some(p => p.count > 0) ? true : undefined;
  });
});

it('keeps int64 nanoseconds exact from hand-written OTLP JSON, as strings and as bare numbers beyond 2^53', async () => {
  const traceId = randomBytes(16).toString('hex');
  const service = `clock-${run}`;
  // Both well beyond 2^53 (about 9.007e15): a JSON number this big only survives a parser that
  // does not go through a double. JSON.stringify cannot write it, so the body is written by hand.
  const start = 1_767_614_400_123_456_789n;
  const end = start + 1_000_000_001n;
  const body = `{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"${service}"}}]},
    "scopeSpans":[{"scope":{"name":"hand-written"},"spans":[
      {"traceId":"${traceId}","spanId":"00000000000000a1","name":"as-number","kind":2,
       "startTimeUnixNano":${start},"endTimeUnixNano":${end},"someFieldFromTheFuture":{"x":1}},
      {"traceId":"${traceId}","spanId":"00000000000000a2","parentSpanId":"00000000000000a1","name":"as-string","kind":3,
       "startTimeUnixNano":"${start + 1n}","endTimeUnixNano":"${
    end - 1n
  }"}]}]}]}`;
  const res = await fetch(`${portal.baseUrl}/api/traces/v1/traces`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${TOKEN}`,
    },
    body,
  });
  expect(res.status).toBe(200);
  // Unknown fields are ignored; nothing was rejected.
  expect(await res.json()).toEqual({});

  const trace = await traceOf(traceId);
  const times = trace.spans.map(s => [
    s.name,
    s.startTimeUnixNano,
    s.endTimeUnixNano,
    s.durationNs,
  ]);
  expect(times).toEqual([
    ['as-number', String(start), String(end), 1_000_000_001],
    ['as-string', String(start + 1n), String(end - 1n), 999_999_999],
  ]);
});
