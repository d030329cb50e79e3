/*
 * bench/otlp-ingest: spans per second one portal backend accepts and commits over OTLP/HTTP on
 * PostgreSQL (protobuf and JSON, batches of 512), beside COPY of the same rows from this
 * process; then trace-by-id and service-search latency through the HTTP API with 1M spans stored.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import {
  JsonTraceSerializer,
  ProtobufTraceSerializer,
} from '@opentelemetry/otlp-transformer';
import { Resource, resourceFromAttributes } from '@opentelemetry/resources';
import type { ReadableSpan, TimedEvent } from '@opentelemetry/sdk-trace';
import { Client, Query } from 'pg';
import { REPO_ROOT, freePort, run, startPortal, waitFor } from '../../test/src';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const SECONDS = arg('--seconds', 20);
const RUNS = arg('--runs', 3);
const TOTAL_SPANS = arg('--spans', 1_000_000);
const REQUESTS = arg('--requests', 200);
const SENDERS = arg('--senders', 4);
/** Also measure Jaeger v2's OTLP ingest of the same payloads (builds it on first use). */
const JAEGER = process.argv.includes('--jaeger');
const BATCH = 512;
const SPANS_PER_TRACE = 8;
/** Distinct batches encoded up front; sends reuse them with fresh trace ids. */
const TEMPLATES = 16;
/** The first 4 bytes of every generated trace id; the next 4 are patched per send. */
const MARKER = 'b3a7c0de';
/** Spans per COPY statement (and transaction) in the anchor: the writer's batchMaxSpans. */
const COPY_CHUNK = 5000;
const DAY = 24 * 60 * 60 * 1000;
const SERVICES = [
  'web-frontend',
  'checkout',
  'payments',
  'inventory',
  'shipping',
  'users',
  'recommendations',
  'notifications',
];

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2
    ? s[(s.length - 1) / 2]
    : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
};
const int = (x: number) => Math.round(x).toLocaleString('en-US');
const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const hex8 = (n: number) => n.toString(16).padStart(8, '0');
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// Spans as an instrumented service would export them

const resources = new Map<string, Resource>(
  SERVICES.map((service, i) => [
    service,
    resourceFromAttributes({
      'service.name': service,
      'service.version': `1.${i}.3`,
      'service.instance.id': hex(8),
      'deployment.environment.name': 'production',
      'host.name': `${service}-7d9f8b${i}c5-x${i}k2p`,
      'process.pid': 1000 + i,
      'process.runtime.name': 'nodejs',
      'process.runtime.version': '24.11.0',
      'telemetry.sdk.name': 'opentelemetry',
      'telemetry.sdk.language': 'nodejs',
      'telemetry.sdk.version': '2.1.0',
    }),
  ]),
);
const httpScope = {
  name: '@opentelemetry/instrumentation-http',
  version: '0.205.0',
};
const pgScope = {
  name: '@opentelemetry/instrumentation-pg',
  version: '0.58.0',
};

const hrTime = (ns: bigint): [number, number] => [
  Number(ns / 1_000_000_000n),
  Number(ns % 1_000_000_000n),
];

function span(options: {
  traceId: string;
  parentSpanId?: string;
  service: string;
  name: string;
  kind: SpanKind;
  startNs: bigint;
  durationNs: bigint;
  attributes: ReadableSpan['attributes'];
  error?: boolean;
  events?: TimedEvent[];
  scope?: typeof httpScope;
}): ReadableSpan & { spanId: string } {
  const spanId = hex(8);
  return {
    spanId,
    name: options.name,
    kind: options.kind,
    spanContext: () => ({ traceId: options.traceId, spanId, traceFlags: 1 }),
    parentSpanContext: options.parentSpanId
      ? {
          traceId: options.traceId,
          spanId: options.parentSpanId,
          traceFlags: 1,
        }
      : undefined,
    startTime: hrTime(options.startNs),
    endTime: hrTime(options.startNs + options.durationNs),
    duration: hrTime(options.durationNs),
    status: options.error
      ? { code: SpanStatusCode.ERROR, message: 'upstream failed' }
      : { code: SpanStatusCode.UNSET },
    attributes: options.attributes,
    links: [],
    events: options.events ?? [],
    ended: true,
    resource: resources.get(options.service)!,
    instrumentationScope: options.scope ?? httpScope,
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
  };
}

/**
 * One request through four services: a SERVER span in each, a CLIENT span for each call
 * downstream and a database query at the end; 2% fail at the database, and the error climbs up.
 */
