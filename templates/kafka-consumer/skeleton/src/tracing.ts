/*
 * OpenTelemetry tracing, configured only from the standard OTEL_* environment variables and
 * started by instrumentation.ts before anything loads node:http.
 */
import { NodeSDK } from '@opentelemetry/sdk-node';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';

/** Probes hit every pod every few seconds; tracing them would drown the real traffic. */
const UNTRACED_PATHS = new Set(['/healthz', '/readyz']);

let active: NodeSDK | undefined;

/**
 * Whether the environment names somewhere to send spans. The SDK would otherwise default to
 * http://localhost:4318, which in a pod is nobody, so "no endpoint" must mean "start nothing".
 */
export function isTracingConfigured(env: NodeJS.ProcessEnv): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') {
    return false;
  }
  const exporters = (env.OTEL_TRACES_EXPORTER ?? '').split(',').map(name => name.trim().toLowerCase());
  if (exporters.includes('none')) {
    return false;
  }
  return Boolean(
    env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim(),
  );
}

/**
 * Starts the SDK when the environment configures an endpoint and returns it; returns undefined
 * and touches no global when it does not. The exporter itself reads the endpoint, headers,
 * protocol and timeouts from the same variables.
 */
export function startTracing(
  defaultServiceName: string,
  env: NodeJS.ProcessEnv = process.env,
): NodeSDK | undefined {
  if (active) {
    return active;
  }
  if (!isTracingConfigured(env)) {
    return undefined;
  }
  const sdk = new NodeSDK({
    serviceName: hasServiceName(env) ? undefined : defaultServiceName,
    // The consumer serves only probes, but HTTP calls a transform makes (an enrichment lookup,
    // say) become child spans of the message's processing span.
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
