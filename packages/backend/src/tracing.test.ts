import { spawn } from 'node:child_process';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { ROOT_CONTEXT, SpanKind } from '@opentelemetry/api';
import { SamplingDecision } from '@opentelemetry/sdk-trace';
import {
  RequestRootSampler,
  isTracingConfigured,
  isUntracedRequest,
} from './tracing';

describe('isTracingConfigured', () => {
  it('is off when nothing is configured, so nothing is exported anywhere', () => {
    expect(isTracingConfigured({})).toBe(false);
  });

  it('is on with an OTLP endpoint, general or for traces', () => {
    expect(
      isTracingConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' }),
    ).toBe(true);
    expect(
      isTracingConfigured({
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c:4318/v1/traces',
      }),
    ).toBe(true);
    expect(isTracingConfigured({ OTEL_TRACES_EXPORTER: 'console' })).toBe(true);
  });

  it('stays off when disabled explicitly, whatever else is set', () => {
    expect(
      isTracingConfigured({
        OTEL_SDK_DISABLED: 'true',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c',
      }),
    ).toBe(false);
    expect(
      isTracingConfigured({
        OTEL_TRACES_EXPORTER: 'none',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c',
      }),
    ).toBe(false);
  });
});

describe('isUntracedRequest', () => {
  it('never traces the OTLP receiver, so the portal exporting to itself cannot loop', () => {
    expect(isUntracedRequest('/api/traces/v1/traces')).toBe(true);
    expect(isUntracedRequest('/api/traces/v1/traces/')).toBe(true);
    expect(isUntracedRequest('/api/traces/v1/traces?x=1')).toBe(true);
  });

  it('never traces health probes', () => {
    expect(isUntracedRequest('/.backstage/health/v1/readiness')).toBe(true);
    expect(isUntracedRequest('/.backstage/health/v1/liveness?x')).toBe(true);
  });

  it('traces everything else, the query API of the traces plugin included', () => {
    expect(isUntracedRequest('/api/catalog/entities')).toBe(false);
    expect(isUntracedRequest('/api/traces/services/paved-portal/traces')).toBe(
      false,
    );
    expect(isUntracedRequest('/api/traces/v1/tracesx')).toBe(false);
    expect(isUntracedRequest(undefined)).toBe(false);
  });
});

describe('RequestRootSampler', () => {
  const decide = (kind: SpanKind) =>
    new RequestRootSampler().shouldSample(
      ROOT_CONTEXT,
      '0af7651916cd43dd8448eb211c80319c',
      'span',
      kind,
    ).decision;

  it('starts traces for requests made to the portal', () => {
    expect(decide(SpanKind.SERVER)).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    expect(decide(SpanKind.CONSUMER)).toBe(SamplingDecision.RECORD_AND_SAMPLED);
  });

  it('starts none for work the portal does on its own', () => {
    for (const kind of [
      SpanKind.INTERNAL,
      SpanKind.CLIENT,
      SpanKind.PRODUCER,
    ]) {
      expect(decide(kind)).toBe(SamplingDecision.NOT_RECORD);
    }
  });
});

/** An OTLP/HTTP JSON receiver that records every request it gets. */
async function startSink(port = 0) {
  const received: Array<{
    url?: string;
    body: any;
    headers: http.IncomingHttpHeaders;
  }> = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => {
      received.push({
        url: req.url,
        headers: req.headers,
        body: JSON.parse(Buffer.concat(chunks).toString() || '{}'),
      });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    received,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => server.close(),
  };
}

/**
 * Runs a small program with src/instrumentation.ts preloaded, as scripts/start preloads it ahead
 * of the backend: it serves a few requests over node:http, in two export rounds, then exits.
 */
