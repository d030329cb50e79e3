/*
 * OpenTelemetry tracing for the portal's own backend, configured only from the standard OTEL_*
 * environment variables. Loaded by src/instrumentation.ts before anything else is required.
 */
import { NodeSDK } from '@opentelemetry/sdk-node';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';

/** Routes whose requests are never traced: probes would drown real traffic. */
const UNTRACED_PATH_PREFIXES = ['/.backstage/health/'];

/**
 * Whether the environment asks for traces to be exported. Without an endpoint or an explicit
 * exporter the SDK would default to localhost:4318, so "nothing configured" must mean "nothing
 * started".
 */
export function isTracingConfigured(env: NodeJS.ProcessEnv): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') {
    return false;
  }
  const exporters = (env.OTEL_TRACES_EXPORTER ?? '')
    .split(',')
    .map(s => s.trim())
    .filter(Boolean);
  if (exporters.includes('none')) {
    return false;
  }
  return Boolean(
    env.OTEL_EXPORTER_OTLP_ENDPOINT ||
      env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ||
      exporters.length > 0,
  );
}

function hasServiceName(env: NodeJS.ProcessEnv): boolean {
  return Boolean(
    env.OTEL_SERVICE_NAME ||
      /(^|,)\s*service\.name\s*=/.test(env.OTEL_RESOURCE_ATTRIBUTES ?? ''),
  );
}

/**
 * Starts the OpenTelemetry Node SDK when the environment configures an exporter, and returns it
 * so the caller can flush it on shutdown; returns undefined when nothing is configured.
 */
export function startTracing(
  env: NodeJS.ProcessEnv = process.env,
): NodeSDK | undefined {
  if (!isTracingConfigured(env)) {
    return undefined;
  }
  const sdk = new NodeSDK({
    serviceName: hasServiceName(env) ? undefined : 'paved-portal',
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: req =>
          UNTRACED_PATH_PREFIXES.some(prefix => req.url?.startsWith(prefix)),
      }),
      new ExpressInstrumentation(),
      new PgInstrumentation(),
    ],
  });
  sdk.start();
  return sdk;
}