function trace(t: number, nowNs: bigint): ReadableSpan[] {
  const traceId = `${MARKER}00000000${hex(8)}`;
  const path = [0, 1, 2, 3].map(i => SERVICES[(t + i) % SERVICES.length]);
  const error = Math.random() < 0.02;
  const totalNs = BigInt(Math.round(5e6 + Math.random() * 120e6));
  const out: ReadableSpan[] = [];
  let parent: string | undefined;
  let start = nowNs - BigInt(Math.round(Math.random() * 1e9));
  let duration = totalNs;
  path.forEach((service, i) => {
    const route = `/api/${path[i]}/${i % 2 ? 'items/{id}' : 'orders'}`;
    const server = span({
      traceId,
      parentSpanId: parent,
      service,
      name: `${i % 2 ? 'GET' : 'POST'} ${route}`,
      kind: SpanKind.SERVER,
      startNs: start,
      durationNs: duration,
      error,
      attributes: {
        'http.request.method': i % 2 ? 'GET' : 'POST',
        'http.route': route,
        'url.path': route.replace('{id}', String(t * 7)),
        'url.scheme': 'http',
        'http.response.status_code': error ? 500 : 200,
        'server.address': `${service}.shop.svc`,
        'server.port': 8080,
        'client.address': `10.0.${i}.${t % 250}`,
        'user_agent.original': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0',
        'network.protocol.version': '1.1',
      },
    });
    out.push(server);
    start += duration / 20n;
    duration = (duration * 8n) / 10n;
    if (i < path.length - 1) {
      const client = span({
        traceId,
        parentSpanId: server.spanId,
        service,
        name: `${i % 2 ? 'POST' : 'GET'}`,
        kind: SpanKind.CLIENT,
        startNs: start,
        durationNs: duration,
        error,
        attributes: {
          'http.request.method': i % 2 ? 'POST' : 'GET',
          'server.address': `${path[i + 1]}.shop.svc`,
          'server.port': 8080,
          'url.full': `http://${path[i + 1]}.shop.svc:8080/api/${path[i + 1]}`,
          'http.response.status_code': error ? 500 : 200,
        },
      });
      out.push(client);
      parent = client.spanId;
      start += duration / 50n;
      duration = (duration * 9n) / 10n;
    } else {
      out.push(
        span({
          traceId,
          parentSpanId: server.spanId,
          service,
          name: 'SELECT shop.orders',
          kind: SpanKind.CLIENT,
          startNs: start,
          durationNs: duration / 2n,
          error,
          scope: pgScope,
          attributes: {
            'db.system.name': 'postgresql',
            'db.namespace': 'shop',
            'db.operation.name': 'SELECT',
            'db.collection.name': 'orders',
            'db.query.text':
              'SELECT id, status, total FROM orders WHERE customer_id = $1 ORDER BY created_at DESC LIMIT 20',
            'server.address': 'postgres.shop.svc',
            'server.port': 5432,
          },
          events: error
            ? [
                {
                  name: 'exception',
                  time: hrTime(start + duration / 2n),
                  attributes: {
                    'exception.type': 'DatabaseError',
                    'exception.message':
                      'canceling statement due to statement timeout',
                  },
                },
              ]
            : [],
        }),
      );
    }
  });
  return out;
}

interface Template {
  proto: { body: Buffer; offsets: number[] };
  json: string[];
}

/** Encodes a batch once; each send patches bytes 4-8 of every trace id with a new counter. */
function template(nowNs: bigint): Template {
  const spans: ReadableSpan[] = [];
  for (let t = 0; spans.length < BATCH; t++) spans.push(...trace(t, nowNs));
  const body = Buffer.from(ProtobufTraceSerializer.serializeRequest(spans)!);
  const marker = Buffer.from(MARKER, 'hex');
  const offsets: number[] = [];
  for (
    let at = body.indexOf(marker);
    at >= 0;
    at = body.indexOf(marker, at + 1)
  )
    offsets.push(at);
  const json = Buffer.from(
    JsonTraceSerializer.serializeRequest(spans)!,
  ).toString('utf8');
  const parts = json.split(`${MARKER}00000000`);
  if (offsets.length !== BATCH || parts.length !== BATCH + 1)
    throw new Error('a trace id marker appeared where no trace id was');
  return { proto: { body, offsets }, json: parts };
}

function encode(t: Template, format: Format, n: number): Buffer {
  if (format === 'json')
    return Buffer.from(t.json.join(`${MARKER}${hex8(n)}`), 'utf8');
  const body = Buffer.from(t.proto.body);
  for (const at of t.proto.offsets) body.writeUInt32BE(n, at + 4);
  return body;
}

// ---------------------------------------------------------------------------------------------
// Processes: CPU from /proc/<pid>/stat, peak memory from VmHWM

