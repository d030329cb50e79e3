/*
 * OpenTelemetry tracing for the portal's own backend, configured only from the standard OTEL_*
 * environment variables (./scripts/start points them at the portal's own receiver). Loaded by
 * src/instrumentation.ts before anything else is required.
 */
import { SpanKind } from '@opentelemetry/api';
import { NodeSDK } from '@opentelemetry/sdk-node';
import {
  ParentBasedSampler,
  Sampler,
  SamplingDecision,
  SamplingResult,
} from '@opentelemetry/sdk-trace';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import {
  ExpressInstrumentation,
  ExpressLayerType,
} from '@opentelemetry/instrumentation-express';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';

/** Routes whose requests are never traced: probes would drown real traffic. */
const UNTRACED_PATH_PREFIXES = ['/.backstage/health/'];

/**
 * The traces plugin's OTLP receiver. When the portal exports its own spans to itself, tracing
 * each export's arrival would create spans that are exported, arrive and are traced again, for
 * ever. The instrumentation runs an ignored request in a tracing-suppressed context, so nothing
 * its handler does (the store's queries included) makes spans either.
 */
const OTLP_INGEST_PATH = '/api/traces/v1/traces';

/** Whether an incoming request, by its raw URL, is one the portal never traces. */
export function isUntracedRequest(url: string | undefined): boolean {
  const path = (url ?? '').split(/[?#]/, 1)[0].replace(/\/+$/, '');
  return (
    path === OTLP_INGEST_PATH ||
    UNTRACED_PATH_PREFIXES.some(prefix => `${path}/`.startsWith(prefix))
  );
}

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
 * Starts a trace only for a request someone made (a SERVER or CONSUMER root). The catalog's
 * processing loop and other scheduled work open a root span every few hundred milliseconds; kept,
 * they would bury the portal's requests in its own trace list.
 */
export class RequestRootSampler implements Sampler {
  shouldSample(
    _context: unknown,
    _traceId: string,
    _spanName: string,
    spanKind: SpanKind,
  ): SamplingResult {
    return {
      decision:
        spanKind === SpanKind.SERVER || spanKind === SpanKind.CONSUMER
          ? SamplingDecision.RECORD_AND_SAMPLED
          : SamplingDecision.NOT_RECORD,
    };
  }

  toString() {
    return 'RequestRootSampler';
  }
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
    // OTEL_TRACES_SAMPLER, when set, is the operator's choice and the SDK reads it itself.
    sampler: env.OTEL_TRACES_SAMPLER
      ? undefined
      : new ParentBasedSampler({ root: new RequestRootSampler() }),
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: req => isUntracedRequest(req.url),
      }),
      // Every request passes some twenty middlewares (helmet, cors, compression, parsers), each
      // a span of microseconds: they filled the waterfall and most of the stored spans. Routers
      // and route handlers stay, and name the request after its route.
      new ExpressInstrumentation({
        ignoreLayersType: [ExpressLayerType.MIDDLEWARE],
      }),
      // Queries outside any traced request (scheduled tasks, the span store's batched writes)
      // would each be a one-span trace of their own: noise, and for the store a loop.
      new PgInstrumentation({ requireParentSpan: true }),
    ],
  });
  sdk.start();
  return sdk;
}
