import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import {
  OperationSummary,
  RedSeries,
  SystemDependencies,
  Trace,
  TraceQuery,
  TraceSummary,
} from '@paved/plugin-traces-common';
import { TimeWindow, TracesApi } from './TracesApi';

type Params = Record<string, string | number | boolean | undefined>;

/** Talks to `/api/traces` with the signed-in user's credentials. */
export class TracesClient implements TracesApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  private async get<T>(path: string, query?: URLSearchParams): Promise<T> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('traces');
    const qs = query?.toString();
    const response = await this.options.fetchApi.fetch(
      `${baseUrl}${path}${qs ? `?${qs}` : ''}`,
    );
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return response.json();
  }

  private params(values: Params): URLSearchParams {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(values)) {
      if (value !== undefined && value !== '') query.set(key, String(value));
    }
    return query;
  }

  private service(service: string) {
    return `/services/${encodeURIComponent(service)}`;
  }

  getTrace(traceId: string) {
    return this.get<Trace>(`/traces/${encodeURIComponent(traceId)}`);
  }

  async searchTraces(q: TraceQuery) {
    const query = this.params({
      from: q.from,
      to: q.to,
      operation: q.operation,
      minDurationMs: q.minDurationMs,
      maxDurationMs: q.maxDurationMs,
      // The backend reads presence as "on"; leave it out rather than send false.
      errorsOnly: q.errorsOnly ? true : undefined,
      limit: q.limit,
    });
    for (const [key, value] of Object.entries(q.attributes ?? {})) {
      query.append('attr', `${key}=${value}`);
    }
    const answer = await this.get<{ traces: TraceSummary[] }>(
      `${this.service(q.service)}/traces`,
      query,
    );
    return answer.traces;
  }

  async listOperations(service: string, window: TimeWindow) {
    const answer = await this.get<{ operations: OperationSummary[] }>(
      `${this.service(service)}/operations`,
      this.params({ ...window }),
    );
    return answer.operations;
  }

  getRed(
    service: string,
    options: TimeWindow & { stepMs: number; operation?: string },
  ) {
    return this.get<RedSeries>(
      `${this.service(service)}/red`,
      this.params({
        from: options.from,
        to: options.to,
        stepMs: options.stepMs,
        operation: options.operation,
      }),
    );
  }

  getSystemDependencies(systemRef: string, window: TimeWindow) {
    const { namespace, name } = parseEntityRef(systemRef, {
      defaultKind: 'system',
    });
    return this.get<SystemDependencies>(
      `/systems/${encodeURIComponent(namespace)}/${encodeURIComponent(
        name,
      )}/dependencies`,
      this.params({ ...window }),
    );
  }

  async getIngestUrl() {
    return `${await this.options.discoveryApi.getBaseUrl('traces')}/v1/traces`;
  }
}
