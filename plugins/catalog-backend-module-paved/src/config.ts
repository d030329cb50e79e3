import { RootConfigService } from '@backstage/backend-plugin-api';

export interface PavedCatalogConfig {
  /** Cluster for pipelines without a `paved.dev/kafka-cluster` annotation. */
  defaultCluster?: string;
  /** Owner of the kafka-topic Resources the topic provider creates. */
  topicOwner: string;
}

/**
 * The catalog module shares the pipelines plugin's Kafka settings: a pipeline's topics must be
 * named the same way by the processor (relations) and the provider (Resources).
 */
export function readPavedCatalogConfig(
  config: RootConfigService,
): PavedCatalogConfig {
  const clusters =
    config.getOptionalConfigArray('pipelines.kafka.clusters') ?? [];
  return {
    defaultCluster:
      config.getOptionalString('pipelines.kafka.defaultCluster') ??
      clusters[0]?.getString('name'),
    topicOwner:
      config.getOptionalString('pipelines.kafka.topicOwner') ??
      'group:default/platform-team',
  };
}