const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK']).toString()) || 100;

function cpuSeconds(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / CLK_TCK;
  } catch {
    return 0; // the process ended; its time is no longer attributable to it
  }
}

/** CPU of the PostgreSQL server: the postmaster and every backend it forked. */
function postgresCpuSeconds(postmaster: number): number {
  let total = cpuSeconds(postmaster);
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(f[1]) === postmaster)
        total += (Number(f[11]) + Number(f[12])) / CLK_TCK;
    } catch {
      continue; // gone between readdir and read
    }
  }
  return total;
}

const statusKb = (pid: number, key: string) =>
  Number(
    new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(
      fs.readFileSync(`/proc/${pid}/status`, 'utf8'),
    )?.[1] ?? 0,
  );

// ---------------------------------------------------------------------------------------------
// COPY FROM STDIN through pg's own protocol hooks (pg-copy-streams is not in the lockfile)

const COLUMNS = [
  'trace_id',
  'span_id',
  'parent_span_id',
  'service_name',
  'name',
  'kind',
  'status_code',
  'start_ms',
  'start_ns',
  'end_ns',
  'duration_ns',
  'resource_id',
  'attributes',
  'details',
] as const;
type Row = Record<(typeof COLUMNS)[number], string | number | null>;

const copyField = (v: string | number | null) =>
  v === null
    ? '\\N'
    : String(v).replace(/[\\\t\n\r]/g, c =>
        c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
      );

const copyText = (rows: Row[]) =>
  Buffer.from(
    rows.map(r => COLUMNS.map(c => copyField(r[c])).join('\t')).join('\n') +
      '\n',
    'utf8',
  );

function copyIn(client: Client, table: string, data: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const query = new Query(
      `COPY ${table} (${COLUMNS.join(', ')}) FROM STDIN`,
      (error: Error | undefined) => (error ? reject(error) : resolve()),
    );
    // pg answers CopyInResponse with a CopyFail unless the query supplies the data itself.
    (
      query as unknown as {
        handleCopyInResponse(c: {
          sendCopyFromChunk(b: Buffer): void;
          endCopyFrom(): void;
        }): void;
      }
    ).handleCopyInResponse = connection => {
      connection.sendCopyFromChunk(data);
      connection.endCopyFrom();
    };
    client.query(query);
  });
}

// ---------------------------------------------------------------------------------------------

type Format = 'protobuf' | 'json';
type Target = { url: string; headers: Record<string, string> };

interface JaegerRun {
  storage: JaegerStorage;
  format: Format;
  seconds: number;
  batches: number;
  accepted: number;
  rejected: number;
  retried: number;
  spansPerSecond: number;
  cpuSeconds: number;
}

interface IngestRun {
  format: Format;
  seconds: number;
  batches: number;
  accepted: number;
  rejected: number;
  committed: number;
  retried: number;
  spansPerSecond: number;
  backendCpuSeconds: number;
  postgresCpuSeconds: number;
}

// ---------------------------------------------------------------------------------------------
// Jaeger v2, built from the module pinned in bench/otlp-ingest/jaeger/go.mod

const JAEGER_MODULE = path.join(REPO_ROOT, 'bench/otlp-ingest/jaeger');
type JaegerStorage = 'memory' | 'badger';

function goBinary(): string {
  for (const dir of (process.env.PATH ?? '')
    .split(':')
    .concat('/usr/local/go/bin')) {
    if (dir && fs.existsSync(path.join(dir, 'go'))) return path.join(dir, 'go');
  }
  throw new Error(
    '--jaeger needs Go 1.26 or newer on PATH or in /usr/local/go',
  );
}

