// @ts-check
/*
 * Run as a child process by traces.test.ts: makes a parent span with a child (and an event and a
 * link) with the real OpenTelemetry SDK, then sends them with a real OTLP/HTTP exporter, so that
 * the portal's receiver is proven against what the SDK really sends. A process of its own, as a
 * service would be: the SDK's globals and HTTP agent never touch the test's.
 *
 * Input (env OTLP_EXPORT, JSON): {url, token, protocol: 'protobuf' | 'json', compression:
 * 'gzip' | 'none', service}. Output (stdout, JSON): {traceId, parentSpanId, childSpanId, code,
 * error}.
 */
const {
  context,
  trace,
  SpanKind,
  SpanStatusCode,
} = require('@opentelemetry/api');
const { resourceFromAttributes } = require('@opentelemetry/resources');
const {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TracerProvider,
} = require('@opentelemetry/sdk-trace');

const options = JSON.parse(process.env.OTLP_EXPORT ?? '{}');
const { OTLPTraceExporter } =
  options.protocol === 'json'
    ? require('@opentelemetry/exporter-trace-otlp-http')
    : require('@opentelemetry/exporter-trace-otlp-proto');

async function main() {
  const memory = new InMemorySpanExporter();
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.service }),
    spanProcessors: [new SimpleSpanProcessor({ exporter: memory })],
  });
  const tracer = provider.getTracer('paved-system-test', '1.0.0');

  const parent = tracer.startSpan('GET /orders', {
    kind: SpanKind.SERVER,
    attributes: { 'http.route': '/orders', 'test.protocol': options.protocol },
  });
  const child = tracer.startSpan(
    'SELECT orders',
    {
      kind: SpanKind.CLIENT,
      attributes: { 'db.system': 'postgresql', 'test.big': 2 ** 40 },
      links: [{ context: parent.spanContext() }],
    },
    trace.setSpan(context.active(), parent),
  );
  child.addEvent('rows', { count: 3 });
  child.setStatus({ code: SpanStatusCode.ERROR, message: 'slow query' });
  await new Promise(r => setTimeout(r, 5));
  child.end();
  parent.end();
  await provider.forceFlush();

  const exporter = new OTLPTraceExporter({
    url: options.url,
    headers: { Authorization: `Bearer ${options.token}` },
    compression: options.compression,
  });
  /** @type {{code: number, error?: Error}} */
  const result = await new Promise(resolve =>
    exporter.export(memory.getFinishedSpans(), resolve),
  );
  await exporter.shutdown();
  await provider.shutdown();
  process.stdout.write(
    JSON.stringify({
      traceId: parent.spanContext().traceId,
      parentSpanId: parent.spanContext().spanId,
      childSpanId: child.spanContext().spanId,
      code: result.code,
      error: result.error ? String(result.error) : undefined,
    }),
  );
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
