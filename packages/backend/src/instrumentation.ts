/*
 * Preloaded with `node --require` ahead of the backend (see scripts/start), so that the modules
 * OpenTelemetry patches are patched before their first use. Does nothing unless OTEL_* variables
 * configure an exporter.
 */
import { startTracing } from './tracing';

const sdk = startTracing();
if (sdk) {
  // Flush what is buffered when the backend shuts down; Backstage itself exits on these signals.
  const flush = () => {
    sdk.shutdown().catch(error => {
      process.stderr.write(`OpenTelemetry flush failed: ${error}\n`);
    });
  };
  process.once('SIGTERM', flush);
  process.once('SIGINT', flush);
}
