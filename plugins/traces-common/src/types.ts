/**
 * An attribute value as OTLP carries it, in JSON: strings, booleans, doubles, integers (as a
 * number when it fits a double exactly, else as a decimal string), arrays, key-value lists (as
 * objects) and bytes (as base64 strings).
 *
 * @public
 */
export type AttributeValue =
  | string
  | number
  | boolean
  | null
  | AttributeValue[]
  | { [key: string]: AttributeValue };

/** @public */
export type Attributes = Record<string, AttributeValue>;

/**
 * What a span did, from OTLP's SpanKind.
 *
 * @public
 */
export type SpanKind =
  | 'UNSPECIFIED'
  | 'INTERNAL'
  | 'SERVER'
  | 'CLIENT'
  | 'PRODUCER'
  | 'CONSUMER';

/** @public */
export const SPAN_KINDS: SpanKind[] = [
  'UNSPECIFIED',
  'INTERNAL',
  'SERVER',
  'CLIENT',
  'PRODUCER',
  'CONSUMER',
];

/** @public */
export type StatusCode = 'UNSET' | 'OK' | 'ERROR';

/** @public */
export const STATUS_CODES: StatusCode[] = ['UNSET', 'OK', 'ERROR'];

/** @public */
export interface SpanEvent {
  /** Nanoseconds since the epoch, as a decimal string (int64 does not fit a double). */
  timeUnixNano: string;
  name: string;
  attributes: Attributes;
  droppedAttributesCount: number;
}

/** @public */
export interface SpanLink {
  traceId: string;
  spanId: string;
  traceState: string;
  attributes: Attributes;
  droppedAttributesCount: number;
}

/**
 * One span as the portal stores and serves it: everything OTLP sent, ids in lowercase hex.
 *
 * @public
 */
export interface Span {
  traceId: string;
  spanId: string;
  /** Empty for a root span. */
  parentSpanId: string | null;
  traceState: string;
  flags: number;
  name: string;
  kind: SpanKind;
  /** Nanoseconds since the epoch, as decimal strings: exact, unlike a double. */
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  /** Convenience copies for display: start in epoch milliseconds, duration in nanoseconds. */
  startMs: number;
  durationNs: number;
  /** The resource's `service.name`. */
  service: string;
  attributes: Attributes;
  droppedAttributesCount: number;
  events: SpanEvent[];
  droppedEventsCount: number;
  links: SpanLink[];
  droppedLinksCount: number;
  status: { code: StatusCode; message: string };
  resource: { attributes: Attributes; droppedAttributesCount: number };
  scope: { name: string; version: string; attributes: Attributes };
}

/**
 * Answer of `GET /traces/:traceId`: every span received for the trace, oldest start first, and
 * for each service the catalog entity it maps to (null when none does).
 *
 * @public
 */
export interface Trace {
  traceId: string;
  spans: Span[];
  services: Record<string, string | null>;
}

/**
 * One trace in a search result.
 *
 * @public
 */
export interface TraceSummary {
  traceId: string;
  /** The root span's service and name, or the earliest span's when the root never arrived. */
  rootService: string;
  rootName: string;
  /** False when no span of the trace is a root (its parent never arrived). */
  hasRoot: boolean;
  startMs: number;
  durationNs: number;
  spanCount: number;
  errorCount: number;
  services: string[];
}

/**
 * Criteria of a trace search for one service.
 *
 * @public
 */
export interface TraceQuery {
  service: string;
  /** Epoch milliseconds; the last hour by default. */
  from?: number;
  to?: number;
  /** A span name of the service. */
  operation?: string;
  minDurationMs?: number;
  maxDurationMs?: number;
  /** Only traces in which a span of the service has status ERROR. */
  errorsOnly?: boolean;
  /** `key=value` pairs a span of the service must carry (values compared as text). */
  attributes?: Record<string, string>;
  /** At most this many traces, newest first (default 50, at most 500). */
  limit?: number;
}

/**
 * RED metrics for one step of a series: the entry spans (SERVER, CONSUMER, or a trace's root)
 * that started in it.
 *
 * @public
 */
export interface RedPoint {
  /** Start of the step, epoch milliseconds. */
  t: number;
  count: number;
  errors: number;
  /** Spans per second over the step. */
  rate: number;
  /** errors / count, null when nothing ran. */
  errorRatio: number | null;
  /** Latency percentiles in milliseconds, from a log-scale histogram (within 5%). */
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

/** @public */
export interface RedSeries {
  service: string;
  /** Null for all operations of the service together. */
  operation: string | null;
  stepMs: number;
  points: RedPoint[];
}

/** @public */
export interface OperationSummary {
  name: string;
  count: number;
  errors: number;
}

/**
 * A call seen in spans: a span of `from` whose child span belongs to `to`.
 *
 * @public
 */
export interface ObservedEdge {
  from: string;
  to: string;
  calls: number;
  errors: number;
}

/**
 * One edge of a system's dependency graph, observed in spans, declared in the catalog, or both.
 *
 * @public
 */
export interface SystemDependency {
  /** Entity refs where the service maps to an entity, else the bare `service.name`. */
  from: string;
  to: string;
  fromService: string | null;
  toService: string | null;
  observed: boolean;
  declared: boolean;
  calls: number;
  errors: number;
}

/**
 * Answer of `GET /systems/:namespace/:name/dependencies`.
 *
 * @public
 */
export interface SystemDependencies {
  systemRef: string;
  from: number;
  to: number;
  /** The system's components with the `service.name` their spans carry. */
  components: Array<{ entityRef: string; service: string }>;
  dependencies: SystemDependency[];
}

/**
 * Answer of the OTLP receiver, in the spec's shape: spans refused, and why.
 *
 * @public
 */
export interface ExportTraceServiceResponse {
  partialSuccess?: { rejectedSpans: string; errorMessage: string };
}