/** The jaeger binary under .tools/jaeger/<version>, built once (about 10 minutes cold). */
async function buildJaeger(): Promise<string> {
  const version = /^\s*github\.com\/jaegertracing\/jaeger (v\S+)/m.exec(
    fs.readFileSync(path.join(JAEGER_MODULE, 'go.mod'), 'utf8'),
  )?.[1];
  if (!version)
    throw new Error(
      `no github.com/jaegertracing/jaeger in ${JAEGER_MODULE}/go.mod`,
    );
  const bin = path.join(REPO_ROOT, '.tools/jaeger', version, 'jaeger');
  if (fs.existsSync(bin)) return bin;
  console.log(
    `building Jaeger ${version} from its Go module into ${path.relative(
      REPO_ROOT,
      bin,
    )} (once; about 10 minutes on two cores with empty Go caches)`,
  );
  const t0 = performance.now();
  await fsp.mkdir(path.dirname(bin), { recursive: true });
  await run(
    goBinary(),
    [
      'build',
      '-trimpath',
      '-buildvcs=false',
      '-ldflags',
      '-s -w',
      '-o',
      `${bin}.new`,
      'github.com/jaegertracing/jaeger/cmd/jaeger',
    ],
    { cwd: JAEGER_MODULE, timeoutMs: 3_600_000 },
  );
  await fsp.rename(`${bin}.new`, bin);
  console.log(`  built in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  return bin;
}

/**
 * Jaeger all-in-one as its own docs configure it, minus the batch processor and with the
 * exporter's queue left off (its default): the OTLP receiver then answers only once the storage
 * has taken the spans, as the portal answers only once they are committed. Every listener is on
 * a free loopback port; its own telemetry is off.
 */
async function startJaeger(
  bin: string,
  storage: JaegerStorage,
  dir: string,
): Promise<{
  child: ChildProcess;
  otlpUrl: string;
  queryUrl: string;
  output: () => string;
}> {
  const [otlp, http, grpc] = [
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const data = path.join(dir, 'badger');
  const backend =
    storage === 'memory'
      ? // As all-in-one keeps it: the oldest traces go beyond 100,000 (800,000 spans here).
        `memory:\n          max_traces: 100000`
      : `badger:\n          ephemeral: false\n          directories:\n            keys: ${data}\n            values: ${data}\n          ttl:\n            spans: 48h`;
  const config = path.join(dir, `jaeger-${storage}.yaml`);
  await fsp.writeFile(
    config,
    `service:
  extensions: [jaeger_storage, jaeger_query]
  pipelines:
    traces:
      receivers: [otlp]
      exporters: [jaeger_storage_exporter]
  telemetry:
    metrics:
      level: none
    logs:
      level: warn
extensions:
  jaeger_query:
    storage:
      traces: store
    http:
      endpoint: 127.0.0.1:${http}
    grpc:
      endpoint: 127.0.0.1:${grpc}
  jaeger_storage:
    backends:
      store:
        ${backend}
receivers:
  otlp:
    protocols:
      http:
        endpoint: 127.0.0.1:${otlp}
exporters:
  jaeger_storage_exporter:
    trace_storage: store
`,
  );
  let output = '';
  const child = spawn(bin, ['--config', config], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', d => (output = (output + d).slice(-20_000)));
  child.stderr!.on('data', d => (output = (output + d).slice(-20_000)));
  const queryUrl = `http://127.0.0.1:${http}`;
  await waitFor(
    `Jaeger (${storage})`,
    async () => {
      if (child.exitCode !== null)
        throw new Error(`Jaeger exited with ${child.exitCode}: ${output}`);
      const res = await fetch(`${queryUrl}/api/services`).catch(
        () => undefined,
      );
      return res?.ok ? true : undefined;
    },
    { timeoutMs: 60_000, intervalMs: 250 },
  );
  return {
    child,
    otlpUrl: `http://127.0.0.1:${otlp}/v1/traces`,
    queryUrl,
    output: () => output,
  };
}

function readEnv(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line);
    if (m) out[m[1]] = m[2];
  }
  return out;
}

