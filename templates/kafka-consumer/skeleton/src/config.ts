/*
 * Runtime configuration, read once from the environment at start-up. Invalid values stop the
 * process before it connects, so a bad rollout fails visibly instead of consuming wrongly.
 */
import type { LogLevel } from './logger';

/** The name this service was created with; also the default client id and OpenTelemetry service.name. */
export const SERVICE_NAME = '${{ values.name }}';
export const DEFAULT_INPUT_TOPIC = '${{ values.inputTopic }}';
export const DEFAULT_OUTPUT_TOPIC = '${{ values.outputTopic }}';
export const DEFAULT_GROUP_ID = '${{ values.consumerGroup or values.name }}';

export type SaslMechanism = 'plain' | 'scram-sha-256' | 'scram-sha-512';

export interface KafkaSettings {
  brokers: string[];
  clientId: string;
  groupId: string;
  inputTopic: string;
  outputTopic: string;
  /** Where messages the transform rejects go; undefined means they are logged and skipped. */
  deadLetterTopic: string | undefined;
  ssl: boolean;
  /** PEM file with the CA that signed the brokers' certificates, when it is not a public one. */
  sslCaFile: string | undefined;
  sasl: { mechanism: SaslMechanism; username: string; password: string } | undefined;
}

export interface Config {
  serviceName: string;
  port: number;
  logLevel: LogLevel;
  /** How long stopping the consumer and flushing the producer may take after SIGTERM. */
  shutdownTimeoutMs: number;
  kafka: KafkaSettings;
}

const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];
const SASL_MECHANISMS: readonly SaslMechanism[] = ['plain', 'scram-sha-256', 'scram-sha-512'];
const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];

  const port = integerFrom(env, 'PORT', ${{ values.port }}, 0, 65535, problems);
  const shutdownTimeoutMs = integerFrom(env, 'SHUTDOWN_TIMEOUT_MS', 20000, 0, 300000, problems);

  const rawLevel = (env.LOG_LEVEL ?? 'info').trim().toLowerCase();
  const logLevel = LOG_LEVELS.find(level => level === rawLevel);
  if (!logLevel) {
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${env.LOG_LEVEL}")`);
  }

  const brokers = (env.KAFKA_BROKERS ?? 'localhost:9092')
    .split(',')
    .map(broker => broker.trim())
    .filter(broker => broker.length > 0);
  if (brokers.length === 0) {
    problems.push('KAFKA_BROKERS must name at least one host:port');
  }
  for (const broker of brokers) {
    if (!/^[^:\s]+:\d+$/.test(broker)) {
      problems.push(`KAFKA_BROKERS entries must be host:port (got "${broker}")`);
    }
  }

  const inputTopic = topicFrom(env, 'INPUT_TOPIC', DEFAULT_INPUT_TOPIC, problems);
  const outputTopic = topicFrom(env, 'OUTPUT_TOPIC', DEFAULT_OUTPUT_TOPIC, problems);
  const deadLetterTopic = env.DEAD_LETTER_TOPIC?.trim()
    ? topicFrom(env, 'DEAD_LETTER_TOPIC', '', problems)
    : undefined;
  // Producing to the topic being consumed would feed every message back to itself forever.
  if (inputTopic === outputTopic) {
    problems.push(`OUTPUT_TOPIC must differ from INPUT_TOPIC (both are "${inputTopic}")`);
  }
  if (deadLetterTopic !== undefined && deadLetterTopic === inputTopic) {
    problems.push(`DEAD_LETTER_TOPIC must differ from INPUT_TOPIC (both are "${inputTopic}")`);
  }

  const ssl = booleanFrom(env, 'KAFKA_SSL', false, problems);
  const sslCaFile = env.KAFKA_SSL_CA_FILE?.trim() || undefined;
  if (sslCaFile && !ssl) {
    problems.push('KAFKA_SSL_CA_FILE is set but KAFKA_SSL is not true');
  }

  let sasl: KafkaSettings['sasl'];
  const rawMechanism = env.KAFKA_SASL_MECHANISM?.trim().toLowerCase();
  if (rawMechanism) {
    const mechanism = SASL_MECHANISMS.find(candidate => candidate === rawMechanism);
    const username = env.KAFKA_SASL_USERNAME ?? '';
    const password = env.KAFKA_SASL_PASSWORD ?? '';
    if (!mechanism) {
      problems.push(`KAFKA_SASL_MECHANISM must be one of ${SASL_MECHANISMS.join(', ')} (got "${rawMechanism}")`);
    } else if (!username || !password) {
      problems.push('KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD are required with KAFKA_SASL_MECHANISM');
    } else {
      sasl = { mechanism, username, password };
    }
  }

  if (problems.length > 0 || !logLevel) {
    throw new ConfigError(problems);
  }
  return {
    serviceName: env.OTEL_SERVICE_NAME?.trim() || SERVICE_NAME,
    port,
    logLevel,
    shutdownTimeoutMs,
    kafka: {
      brokers,
      clientId: env.KAFKA_CLIENT_ID?.trim() || SERVICE_NAME,
      groupId: env.KAFKA_GROUP_ID?.trim() || DEFAULT_GROUP_ID,
      inputTopic,
      outputTopic,
      deadLetterTopic,
      ssl,
      sslCaFile,
      sasl,
    },
  };
}

function topicFrom(env: NodeJS.ProcessEnv, key: string, fallback: string, problems: string[]): string {
  const value = env[key]?.trim() || fallback;
  if (!TOPIC_NAME.test(value)) {
    problems.push(`${key} must be a Kafka topic name: letters, digits, ".", "_" and "-" (got "${value}")`);
  }
  return value;
}

function booleanFrom(env: NodeJS.ProcessEnv, key: string, fallback: boolean, problems: string[]): boolean {
  const raw = env[key]?.trim().toLowerCase();
  if (!raw) {
    return fallback;
  }
  if (raw === 'true' || raw === 'false') {
    return raw === 'true';
  }
  problems.push(`${key} must be true or false (got "${env[key]}")`);
  return fallback;
}

function integerFrom(
  env: NodeJS.ProcessEnv,
  key: string,
  fallback: number,
  min: number,
  max: number,
  problems: string[],
): number {
  const raw = env[key]?.trim();
  if (!raw) {
    return fallback;
  }
  // Number('') and Number('1e3') are both "valid" numbers; a config typo should not be.
  if (!/^\d+$/.test(raw)) {
    problems.push(`${key} must be a whole number (got "${raw}")`);
    return fallback;
  }
  const value = Number(raw);
  if (value < min || value > max) {
    problems.push(`${key} must be between ${min} and ${max} (got ${value})`);
    return fallback;
  }
  return value;
}
