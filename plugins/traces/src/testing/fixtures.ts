// Builders for the unit tests: spans, traces and summaries with readable defaults.
import {
  RedSeries,
  Span,
  Trace,
  TraceSummary,
} from '@paved/plugin-traces-common';
import { TracesApi } from '../api/TracesApi';

export const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
/** 2025-01-01T12:00:00Z in nanoseconds. */
export const T0_NS = 1735732800000000000n;

export const checkoutEntity = (annotations: Record<string, string> = {}) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout', namespace: 'default', annotations },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
});

/**
 * A span starting `atMs` after the trace start and lasting `ms`; ids and names derive from `id`.
 */
export function span(
  id: string,
  parent: string | null,
  options: Partial<Span> & { atMs?: number; ms?: number } = {},
): Span {
  const { atMs = 0, ms = 10, ...rest } = options;
  const start = T0_NS + BigInt(Math.round(atMs * 1e6));
  const end = start + BigInt(Math.round(ms * 1e6));
  return {
    traceId: TRACE_ID,
    spanId: id,
    parentSpanId: parent,
    traceState: '',
    flags: 1,
    name: `op-${id}`,
    kind: 'INTERNAL',
    startTimeUnixNano: start.toString(),
    endTimeUnixNano: end.toString(),
    startMs: Number(start / 1_000_000n),
    durationNs: Math.round(ms * 1e6),
    service: 'checkout',
    attributes: {},
    droppedAttributesCount: 0,
    events: [],
    droppedEventsCount: 0,
    links: [],
    droppedLinksCount: 0,
    status: { code: 'UNSET', message: '' },
    resource: {
      attributes: { 'service.name': rest.service ?? 'checkout' },
      droppedAttributesCount: 0,
    },
    scope: {
      name: '@opentelemetry/instrumentation-http',
      version: '0.57.0',
      attributes: {},
    },
    ...rest,
  };
}

export function trace(spans: Span[], services: Trace['services'] = {}): Trace {
  return { traceId: TRACE_ID, spans, services };
}

export function summary(overrides: Partial<TraceSummary> = {}): TraceSummary {
  return {
    traceId: TRACE_ID,
    rootService: 'checkout',
    rootName: 'GET /cart',
    hasRoot: true,
    startMs: Date.now() - 90_000,
    durationNs: 42_000_000,
    spanCount: 12,
    errorCount: 0,
    services: ['checkout', 'cart'],
    ...overrides,
  };
}

/** A series of `n` one-minute steps ending at `to`, counts from `count(i)`. */
export function redSeries(
  n: number,
  count: (i: number) => number,
  to = Date.UTC(2025, 0, 1, 12),
): RedSeries {
  const stepMs = 60_000;
  return {
    service: 'checkout',
    operation: null,
    stepMs,
    points: Array.from({ length: n }, (_, i) => {
      const c = count(i);
      const errors = Math.floor(c / 10);
      return {
        t: to - (n - i) * stepMs,
        count: c,
        errors,
        rate: c / 60,
        errorRatio: c ? errors / c : null,
        p50: c ? 20 + i : null,
        p95: c ? 80 + i : null,
        p99: c ? 200 + i : null,
      };
    }),
  };
}

/** A TracesApi whose methods are jest mocks answering "nothing yet" unless overridden. */
export function fakeApi(
  overrides: Partial<Record<keyof TracesApi, jest.Mock>> = {},
) {
  return {
    getTrace: jest.fn().mockResolvedValue(trace([])),
    searchTraces: jest.fn().mockResolvedValue([]),
    listOperations: jest.fn().mockResolvedValue([]),
    getRed: jest.fn().mockResolvedValue(redSeries(0, () => 0)),
    getSystemDependencies: jest.fn(),
    getIngestUrl: jest
      .fn()
      .mockResolvedValue('http://localhost:7007/api/traces/v1/traces'),
    ...overrides,
  };
}
