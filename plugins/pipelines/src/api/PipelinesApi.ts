import { createApiRef } from '@backstage/frontend-plugin-api';
import { PipelineEntity } from '@paved/plugin-paved-common';
import {
  KafkaClusterInfo,
  KafkaGroupInfo,
  KafkaTopicInfo,
  PipelineCatalogError,
  PipelineHealth,
  PipelineHistory,
  RegisteredPipeline,
} from '@paved/plugin-pipelines-common';

/** @public */
export interface PipelinesApi {
  listRegistered(): Promise<RegisteredPipeline[]>;
  register(entity: PipelineEntity): Promise<RegisteredPipeline>;
  update(
    entityRef: string,
    entity: PipelineEntity,
  ): Promise<RegisteredPipeline>;
  remove(entityRef: string): Promise<void>;
  getHealth(entityRef: string): Promise<PipelineHealth>;
  listHealth(): Promise<
    Array<
      Pick<
        PipelineHealth,
        'entityRef' | 'status' | 'reasons' | 'lag' | 'sampledAt'
      >
    >
  >;
  getHistory(entityRef: string, hours?: number): Promise<PipelineHistory>;
  listClusters(): Promise<KafkaClusterInfo[]>;
  listTopics(cluster: string): Promise<KafkaTopicInfo[]>;
  listGroups(cluster: string, topic?: string): Promise<KafkaGroupInfo[]>;
  /** Pipeline descriptors the catalog refused lately, with its reasons. */
  listCatalogErrors(): Promise<PipelineCatalogError[]>;
}

/** @public */
export const pipelinesApiRef = createApiRef<PipelinesApi>({
  id: 'plugin.pipelines.api',
});