function runInstrumented(env: Record<string, string>): Promise<string> {
  const program = `
    const http = require('node:http');
    const api = require('@opentelemetry/api');
    const { suppressTracing } = require('@opentelemetry/core');
    const provider = api.trace.getTracerProvider();
    console.log('provider=' + (provider.getDelegate ? provider.getDelegate() : provider).constructor.name);
    // The test's own calls come from outside, as a browser's would: untraced, no traceparent.
    const outside = api.context.with(suppressTracing(api.context.active()), () => api.context.active());
    let base;
    const get = (p, ctx) => new Promise(r => api.context.with(ctx ?? api.context.active(), () =>
      http.get(base + p, res => { res.resume(); res.on('end', r); })));
    const server = http.createServer(async (req, res) => {
      // A request that calls another service: its call is a CLIENT child of the SERVER span.
      if (req.url.startsWith('/api/catalog/entities')) await get('/downstream' + req.url.slice(21));
      res.end('ok');
    }).listen(0, '127.0.0.1', async () => {
      base = 'http://127.0.0.1:' + server.address().port;
      // Work the portal does on its own, like the catalog's processing loop: no request behind it.
      api.trace.getTracer('paved-test').startSpan('background-task').end();
      for (const p of ['/api/catalog/entities', '/.backstage/health/v1/readiness', '/api/traces/v1/traces']) {
        await get(p, outside);
      }
      // An Express app as the backend's plugins are: middlewares in front of a route.
      const express = require('express');
      const app = express();
      app.use(express.json());
      app.use((req, res, next) => next());
      app.get('/api/things/items/:id', (req, res) => res.send('ok'));
      const things = await new Promise(r => { const s = app.listen(0, '127.0.0.1', () => r(s)); });
      await new Promise(r => api.context.with(outside, () =>
        http.get('http://127.0.0.1:' + things.address().port + '/api/things/items/7', res => {
          res.resume();
          res.on('end', r);
        })));
      things.close();
      // One more request once the first batch has been exported, so that a second batch exists
      // to carry a span of that export, were the export traced.
      await new Promise(r => setTimeout(r, 500));
      await get('/api/catalog/entities?page=2', outside);
      server.close();
      setTimeout(() => process.exit(0), 1500);
    });`;
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--require',
        require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
        '--require',
        path.resolve(__dirname, 'instrumentation.ts'),
        '-e',
        program,
      ],
      {
        env: { PATH: process.env.PATH, OTEL_BSP_SCHEDULE_DELAY: '100', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    let stdout = '';
    child.stdout.on('data', d => (stdout += d));
    child.stderr.on('data', d => (stderr += d));
    child.on('exit', code =>
      code === 0
        ? resolve(stdout)
        : reject(new Error(`exit ${code}: ${stderr}`)),
    );
  });
}

describe('src/instrumentation.ts with the real OpenTelemetry SDK', () => {
  jest.setTimeout(60_000);

  it('exports server spans over OTLP/HTTP to the configured endpoint, with its headers, never for health probes', async () => {
    const sink = await startSink();
    try {
      const stdout = await runInstrumented({
        OTEL_EXPORTER_OTLP_ENDPOINT: sink.url,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_EXPORTER_OTLP_HEADERS: 'Authorization=Bearer test-token',
      });
      expect(stdout).not.toContain('provider=NoopTracerProvider');
      const traces = sink.received.filter(r => r.url === '/v1/traces');
      expect(traces.length).toBeGreaterThan(0);
      expect(traces[0].headers.authorization).toBe('Bearer test-token');
      const spans = traces.flatMap(t =>
        t.body.resourceSpans.flatMap((rs: any) =>
          rs.scopeSpans.flatMap((ss: any) =>
            ss.spans.map((s: any) => ({
              ...s,
              service: rs.resource.attributes.find(
                (a: any) => a.key === 'service.name',
              )?.value.stringValue,
            })),
          ),
        ),
      );
      const serverSpans = spans.filter(s => s.kind === 2);
      const targets = serverSpans.map(
        s =>
          s.attributes.find(
            (a: any) => a.key === 'url.path' || a.key === 'http.target',
          )?.value.stringValue,
      );
      expect(targets).toContain('/api/catalog/entities');
      expect(targets).not.toContain('/.backstage/health/v1/readiness');
      expect(targets).not.toContain('/api/traces/v1/traces');
      expect(serverSpans[0].service).toBe('paved-portal');
      expect(spans.map(s => s.name)).not.toContain('background-task');
      // Express: the route is there, the middlewares in front of it are not.
      const names = spans.map(s => s.name as string);
      expect(names).toContainEqual(
        expect.stringContaining('/api/things/items/:id'),
      );
      expect(names.filter(n => n.startsWith('middleware - '))).toEqual([]);

      // The program ran for many export rounds: had the exporter's own POSTs been traced, later
      // batches would hold client spans for them. The batch processor exports with tracing
      // suppressed, which is what keeps the portal's export to itself from feeding itself.
      expect(traces.length).toBeGreaterThan(1);
      const clientUrls = spans
        .filter(s => s.kind === 3)
        .map(
          s =>
            s.attributes.find(
              (a: any) => a.key === 'url.full' || a.key === 'http.url',
            )?.value.stringValue,
        );
      expect(clientUrls).toContainEqual(
        expect.stringMatching(/\/downstream\?page=2$/),
      );
      expect(clientUrls.filter(u => u?.startsWith(sink.url))).toEqual([]);
    } finally {
      sink.close();
    }
  });

  it('starts no SDK and sends nothing to the default endpoint when nothing is configured', async () => {
    // An SDK started with defaults would send to localhost:4318, so listen exactly there.
    const sink = await startSink(4318);
    try {
      const stdout = await runInstrumented({
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      });
      expect(stdout).toContain('provider=NoopTracerProvider');
      expect(sink.received).toEqual([]);
    } finally {
      sink.close();
    }
  });
});
