/*
 * Process entry point: wires config, logging, the probe server, the Kafka pipeline and signal
 * handling. Run it with `--require ./dist/src/instrumentation.js` so tracing is set up first.
 */
import { Partitioners } from 'kafkajs';
import { type Config, ConfigError, loadConfig } from './config';
import { createMessageHandler } from './handler';
import { createKafka, watchConsumer } from './kafka';
import { Lifecycle } from './lifecycle';
import { createLogger, type Logger } from './logger';
import { startPipeline, stopPipeline } from './pipeline';
import { createRoutes } from './routes';
import { closeGracefully, createServer, listen } from './server';
import { describeTracing, isTracingActive, shutdownTracing } from './tracing';

/** Spans still buffered get this long to reach the collector; a dead collector must not block exit. */
const TRACE_FLUSH_TIMEOUT_MS = 5000;
/** Only probes are served, and they answer at once. */
const PROBE_SERVER_CLOSE_TIMEOUT_MS = 1000;

async function main(): Promise<void> {
  const config = readConfig();
  const logger = createLogger({ level: config.logLevel }).child({ service: config.serviceName });
  const lifecycle = new Lifecycle();
  const server = createServer({ router: createRoutes(lifecycle), lifecycle, logger });

  const kafka = createKafka(config.kafka, logger, config.logLevel);
  const consumer = kafka.consumer({ groupId: config.kafka.groupId });
  // Named explicitly so kafkajs does not warn about the partitioner default it changed in v2.
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  const handler = createMessageHandler({
    producer,
    outputTopic: config.kafka.outputTopic,
    deadLetterTopic: config.kafka.deadLetterTopic,
    groupId: config.kafka.groupId,
    logger,
  });

  let shuttingDown = false;
  const shutdown = async (reason: string, exitCode: number) => {
    if (shuttingDown) {
      return;
    }
    shuttingDown = true;
    lifecycle.beginShutdown();
    logger.info('shutting down', { reason, timeout_ms: config.shutdownTimeoutMs });

    const stopping = stopPipeline({ consumer, producer }).catch(error => {
      logger.warn('stopping the consumer or producer failed', { err: error });
    });
    const stopped = await withTimeout(stopping, config.shutdownTimeoutMs);
    if (stopped === 'timed-out') {
      // Offsets not committed now are consumed again by the next member: nothing is lost.
      logger.warn('the consumer did not stop in time; uncommitted messages will be redelivered', {
        timeout_ms: config.shutdownTimeoutMs,
      });
    }
    await closeGracefully(server, PROBE_SERVER_CLOSE_TIMEOUT_MS);
    await flushTraces(logger);
    logger.info('shutdown complete');
    process.exit(exitCode);
  };

  const onSignal = (signal: NodeJS.Signals) => {
    if (shuttingDown) {
      // A second Ctrl-C means "now"; Kubernetes sends only one SIGTERM before its SIGKILL.
      logger.warn('second signal during shutdown, exiting immediately', { signal });
      process.exit(1);
    }
    void shutdown(signal, 0);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);

  watchConsumer(consumer, lifecycle, logger, () => void shutdown('consumer crashed', 1));

  // Probes answer while Kafka connects: alive, but not ready until the group is joined.
  const port = await listen(server, config.port);
  logger.info(describeTracing() ?? 'tracing was not started: run with --require ./dist/src/instrumentation.js');
  logger.info('listening', {
    port,
    tracing: isTracingActive(),
    brokers: config.kafka.brokers,
    group_id: config.kafka.groupId,
    input_topic: config.kafka.inputTopic,
    output_topic: config.kafka.outputTopic,
    dead_letter_topic: config.kafka.deadLetterTopic ?? null,
  });

  try {
    await startPipeline({ consumer, producer, inputTopic: config.kafka.inputTopic, handler, logger });
  } catch (error) {
    if (!shuttingDown) {
      logger.error('could not start consuming', { err: error });
      await shutdown('start-up failed', 1);
    }
  }
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

async function withTimeout(work: Promise<void>, timeoutMs: number): Promise<'done' | 'timed-out'> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timed-out'>(resolve => {
    timer = setTimeout(() => resolve('timed-out'), timeoutMs);
  });
  try {
    return await Promise.race([work.then(() => 'done' as const), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

async function flushTraces(logger: Logger): Promise<void> {
  try {
    const result = await withTimeout(shutdownTracing(), TRACE_FLUSH_TIMEOUT_MS);
    if (result === 'timed-out') {
      logger.warn('spans were not flushed in time and are dropped', { timeout_ms: TRACE_FLUSH_TIMEOUT_MS });
    }
  } catch (error) {
    logger.warn('flushing spans failed', { err: error });
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
