import {
  RootConfigService,
  SchedulerServiceTaskScheduleDefinition,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';

export interface KafkaClusterConfig {
  name: string;
  brokers: string[];
  ssl?:
    | boolean
    | {
        ca?: string;
        cert?: string;
        key?: string;
        rejectUnauthorized?: boolean;
      };
  sasl?: {
    mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512';
    username: string;
    password: string;
  };
  connectionTimeoutMs: number;
  requestTimeoutMs: number;
}

export interface PipelinesConfig {
  clusters: KafkaClusterConfig[];
  defaultCluster?: string;
  schedule: SchedulerServiceTaskScheduleDefinition;
  retentionDays: number;
  failingFactor: number;
}

const NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
const BROKER = /^[^\s:/]+:\d{1,5}$/;

function readCluster(c: Config, index: number): KafkaClusterConfig {
  const at = `pipelines.kafka.clusters[${index}]`;
  const name = c.getString('name');
  if (!NAME.test(name)) {
    throw new Error(
      `${at}.name '${name}' must be lowercase letters, digits and '-'`,
    );
  }
  const brokers = c.getStringArray('brokers');
  if (brokers.length === 0)
    throw new Error(`${at}.brokers must list at least one host:port`);
  for (const b of brokers) {
    if (!BROKER.test(b))
      throw new Error(`${at}.brokers entry '${b}' is not host:port`);
  }
  let ssl: KafkaClusterConfig['ssl'];
  if (c.has('ssl')) {
    const raw = c.get('ssl');
    ssl =
      typeof raw === 'boolean'
        ? raw
        : {
            ca: c.getOptionalString('ssl.ca'),
            cert: c.getOptionalString('ssl.cert'),
            key: c.getOptionalString('ssl.key'),
            rejectUnauthorized: c.getOptionalBoolean('ssl.rejectUnauthorized'),
          };
  }
  let sasl: KafkaClusterConfig['sasl'];
  if (c.has('sasl')) {
    const mechanism = c.getString('sasl.mechanism');
    if (!['plain', 'scram-sha-256', 'scram-sha-512'].includes(mechanism)) {
      throw new Error(
        `${at}.sasl.mechanism must be plain, scram-sha-256 or scram-sha-512, not '${mechanism}'`,
      );
    }
    sasl = {
      mechanism: mechanism as 'plain' | 'scram-sha-256' | 'scram-sha-512',
      username: c.getString('sasl.username'),
      password: c.getString('sasl.password'),
    };
  }
  return {
    name,
    brokers,
    ssl,
    sasl,
    connectionTimeoutMs: c.getOptionalNumber('connectionTimeoutMs') ?? 3000,
    requestTimeoutMs: c.getOptionalNumber('requestTimeoutMs') ?? 10000,
  };
}

/** Reads `pipelines.*` once at startup and fails there on anything malformed. */
export function readPipelinesConfig(
  config: RootConfigService,
): PipelinesConfig {
  const clusters = (
    config.getOptionalConfigArray('pipelines.kafka.clusters') ?? []
  ).map(readCluster);
  const names = new Set<string>();
  for (const c of clusters) {
    if (names.has(c.name))
      throw new Error(
        `pipelines.kafka.clusters has two clusters named '${c.name}'`,
      );
    names.add(c.name);
  }
  const defaultCluster =
    config.getOptionalString('pipelines.kafka.defaultCluster') ??
    clusters[0]?.name;
  if (defaultCluster && !names.has(defaultCluster)) {
    throw new Error(
      `pipelines.kafka.defaultCluster '${defaultCluster}' is not one of pipelines.kafka.clusters`,
    );
  }
  const schedule = config.has('pipelines.poll.schedule')
    ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
        config.getConfig('pipelines.poll.schedule'),
      )
    : {
        frequency: { seconds: 30 },
        timeout: { minutes: 2 },
        initialDelay: { seconds: 3 },
      };
  const retentionDays =
    config.getOptionalNumber('pipelines.samples.retentionDays') ?? 7;
  if (!(retentionDays > 0))
    throw new Error('pipelines.samples.retentionDays must be positive');
  const failingFactor =
    config.getOptionalNumber('pipelines.health.failingFactor') ?? 2;
  if (!(failingFactor > 1))
    throw new Error('pipelines.health.failingFactor must be greater than 1');
  return { clusters, defaultCluster, schedule, retentionDays, failingFactor };
}
