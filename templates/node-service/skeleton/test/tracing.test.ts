import assert from 'node:assert/strict';
import { test } from 'node:test';
import { propagation, trace } from '@opentelemetry/api';
import { isTracingActive, isTracingConfigured, startTracing } from '../src/tracing';

test('tracing counts as configured only when an OTLP endpoint is set', () => {
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
