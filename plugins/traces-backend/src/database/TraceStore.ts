import {
  ObservedEdge,
  OperationSummary,
  RedSeries,
  Span,
  TraceSummary,
} from '@paved/plugin-traces-common';

/** A trace search as the store runs it: every bound given. */
export interface TraceSearch {
  service: string;
  from: number;
  to: number;
  operation?: string;
  minDurationNs?: number;
  maxDurationNs?: number;
  errorsOnly?: boolean;
  attributes?: Record<string, string>;
  limit: number;
}

export interface ServiceSummary {
  name: string;
  /** Entry spans (SERVER, CONSUMER or roots) in the window. */
  spans: number;
  errors: number;
  lastSeenMs: number;
}

export interface RetentionPolicy {
  /** Spans that started before this (epoch ms) go. */
  spansBefore: number;
  /** At most this many spans are kept; the oldest go first. */
  maxSpans: number;
  /** RED rollups of minutes before this go. */
  metricsBefore: number;
}

/**
 * Where spans live: written in batches, each acknowledged only once committed, and read by
 * trace, by service and as rollups.
 */
export interface TraceStore {
  /** Stores spans in one transaction; spans already stored (an exporter's retry) are skipped. */
  write(spans: Span[]): Promise<{ inserted: number }>;
  /** Every span of a trace, earliest start first; empty when none arrived. */
  getTrace(traceId: string): Promise<Span[]>;
  /** Traces with a span of the service matching the search, newest first. */
  searchTraces(search: TraceSearch): Promise<TraceSummary[]>;
  /** Span names of a service in the window, most frequent first. */
  operations(
    service: string,
    from: number,
    to: number,
  ): Promise<OperationSummary[]>;
  /** Services that sent entry spans in the window. */
  services(from: number, to: number): Promise<ServiceSummary[]>;
  /** RED metrics of a service (one operation, or all when null) in steps of `stepMs`. */
  red(options: {
    service: string;
    operation: string | null;
    from: number;
    to: number;
    stepMs: number;
  }): Promise<RedSeries>;
  /** Calls between services seen in the window: a span whose parent belongs to another service. */
  dependencies(from: number, to: number): Promise<ObservedEdge[]>;
  /** Applies retention; returns what went. */
  prune(
    policy: RetentionPolicy,
  ): Promise<{ spans: number; metricRows: number; resources: number }>;
}
