import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  OperationSummary,
  RedSeries,
  SystemDependencies,
  Trace,
  TraceQuery,
  TraceSummary,
} from '@paved/plugin-traces-common';

/** A time window in epoch milliseconds. */
export interface TimeWindow {
  from: number;
  to: number;
}

/** @public */
export interface TracesApi {
  getTrace(traceId: string): Promise<Trace>;
  searchTraces(query: TraceQuery): Promise<TraceSummary[]>;
  listOperations(
    service: string,
    window: TimeWindow,
  ): Promise<OperationSummary[]>;
  getRed(
    service: string,
    options: TimeWindow & { stepMs: number; operation?: string },
  ): Promise<RedSeries>;
  /** `systemRef` as in the catalog, e.g. `system:default/shop`. */
  getSystemDependencies(
    systemRef: string,
    window: TimeWindow,
  ): Promise<SystemDependencies>;
  /** Where services send OTLP/HTTP traces, for the instructions shown before any arrived. */
  getIngestUrl(): Promise<string>;
}

/** @public */
export const tracesApiRef = createApiRef<TracesApi>({
  id: 'plugin.traces.api',
});
