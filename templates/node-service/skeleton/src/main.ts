/*
 * Process entry point: wires config, logging, the HTTP server and signal handling. Run it with
 * `--require ./dist/src/instrumentation.js` so tracing is in place before node:http loads.
 */
import { type Config, ConfigError, loadConfig } from './config';
import { Lifecycle } from './lifecycle';
import { createLogger, type Logger } from './logger';
import { createRoutes } from './routes';
import { closeGracefully, createServer, listen } from './server';
import { describeTracing, isTracingActive, shutdownTracing } from './tracing';

/** Spans still buffered get this long to reach the collector; a dead collector must not block exit. */
const TRACE_FLUSH_TIMEOUT_MS = 5000;

async function main(): Promise<void> {
  const config = readConfig();
  const logger = createLogger({ level: config.logLevel }).child({ service: config.serviceName });
  const lifecycle = new Lifecycle();
  const server = createServer({ router: createRoutes(lifecycle), lifecycle, logger });

  let shuttingDown = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (shuttingDown) {
      // A second Ctrl-C means "now"; Kubernetes sends only one SIGTERM before its SIGKILL.
      logger.warn('second signal during shutdown, exiting immediately', { signal });
      process.exit(1);
    }
    shuttingDown = true;
    lifecycle.beginShutdown();
    logger.info('shutting down', { signal, timeout_ms: config.shutdownTimeoutMs });

    const outcome = await closeGracefully(server, config.shutdownTimeoutMs);
    if (outcome === 'timed-out') {
      logger.warn('in-flight requests did not finish in time; their connections were closed', {
        timeout_ms: config.shutdownTimeoutMs,
      });
    }
    await flushTraces(logger);
    logger.info('shutdown complete');
    process.exit(0);
  };
  process.on('SIGTERM', signal => void shutdown(signal));
  process.on('SIGINT', signal => void shutdown(signal));

  const port = await listen(server, config.port);
  logger.info(describeTracing() ?? 'tracing was not started: run with --require ./dist/src/instrumentation.js');
  lifecycle.markReady();
  logger.info('listening', { port, tracing: isTracingActive() });
}

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      createLogger().error('invalid configuration', { problems: error.problems });
      process.exit(1);
    }
    throw error;
  }
}

async function flushTraces(logger: Logger): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timed-out'>(resolve => {
    timer = setTimeout(() => resolve('timed-out'), TRACE_FLUSH_TIMEOUT_MS);
  });
  try {
    const result = await Promise.race([shutdownTracing().then(() => 'flushed' as const), deadline]);
    if (result === 'timed-out') {
      logger.warn('spans were not flushed in time and are dropped', { timeout_ms: TRACE_FLUSH_TIMEOUT_MS });
    }
  } catch (error) {
    logger.warn('flushing spans failed', { err: error });
  } finally {
    clearTimeout(timer);
  }
}

process.on('uncaughtException', error => {
  createLogger().error('uncaught exception', { err: error });
  process.exit(1);
});
process.on('unhandledRejection', reason => {
  createLogger().error('unhandled promise rejection', { err: reason });
  process.exit(1);
});

main().catch(error => {
  createLogger().error('failed to start', { err: error });
  process.exit(1);
});
