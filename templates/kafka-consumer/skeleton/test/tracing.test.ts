import assert from 'node:assert/strict';
import { test } from 'node:test';
import { propagation, trace } from '@opentelemetry/api';
import {
  isTracingActive,
  isTracingConfigured,
  portalExportEnv,
  resolveTraceExport,
  startTracing,
} from '../src/tracing';

test('tracing counts as configured only with an OTLP endpoint or the portal token', () => {
  assert.equal(isTracingConfigured({}), false);
  assert.equal(isTracingConfigured({ OTEL_SERVICE_NAME: 'x', OTEL_EXPORTER_OTLP_HEADERS: 'a=b' }), false);
  assert.equal(isTracingConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: '  ' }), false);
  assert.equal(isTracingConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://portal/api/traces' }), true);
  assert.equal(
    isTracingConfigured({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://portal/api/traces/v1/traces' }),
    true,
  );
});

test('OTEL_SDK_DISABLED and OTEL_TRACES_EXPORTER=none switch tracing off despite an endpoint', () => {
  const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://portal/api/traces' };
  assert.equal(isTracingConfigured({ ...endpoint, OTEL_SDK_DISABLED: 'TRUE' }), false);
  assert.equal(isTracingConfigured({ ...endpoint, OTEL_TRACES_EXPORTER: 'otlp, none' }), false);
  assert.equal(isTracingConfigured({ ...endpoint, OTEL_SDK_DISABLED: 'false' }), true);
});

test('the portal baked in at generation is the default, once PAVED_OTLP_TOKEN is set', () => {
  const portal = 'http://portal.test/api/traces/v1/traces';
  assert.deepEqual(resolveTraceExport({ PAVED_OTLP_TOKEN: ' s3cret ' }, portal), {
    target: 'portal',
    url: portal,
    token: 's3cret',
  });
  assert.equal(isTracingConfigured({ PAVED_OTLP_TOKEN: 's3cret' }, portal), true);
  assert.equal(isTracingConfigured({ PAVED_OTLP_TOKEN: 's3cret' }, ''), false, 'no portal was known when generated');
});

test('without a token nothing is exported, and the hint says how to turn tracing to the portal on', () => {
  const portal = 'http://portal.test/api/traces/v1/traces';
  const decided = resolveTraceExport({ PAVED_OTLP_TOKEN: '  ' }, portal);
  assert.equal(decided.target, 'none');
  assert.match(decided.target === 'none' ? decided.hint : '', /set PAVED_OTLP_TOKEN .* to send traces to http:\/\/portal\.test\/api\/traces\/v1\/traces/);
  const withoutPortal = resolveTraceExport({}, '');
  assert.match(withoutPortal.target === 'none' ? withoutPortal.hint : '', /set OTEL_EXPORTER_OTLP_ENDPOINT/);
});

test('the standard OTEL_EXPORTER_OTLP_* endpoint wins over the portal, and never gets its token', () => {
  const portal = 'http://portal.test/api/traces/v1/traces';
  const env = { PAVED_OTLP_TOKEN: 's3cret', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' };
  assert.deepEqual(resolveTraceExport(env, portal), { target: 'otel' });
  assert.deepEqual(
    resolveTraceExport({ PAVED_OTLP_TOKEN: 's3cret', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c/v1/traces' }, portal),
    { target: 'otel' },
  );
  assert.equal(resolveTraceExport({ ...env, OTEL_SDK_DISABLED: 'true' }, portal).target, 'none');
  assert.equal(resolveTraceExport({ PAVED_OTLP_TOKEN: 's3cret', OTEL_TRACES_EXPORTER: 'none' }, portal).target, 'none');
});

test('the portal export adds the bearer token to the traces headers, keeping any others', () => {
  const portal = { url: 'http://portal.test/api/traces/v1/traces', token: 's3cret' };
  assert.deepEqual(portalExportEnv({}, portal), {
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: portal.url,
    OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'Authorization=Bearer s3cret',
  });
  assert.equal(
    portalExportEnv({ OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'x-team=payments' }, portal).OTEL_EXPORTER_OTLP_TRACES_HEADERS,
    'x-team=payments,Authorization=Bearer s3cret',
  );
  assert.equal(
    portalExportEnv({ OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer other' }, portal).OTEL_EXPORTER_OTLP_TRACES_HEADERS,
    '',
    'an Authorization header set by hand wins',
  );
});

// This file runs in its own process (node --test isolates files), so the globals checked here
// have not been touched by any other test.
test('without an endpoint, startTracing starts nothing and registers no tracer or propagator', () => {
  assert.equal(startTracing('demo', {}), undefined);
  assert.equal(isTracingActive(), false);

  const span = trace.getTracer('probe').startSpan('probe');
  assert.equal(span.isRecording(), false);
  span.end();
  assert.deepEqual(propagation.fields(), []);
});
