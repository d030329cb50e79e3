/*
 * OpenTelemetry tracing, started by instrumentation.ts before anything loads node:http. Spans go
 * to the Paved portal that created this service once PAVED_OTLP_TOKEN is set; the standard
 * OTEL_* variables send them anywhere else instead.
 */
import { NodeSDK } from '@opentelemetry/sdk-node';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';

/** Probes hit every pod every few seconds; tracing them would drown the real traffic. */
const UNTRACED_PATHS = new Set(['/healthz', '/readyz']);

let active: NodeSDK | undefined;

/**
 * The portal's OTLP/HTTP traces URL, baked in when the service was generated. Spans go there by
 * default; only the ingest token, a secret, has to come from the environment.
 */
export const PORTAL_TRACES_ENDPOINT = '${{ values.otlpTracesEndpoint }}';

/** Where spans go, as decided from the environment before the SDK starts. */
export type TraceExport =
  /** The standard OTEL_EXPORTER_OTLP_* variables name the receiver; the SDK reads them as is. */
  | { target: 'otel' }
  /** The portal, with the token from PAVED_OTLP_TOKEN. */
  | { target: 'portal'; url: string; token: string }
  /** Nothing is exported; `hint` says why, and how to turn it on when it is merely unconfigured. */
  | { target: 'none'; hint: string };

export function resolveTraceExport(
  env: NodeJS.ProcessEnv,
  portalEndpoint: string = PORTAL_TRACES_ENDPOINT,
): TraceExport {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') {
    return { target: 'none', hint: 'tracing is off: OTEL_SDK_DISABLED is true' };
  }
  const exporters = (env.OTEL_TRACES_EXPORTER ?? '').split(',').map(name => name.trim().toLowerCase());
  if (exporters.includes('none')) {
    return { target: 'none', hint: 'tracing is off: OTEL_TRACES_EXPORTER is none' };
  }
  // An explicit endpoint wins, and the portal's token is never sent to a receiver it was not
  // meant for: that receiver gets OTEL_EXPORTER_OTLP_HEADERS, if anything.
  if (env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim()) {
    return { target: 'otel' };
  }
  const token = env.PAVED_OTLP_TOKEN?.trim();
  if (token && portalEndpoint) {
    return { target: 'portal', url: portalEndpoint, token };
  }
  return {
    target: 'none',
    hint: portalEndpoint
      ? `tracing to the Paved portal is off: set PAVED_OTLP_TOKEN to the portal's ingest token to send traces to ${portalEndpoint} (or OTEL_EXPORTER_OTLP_ENDPOINT for another receiver)`
      : 'tracing is off: set OTEL_EXPORTER_OTLP_ENDPOINT (and OTEL_EXPORTER_OTLP_HEADERS) to send traces to an OTLP/HTTP receiver',
  };
}

/** Whether spans will be exported anywhere; the SDK would otherwise default to localhost:4318. */
export function isTracingConfigured(env: NodeJS.ProcessEnv, portalEndpoint?: string): boolean {
  return resolveTraceExport(env, portalEndpoint).target !== 'none';
}

/**
 * The traces-specific OTEL_* variables that point the SDK's own exporter at the portal, so that
 * OTEL_EXPORTER_OTLP_PROTOCOL, _COMPRESSION, _TIMEOUT and any other headers still apply as usual.
 * An Authorization header set in OTEL_EXPORTER_OTLP_(TRACES_)HEADERS is left alone.
 */
export function portalExportEnv(
  env: NodeJS.ProcessEnv,
  portal: { url: string; token: string },
): Record<string, string> {
  const headers = env.OTEL_EXPORTER_OTLP_TRACES_HEADERS?.trim() ?? '';
  const hasAuthorization = [headers, env.OTEL_EXPORTER_OTLP_HEADERS ?? ''].some(list =>
    /(^|,)\s*authorization\s*=/i.test(list),
  );
  const authorization = `Authorization=Bearer ${portal.token}`;
  return {
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: portal.url,
    OTEL_EXPORTER_OTLP_TRACES_HEADERS: hasAuthorization
      ? headers
      : [headers, authorization].filter(Boolean).join(','),
  };
}

let decided: TraceExport | undefined;

/**
 * Starts the SDK when spans have somewhere to go and returns it; returns undefined and touches no
 * global when they do not. The exporter reads the endpoint, headers, protocol and timeouts from
 * the OTEL_* variables, which for the portal are filled in here first.
 */
export function startTracing(
  defaultServiceName: string,
  env: NodeJS.ProcessEnv = process.env,
  portalEndpoint: string = PORTAL_TRACES_ENDPOINT,
): NodeSDK | undefined {
  if (active) {
    return active;
  }
  decided = resolveTraceExport(env, portalEndpoint);
  if (decided.target === 'none') {
    return undefined;
  }
  if (decided.target === 'portal') {
    // The SDK reads its exporter settings from process.env alone.
    Object.assign(process.env, portalExportEnv(env, decided));
  }
  const sdk = new NodeSDK({
    serviceName: hasServiceName(env) ? undefined : defaultServiceName,
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: request => UNTRACED_PATHS.has(pathOf(request.url)),
      }),
    ],
    // The SDK would also start OTLP metric and log exporters against the same endpoint, which the
    // Paved portal does not receive; they start only when their exporter variable asks for them.
    ...(env.OTEL_METRICS_EXPORTER ? {} : { metricReaders: [] }),
    ...(env.OTEL_LOGS_EXPORTER ? {} : { logRecordProcessors: [] }),
  });
  sdk.start();
  active = sdk;
  return sdk;
}

/**
 * One sentence for the start-up log on where spans go, e.g. why nothing is exported and how to
 * change that; undefined before startTracing ran.
 */
export function describeTracing(): string | undefined {
  switch (decided?.target) {
    case undefined:
      return undefined;
    case 'none':
      return decided.hint;
    case 'portal':
      return `traces go to the Paved portal at ${decided.url}`;
    case 'otel':
      return 'traces go to the receiver named by OTEL_EXPORTER_OTLP_*';
  }
}

/** Exports the spans still buffered; a no-op when tracing never started. */
export async function shutdownTracing(): Promise<void> {
  const sdk = active;
  active = undefined;
  await sdk?.shutdown();
}

export function isTracingActive(): boolean {
  return active !== undefined;
}

function hasServiceName(env: NodeJS.ProcessEnv): boolean {
  return Boolean(
    env.OTEL_SERVICE_NAME?.trim() ||
      /(^|,)\s*service\.name\s*=/.test(env.OTEL_RESOURCE_ATTRIBUTES ?? ''),
  );
}

function pathOf(url: string | undefined): string {
  const end = url?.search(/[?#]/) ?? -1;
  return end === -1 ? (url ?? '') : (url ?? '').slice(0, end);
}