async function main() {
  console.log(
    `bench/otlp-ingest on ${os.cpus().length} cores (load ${os
      .loadavg()
      .map(l => l.toFixed(2))
      .join(
        ' ',
      )}): ${SENDERS} senders x batches of ${BATCH} spans, ${RUNS} runs of ${SECONDS} s per encoding, then queries at ${int(
      TOTAL_SPANS,
    )} spans\n`,
  );
  const tmp = await fsp.mkdtemp(path.join(os.tmpdir(), 'paved-bench-otlp-'));
  // A PostgreSQL of its own, so nothing else writes to it while it is measured.
  const stackEnv = {
    ...process.env,
    PAVED_STACK_DIR: path.join(tmp, 'stack'),
    PAVED_STACK_ENV: path.join(tmp, 'stack.env'),
  };
  const stack = (...args: string[]) =>
    run(path.join(REPO_ROOT, 'scripts/stack'), args, {
      env: stackEnv,
      timeoutMs: 600_000,
    });
  let portal: Awaited<ReturnType<typeof startPortal>> | undefined;
  let db: Client | undefined;
  try {
    await stack('up', 'postgres');
    const pgEnv = readEnv(stackEnv.PAVED_STACK_ENV);
    process.env.DATABASE_URL = pgEnv.DATABASE_URL;
    const cluster = fs
      .readFileSync(path.join(tmp, 'stack/postgres/cluster-location'), 'utf8')
      .trim();
    const postmaster = Number(
      fs
        .readFileSync(path.join(cluster, 'data/postmaster.pid'), 'utf8')
        .split('\n')[0],
    );

    const ingestToken = hex(24);
    portal = await startPortal({
      database: 'postgres',
      config: { traces: { ingest: { token: ingestToken } } },
    });
    const p = portal;
    const backendPid = p.process.pid!;

    // Backstage gives each plugin a database of its own: <prefix>traces.
    const admin = new Client({ connectionString: pgEnv.DATABASE_URL });
    await admin.connect();
    const { rows: dbs } = await admin.query(
      "SELECT datname FROM pg_database WHERE datname LIKE 'paved\\_t%traces'",
    );
    await admin.end();
    if (dbs.length !== 1)
      throw new Error(`expected one traces database, found ${dbs.length}`);
    const url = new URL(pgEnv.DATABASE_URL);
    url.pathname = `/${dbs[0].datname}`;
    db = new Client({ connectionString: url.toString() });
    await db.connect();
    const d = db;
    const countSpans = async () =>
      Number(
        (await d.query('SELECT count(*)::bigint AS n FROM traces_spans'))
          .rows[0].n,
      );

    const nowNs = BigInt(Date.now()) * 1_000_000n;
    const templates = Array.from({ length: TEMPLATES }, () => template(nowNs));
    let counter = 0;

    const portalTarget: Target = {
      url: `${p.baseUrl}/api/traces/v1/traces`,
      headers: { authorization: `Bearer ${ingestToken}` },
    };
    /** Sends fresh batches from SENDERS loops until `until` (ms) or `batches` are sent. */
    const send = async (
      format: Format,
      limit: { until?: number; batches?: number },
      target: Target = portalTarget,
    ) => {
      const contentType =
        format === 'json' ? 'application/json' : 'application/x-protobuf';
      let batches = 0;
      let accepted = 0;
      let rejected = 0;
      let retried = 0;
      const more = () =>
        limit.until !== undefined
          ? performance.now() < limit.until
          : batches < limit.batches!;
      const sender = async () => {
        while (more()) {
          batches++;
          const n = ++counter;
          const body = encode(templates[n % TEMPLATES], format, n);
          for (;;) {
            const res = await fetch(target.url, {
              method: 'POST',
              headers: { 'content-type': contentType, ...target.headers },
              body,
            });
            const bytes = new Uint8Array(await res.arrayBuffer());
            if (res.status === 429 || res.status === 503) {
              retried++;
              await sleep(100);
              continue;
            }
            if (res.status !== 200)
              throw new Error(
                `receiver answered ${res.status}: ${Buffer.from(
                  bytes,
                ).toString()}`,
              );
            const answer =
              format === 'json'
                ? bytes.length
                  ? JSON.parse(Buffer.from(bytes).toString('utf8'))
                  : {}
                : ProtobufTraceSerializer.deserializeResponse(bytes);
            const r = Number(answer.partialSuccess?.rejectedSpans ?? 0);
            rejected += r;
            accepted += BATCH - r;
            break;
          }
        }
      };
      await Promise.all(Array.from({ length: SENDERS }, sender));
      return { batches, accepted, rejected, retried };
    };

    const ingest = async (format: Format): Promise<IngestRun> => {
      const before = await countSpans();
      const cpu0 = cpuSeconds(backendPid);
      const pg0 = postgresCpuSeconds(postmaster);
      const t0 = performance.now();
      const sent = await send(format, { until: t0 + SECONDS * 1000 });
      const seconds = (performance.now() - t0) / 1000;
      const backendCpuSeconds = cpuSeconds(backendPid) - cpu0;
      const pgCpu = postgresCpuSeconds(postmaster) - pg0;
      const committed = (await countSpans()) - before;
      return {
        format,
        seconds,
        ...sent,
        committed,
        spansPerSecond: committed / seconds,
        backendCpuSeconds,
        postgresCpuSeconds: pgCpu,
      };
    };

    const rssBeforeKb = statusKb(backendPid, 'VmRSS');
    const runs: IngestRun[] = [];
    const peakKb: Record<Format, number> = { protobuf: 0, json: 0 };
    for (const format of ['protobuf', 'json'] as const) {
      await send(format, { batches: 40 }); // warm-up: JIT, pools, plans
      for (let i = 0; i < RUNS; i++) {
        const r = await ingest(format);
        runs.push(r);
        console.log(
          `  ${format} run ${i + 1}: ${int(
            r.committed,
          )} spans committed in ${r.seconds.toFixed(1)} s = ${int(
            r.spansPerSecond,
          )}/s (accepted ${int(r.accepted)}, rejected ${
            r.rejected
          }, 429/503 retried ${r.retried})`,
        );
        if (r.committed !== r.accepted)
          throw new Error(
            `accepted ${r.accepted} spans but ${r.committed} were committed`,
          );
      }
      // VmHWM only grows, so JSON's figure includes protobuf's peak.
      peakKb[format] = statusKb(backendPid, 'VmHWM');
    }

    // Anchor: the rows the backend committed, COPYed into a fresh table of the same schema.
    const ingested = runs.map(r => r.committed);
    const anchorRows = Math.round(median(ingested));
    const { rows: sample } = await d.query<Row>(
      `SELECT ${COLUMNS.join(', ')} FROM traces_spans LIMIT ${anchorRows}`,
    );
    const copyRuns: Array<{
      rows: number;
      seconds: number;
      spansPerSecond: number;
      cpuSeconds: number;
      postgresCpuSeconds: number;
    }> = [];
    await d.query('DROP TABLE IF EXISTS bench_copy');
    await d.query('CREATE TABLE bench_copy (LIKE traces_spans INCLUDING ALL)');
    for (let i = 0; i < RUNS; i++) {
      await d.query('TRUNCATE bench_copy');
      const cpu0 = process.cpuUsage();
      const pg0 = postgresCpuSeconds(postmaster);
      const t0 = performance.now();
      for (let at = 0; at < sample.length; at += COPY_CHUNK)
        await copyIn(
          d,
          'bench_copy',
          copyText(sample.slice(at, at + COPY_CHUNK)),
        );
      const seconds = (performance.now() - t0) / 1000;
      const cpu = process.cpuUsage(cpu0);
      const [{ n }] = (
        await d.query('SELECT count(*)::int AS n FROM bench_copy')
      ).rows;
      if (n !== sample.length)
        throw new Error(`COPY wrote ${n} rows, expected ${sample.length}`);
      copyRuns.push({
        rows: n,
        seconds,
        spansPerSecond: n / seconds,
        cpuSeconds: (cpu.user + cpu.system) / 1e6,
        postgresCpuSeconds: postgresCpuSeconds(postmaster) - pg0,
      });
      console.log(
        `  COPY run ${i + 1}: ${int(n)} rows in ${seconds.toFixed(1)} s = ${int(
          n / seconds,
        )}/s`,
      );
    }
    await d.query('DROP TABLE bench_copy');

    // Fill to TOTAL_SPANS with copies of the committed rows: new trace ids, spread over a day.
    const fillStart = performance.now();
    let stored = await countSpans();
    if (stored > TOTAL_SPANS) {
      // Ingest alone stored more: whole traces beyond the figure go, the first sent first.
      await d.query(
        `DELETE FROM traces_spans WHERE trace_id IN (
           SELECT DISTINCT trace_id FROM traces_spans ORDER BY trace_id LIMIT $1)`,
        [Math.ceil((stored - TOTAL_SPANS) / SPANS_PER_TRACE)],
      );
      stored = await countSpans();
    }
    // Everything ingest stored started in the last few minutes. A portal that has run all day
    // holds a day of spans, so each trace moves back by up to 24 h (derived from its id): the
    // last hour then holds about 1/24 of them, as the Traces tab's default search would find.
    await d.query(
      `UPDATE traces_spans t
          SET start_ms = t.start_ms - s.shift,
              start_ns = lpad((t.start_ns::numeric - s.shift * 1000000)::text, 20, '0'),
              end_ns = lpad((t.end_ns::numeric - s.shift * 1000000)::text, 20, '0')
         FROM (SELECT DISTINCT trace_id,
                      abs(('x' || substr(trace_id, 25, 8))::bit(32)::bigint) % $1 AS shift
                 FROM traces_spans) s
        WHERE t.trace_id = s.trace_id`,
      [DAY],
    );
    const passes = Math.max(
      0,
      Math.ceil((TOTAL_SPANS - stored) / sample.length),
    );
    let missing = TOTAL_SPANS - stored;
    for (let pass = 0; pass < passes && missing > 0; pass++) {
      const shiftMs = -Math.round(((pass + 1) * DAY) / (passes + 1));
      const shiftNs = BigInt(shiftMs) * 1_000_000n;
      const prefix = hex8(0xf0000000 + pass);
      const rows = sample.slice(0, missing).map(r => ({
        ...r,
        trace_id: prefix + String(r.trace_id).slice(8),
        start_ms: Number(r.start_ms) + shiftMs,
        start_ns: (BigInt(r.start_ns!) + shiftNs).toString().padStart(20, '0'),
        end_ns: (BigInt(r.end_ns!) + shiftNs).toString().padStart(20, '0'),
      }));
      for (let at = 0; at < rows.length; at += COPY_CHUNK * 4)
        await copyIn(
          d,
          'traces_spans',
          copyText(rows.slice(at, at + COPY_CHUNK * 4)),
        );
      missing -= rows.length;
    }
    await d.query('ANALYZE traces_spans');
    const total = await countSpans();
    console.log(
      `  ${int(total)} spans stored (COPY fill) in ${(
        (performance.now() - fillStart) /
        1000
      ).toFixed(0)} s\n`,
    );

    // Queries through the HTTP API, one at a time, as the Traces tab makes them.
    const { rows: ids } = await d.query(
      `SELECT trace_id FROM traces_spans TABLESAMPLE SYSTEM (1) LIMIT ${REQUESTS}`,
    );
    const timed = async (paths: string[]) => {
      for (const p0 of paths.slice(0, 10)) await p.json(p0); // warm-up
      const out: number[] = [];
      for (const p0 of paths) {
        const t0 = performance.now();
        await p.json(p0);
        out.push(performance.now() - t0);
      }
      return out;
    };
    const at = (i: number) => SERVICES[i % SERVICES.length];
    const now = Date.now();
    const latency = {
      traceById: await timed(
        Array.from(
          { length: REQUESTS },
          (_, i) => `/api/traces/traces/${ids[i % ids.length].trace_id}`,
        ),
      ),
      searchHour: await timed(
        Array.from(
          { length: REQUESTS },
          (_, i) => `/api/traces/services/${at(i)}/traces`,
        ),
      ),
      searchDay: await timed(
        Array.from(
          { length: REQUESTS },
          (_, i) =>
            `/api/traces/services/${at(i)}/traces?from=${now - DAY}&to=${now}`,
        ),
      ),
    };

    // Jaeger after the portal has stopped, so neither takes CPU from the other.
    await p.stop();
    const jaegerRuns: JaegerRun[] = [];
    const jaegerPeakKb: Partial<Record<JaegerStorage, number>> = {};
    if (JAEGER) {
      const bin = await buildJaeger();
      for (const storage of ['memory', 'badger'] as const) {
        const dir = await fsp.mkdtemp(path.join(tmp, `jaeger-${storage}-`));
        const jaeger = await startJaeger(bin, storage, dir);
        const pid = jaeger.child.pid!;
        const target: Target = { url: jaeger.otlpUrl, headers: {} };
        try {
          for (const format of ['protobuf', 'json'] as const) {
            await send(format, { batches: 40 }, target);
            for (let i = 0; i < RUNS; i++) {
              const cpu0 = cpuSeconds(pid);
              const t0 = performance.now();
              const sent = await send(
                format,
                { until: t0 + SECONDS * 1000 },
                target,
              );
              const seconds = (performance.now() - t0) / 1000;
              const r: JaegerRun = {
                storage,
                format,
                seconds,
                ...sent,
                spansPerSecond: sent.accepted / seconds,
                cpuSeconds: cpuSeconds(pid) - cpu0,
              };
              jaegerRuns.push(r);
              console.log(
                `  Jaeger ${storage} ${format} run ${i + 1}: ${int(
                  r.accepted,
                )} spans stored in ${seconds.toFixed(1)} s = ${int(
                  r.spansPerSecond,
                )}/s (rejected ${r.rejected}, retried ${r.retried})`,
              );
            }
          }
          jaegerPeakKb[storage] = statusKb(pid, 'VmHWM');
          // The spans must be readable back, or the rate would measure a receiver that drops them.
          const found = await fetch(
            `${jaeger.queryUrl}/api/traces?service=${SERVICES[1]}&limit=5&lookback=2h`,
          ).then(r => r.json());
          if (!Array.isArray(found.data) || found.data.length === 0)
            throw new Error(
              `Jaeger (${storage}) returned no ${
                SERVICES[1]
              } trace after ingest: ${JSON.stringify(found).slice(0, 500)}`,
            );
        } finally {
          jaeger.child.kill('SIGTERM');
          await new Promise(resolve => {
            if (jaeger.child.exitCode !== null) resolve(undefined);
            else jaeger.child.once('exit', resolve);
          });
        }
      }
    }

    const byFormat = (f: Format) => runs.filter(r => r.format === f);
    const rate = (f: Format) => median(byFormat(f).map(r => r.spansPerSecond));
    const cores = (f: Format) =>
      median(byFormat(f).map(r => r.backendCpuSeconds / r.seconds));
    const pgCores = (f: Format) =>
      median(byFormat(f).map(r => r.postgresCpuSeconds / r.seconds));
    const copyRate = median(copyRuns.map(r => r.spansPerSecond));
    const copyCores = median(copyRuns.map(r => r.cpuSeconds / r.seconds));
    const copyPgCores = median(
      copyRuns.map(r => r.postgresCpuSeconds / r.seconds),
    );
    const mb = (kb: number) => `${Math.round(kb / 1024)} MB`;
    const msCell = (xs: number[]) =>
      `${percentile(xs, 0.5).toFixed(1)} / ${percentile(xs, 0.95).toFixed(
        1,
      )} ms`;
    const rows: Array<[string, string, string]> = [
      [
        'ingest, OTLP protobuf (spans/s committed)',
        int(rate('protobuf')),
        `backend ${cores('protobuf').toFixed(2)} cores, PostgreSQL ${pgCores(
          'protobuf',
        ).toFixed(2)} cores`,
      ],
      [
        'ingest, OTLP JSON (spans/s committed)',
        int(rate('json')),
        `backend ${cores('json').toFixed(2)} cores, PostgreSQL ${pgCores(
          'json',
        ).toFixed(2)} cores`,
      ],
      [
        'anchor: COPY traces_spans FROM STDIN (rows/s)',
        int(copyRate),
        `bench process ${copyCores.toFixed(
          2,
        )} cores, PostgreSQL ${copyPgCores.toFixed(2)} cores; ${int(
          anchorRows,
        )} rows, ${COPY_CHUNK} per COPY`,
      ],
      [
        'ratio ingest / COPY, protobuf',
        `${(rate('protobuf') / copyRate).toFixed(2)}x`,
        '',
      ],
      [
        'ratio ingest / COPY, JSON',
        `${(rate('json') / copyRate).toFixed(2)}x`,
        '',
      ],
      [
        'backend peak RSS (VmHWM)',
        mb(peakKb.protobuf),
        `after protobuf; ${mb(peakKb.json)} after JSON; ${mb(
          rssBeforeKb,
        )} RSS before ingest`,
      ],
      [
        `GET /traces/:id, p50 / p95`,
        msCell(latency.traceById),
        `${int(
          total,
        )} spans stored, ${SPANS_PER_TRACE} spans per trace, ${REQUESTS} requests`,
      ],
      [
        'GET /services/:s/traces (last hour), p50 / p95',
        msCell(latency.searchHour),
        'API defaults: last hour, limit 50',
      ],
      [
        'GET /services/:s/traces (24 h), p50 / p95',
        msCell(latency.searchDay),
        'from/to spanning every stored span, limit 50',
      ],
    ];
    for (const storage of ['memory', 'badger'] as const) {
      for (const format of ['protobuf', 'json'] as const) {
        const mine = jaegerRuns.filter(
          r => r.storage === storage && r.format === format,
        );
        if (!mine.length) continue;
        const jr = median(mine.map(r => r.spansPerSecond));
        rows.push([
          `Jaeger v2 ${storage}, OTLP ${format} (spans/s stored)`,
          int(jr),
          `Jaeger ${median(mine.map(r => r.cpuSeconds / r.seconds)).toFixed(
            2,
          )} cores; portal / Jaeger ${(rate(format) / jr).toFixed(2)}x`,
        ]);
      }
      if (jaegerPeakKb[storage])
        rows.push([
          `Jaeger v2 ${storage} peak RSS (VmHWM)`,
          mb(jaegerPeakKb[storage]!),
          'after its protobuf and JSON runs',
        ]);
    }
    const width = Math.max(...rows.map(r => r[0].length));
    for (const [label, value, note] of rows)
      console.log(`${label.padEnd(width)}  ${value.padStart(17)}  ${note}`);

    const out = path.join(
      REPO_ROOT,
      'bench/results',
      `otlp-ingest-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
    );
    await fsp.mkdir(path.dirname(out), { recursive: true });
    await fsp.writeFile(
      out,
      JSON.stringify(
        {
          cores: os.cpus().length,
          loadavgAtStart: os.loadavg(),
          seconds: SECONDS,
          senders: SENDERS,
          batch: BATCH,
          ingest: runs,
          copy: copyRuns,
          peakRssKb: peakKb,
          rssBeforeIngestKb: rssBeforeKb,
          spansStored: total,
          latencyMs: latency,
          jaeger: JAEGER
            ? { runs: jaegerRuns, peakRssKb: jaegerPeakKb }
            : undefined,
        },
        null,
        2,
      ),
    );
    console.log(`\nraw figures: ${path.relative(REPO_ROOT, out)}`);
  } finally {
    await db?.end().catch(() => undefined);
    await portal?.stop();
    await portal?.cleanup();
    await stack('purge', 'postgres').catch(() => undefined);
    await fsp.rm(tmp, { recursive: true, force: true });
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
