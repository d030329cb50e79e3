/*
 * Builds the kafkajs client from the settings and connects its events to readiness and logs.
 */
import { readFileSync } from 'node:fs';
import { type Consumer, Kafka, type KafkaConfig, type logCreator, logLevel, type SASLOptions } from 'kafkajs';
import type { KafkaSettings } from './config';
import type { Lifecycle } from './lifecycle';
import type { Logger, LogLevel } from './logger';

export function createKafka(settings: KafkaSettings, logger: Logger, level: LogLevel): Kafka {
  const config: KafkaConfig = {
    clientId: settings.clientId,
    brokers: settings.brokers,
    logLevel: KAFKAJS_LEVEL[level],
    logCreator: jsonLogCreator(logger.child({ component: 'kafkajs' })),
  };
  if (settings.ssl) {
    config.ssl = settings.sslCaFile ? { ca: [readFileSync(settings.sslCaFile, 'utf8')] } : true;
  }
  if (settings.sasl) {
    config.sasl = saslOptions(settings.sasl);
  }
  return new Kafka(config);
}

/**
 * Readiness follows group membership. A crash kafkajs will not restart from leaves the process
 * useless, so `onFatal` ends it and Kubernetes starts a fresh one.
 */
export function watchConsumer(
  consumer: Pick<Consumer, 'on' | 'events'>,
  lifecycle: Lifecycle,
  logger: Logger,
  onFatal: (error: Error) => void,
): void {
  consumer.on(consumer.events.GROUP_JOIN, event => {
    lifecycle.consumerJoined();
    logger.info('joined consumer group', {
      group_id: event.payload.groupId,
      member_id: event.payload.memberId,
      assignment: event.payload.memberAssignment,
    });
  });
  consumer.on(consumer.events.CRASH, event => {
    lifecycle.consumerLeft();
    logger.error('consumer crashed', { err: event.payload.error, restart: event.payload.restart });
    if (!event.payload.restart) {
      onFatal(event.payload.error);
    }
  });
  consumer.on(consumer.events.STOP, () => {
    lifecycle.consumerLeft();
  });
}

const KAFKAJS_LEVEL: Readonly<Record<LogLevel, logLevel>> = {
  debug: logLevel.DEBUG,
  info: logLevel.INFO,
  warn: logLevel.WARN,
  error: logLevel.ERROR,
};

/** Sends kafkajs' own logs through the service's JSON logger instead of its text format. */
function jsonLogCreator(logger: Logger): logCreator {
  return () =>
    ({ namespace, level, log }) => {
      const { message, timestamp: _timestamp, logger: _name, ...fields } = log;
      const line = { kafkajs_namespace: namespace, ...fields };
      if (level === logLevel.ERROR) {
        logger.error(message, line);
      } else if (level === logLevel.WARN) {
        logger.warn(message, line);
      } else if (level === logLevel.INFO) {
        logger.info(message, line);
      } else {
        logger.debug(message, line);
      }
    };
}

function saslOptions(sasl: NonNullable<KafkaSettings['sasl']>): SASLOptions {
  const { username, password } = sasl;
  switch (sasl.mechanism) {
    case 'plain':
      return { mechanism: 'plain', username, password };
    case 'scram-sha-256':
      return { mechanism: 'scram-sha-256', username, password };
    case 'scram-sha-512':
      return { mechanism: 'scram-sha-512', username, password };
  }
}
