import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /** Data pipelines: registration, and health read from Kafka. */
  pipelines?: {
    kafka?: {
      /**
       * Kafka clusters pipelines may read. A pipeline names its cluster with the
       * `paved.dev/kafka-cluster` annotation; without one it uses `defaultCluster`.
       */
      clusters?: Array<{
        /** Name pipelines refer to: lowercase letters, digits and '-'. */
        name: string;
        /** Bootstrap brokers as host:port. */
        brokers: string[];
        /** TLS: true for the system's CAs, or PEM material. */
        ssl?:
          | boolean
          | {
              /** @visibility secret */
              ca?: string;
              /** @visibility secret */
              cert?: string;
              /** @visibility secret */
              key?: string;
              rejectUnauthorized?: boolean;
            };
        sasl?: {
          mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512';
          username: string;
          /** @visibility secret */
          password: string;
        };
        /** Milliseconds to wait for a broker connection. Defaults to 3000. */
        connectionTimeoutMs?: number;
        /** Milliseconds to wait for a broker's answer. Defaults to 10000. */
        requestTimeoutMs?: number;
      }>;
      /** Cluster for pipelines without an annotation. Defaults to the first one. */
      defaultCluster?: string;
      /**
       * Owner of the `kafka-topic` Resources the catalog gets for every topic of every cluster.
       * Defaults to group:default/platform-team.
       */
      topicOwner?: string;
    };
    poll?: {
      /** How often every pipeline's lag is read. Defaults to every 30 seconds. */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    };
    samples?: {
      /** Days of lag history kept. Defaults to 7. */
      retentionDays?: number;
    };
    health?: {
      /** Lag this many times over the SLO is failing rather than degraded. Defaults to 2. */
      failingFactor?: number;
    };
  };
}
