import {
  Entity,
  RELATION_DEPENDENCY_OF,
  RELATION_DEPENDS_ON,
  RELATION_HAS_PART,
  RELATION_OWNED_BY,
  RELATION_OWNER_OF,
  RELATION_PART_OF,
  getCompoundEntityRef,
  parseEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  CatalogProcessor,
  CatalogProcessorEmit,
  processingResult,
} from '@backstage/plugin-catalog-node';
import { LocationSpec } from '@backstage/plugin-catalog-common';
import {
  PIPELINE_API_VERSION,
  PIPELINE_KIND,
  kafkaTopicEntityName,
  parsePipelineEntity,
  pipelineClusterOf,
} from '@paved/plugin-paved-common';
import {
  RELATION_READ_BY,
  RELATION_READS_FROM,
  RELATION_WRITES_TO,
  RELATION_WRITTEN_BY,
} from '../relations';

/**
 * Makes `Pipeline` a kind the catalog accepts: validated with the zod schema every Paved plugin
 * shares (problems name their field), and related to its owner, system, running component and
 * the kafka-topic Resources it reads and writes.
 */
export class PipelineEntityProcessor implements CatalogProcessor {
  constructor(private readonly options: { defaultCluster?: string }) {}

  getProcessorName(): string {
    return 'PavedPipelineEntityProcessor';
  }

  private static isPipeline(entity: Entity): boolean {
    return (
      entity.apiVersion === PIPELINE_API_VERSION &&
      entity.kind === PIPELINE_KIND
    );
  }

  async validateEntityKind(entity: Entity): Promise<boolean> {
    if (!PipelineEntityProcessor.isPipeline(entity)) return false;
    const parsed = parsePipelineEntity(entity);
    if (!parsed.ok) {
      throw new InputError(
        `Invalid Pipeline ${entity.metadata.name}: ${parsed.problems.join(
          '; ',
        )}`,
      );
    }
    return true;
  }

  async postProcessEntity(
    entity: Entity,
    _location: LocationSpec,
    emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    if (!PipelineEntityProcessor.isPipeline(entity)) return entity;
    const parsed = parsePipelineEntity(entity);
    if (!parsed.ok) return entity;
    const { spec, metadata } = parsed.entity;
    const self = getCompoundEntityRef(entity);
    const namespace = metadata.namespace ?? 'default';
    const pair = (
      target: string,
      defaultKind: string,
      forward: string,
      backward: string,
    ) => {
      const ref = parseEntityRef(target, {
        defaultKind,
        defaultNamespace: namespace,
      });
      emit(
        processingResult.relation({ source: self, type: forward, target: ref }),
      );
      emit(
        processingResult.relation({
          source: ref,
          type: backward,
          target: self,
        }),
      );
    };
    pair(spec.owner, 'group', RELATION_OWNED_BY, RELATION_OWNER_OF);
    if (spec.system)
      pair(spec.system, 'system', RELATION_PART_OF, RELATION_HAS_PART);
    if (spec.component)
      pair(
        spec.component,
        'component',
        RELATION_DEPENDS_ON,
        RELATION_DEPENDENCY_OF,
      );

    const cluster =
      pipelineClusterOf(parsed.entity) ?? this.options.defaultCluster;
    if (cluster) {
      const topicRef = (topic: string) =>
        `resource:default/${kafkaTopicEntityName(cluster, topic)}`;
      for (const input of spec.inputs)
        pair(
          topicRef(input.topic),
          'resource',
          RELATION_READS_FROM,
          RELATION_READ_BY,
        );
      for (const output of spec.outputs)
        pair(
          topicRef(output.topic),
          'resource',
          RELATION_WRITES_TO,
          RELATION_WRITTEN_BY,
        );
    }
    return entity;
  }
}
