import {
  AuthService,
  DiscoveryService,
  LoggerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
} from '@backstage/catalog-model';
import {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import {
  KAFKA_TOPIC_ANNOTATION,
  KAFKA_TOPIC_RESOURCE_TYPE,
  PAVED_ANNOTATIONS,
  kafkaTopicEntityName,
} from '@paved/plugin-paved-common';
import {
  KafkaClusterInfo,
  KafkaTopicInfo,
  PIPELINES_CHANGED_EVENT_TOPIC,
} from '@paved/plugin-pipelines-common';
import { EventsService } from '@backstage/plugin-events-node';
import { callPipelines } from './pipelinesApi';

/**
 * One `kafka-topic` Resource per topic that exists on each configured cluster, read through the
 * pipelines API. If any cluster cannot be read, nothing is replaced, so a broker outage never
 * empties the catalog of its topics.
 */
export class KafkaTopicProvider implements EntityProvider {
  private connection?: EntityProviderConnection;

  constructor(
    private readonly deps: {
      auth: AuthService;
      discovery: DiscoveryService;
      logger: LoggerService;
      taskRunner: SchedulerServiceTaskRunner;
      owner: string;
      /** When given, a registered or changed pipeline makes the topics be read again at once. */
      events?: EventsService;
    },
  ) {}

  getProviderName(): string {
    return 'paved-kafka-topics';
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    // A pipeline just registered often reads a topic created minutes ago; without this its
    // readsFrom relation would point at nothing until the next scheduled pass.
    await this.deps.events?.subscribe({
      id: 'paved-kafka-topics',
      topics: [PIPELINES_CHANGED_EVENT_TOPIC],
      onEvent: async () => {
        await this.refresh().catch(error =>
          this.deps.logger.warn('Could not read Kafka topics after a change', {
            error: String(error),
          }),
        );
      },
    });
    await this.deps.taskRunner.run({
      id: 'paved-kafka-topics-refresh',
      fn: async () => {
        await this.refresh();
      },
    });
  }

  async refresh(): Promise<void> {
    if (!this.connection) return;
    const { items: clusters } = await callPipelines<{
      items: KafkaClusterInfo[];
    }>(this.deps, '/clusters');
    const entities: Array<{ entity: Entity; locationKey: string }> = [];
    for (const cluster of clusters) {
      const location = `paved-kafka:${cluster.name}`;
      let topics: KafkaTopicInfo[];
      try {
        ({ items: topics } = await callPipelines<{ items: KafkaTopicInfo[] }>(
          this.deps,
          `/clusters/${encodeURIComponent(cluster.name)}/topics`,
        ));
      } catch (error) {
        this.deps.logger.warn(
          'Could not list Kafka topics; keeping the catalog as it is',
          {
            cluster: cluster.name,
            error: String(error),
          },
        );
        return;
      }
      for (const topic of topics) {
        entities.push({
          locationKey: location,
          entity: {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Resource',
            metadata: {
              name: kafkaTopicEntityName(cluster.name, topic.name),
              title: topic.name,
              description: `Kafka topic ${topic.name} on cluster ${
                cluster.name
              }, ${topic.partitions} partition${
                topic.partitions === 1 ? '' : 's'
              }`,
              tags: ['kafka'],
              annotations: {
                [KAFKA_TOPIC_ANNOTATION]: topic.name,
                [PAVED_ANNOTATIONS.kafkaCluster]: cluster.name,
                [ANNOTATION_LOCATION]: location,
                [ANNOTATION_ORIGIN_LOCATION]: location,
              },
            },
            spec: { type: KAFKA_TOPIC_RESOURCE_TYPE, owner: this.deps.owner },
          },
        });
      }
    }
    await this.connection.applyMutation({ type: 'full', entities });
    this.deps.logger.info('Provided Kafka topics to the catalog', {
      count: entities.length,
    });
  }
}
