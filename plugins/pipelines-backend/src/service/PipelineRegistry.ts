import {
  BackstageCredentials,
  LoggerService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { ConflictError, InputError, NotAllowedError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { EventsService } from '@backstage/plugin-events-node';
import {
  PIPELINES_CHANGED_EVENT_TOPIC,
  RegisteredPipeline,
} from '@paved/plugin-pipelines-common';
import {
  PAVED_ANNOTATIONS,
  PipelineEntity,
  parsePipelineEntity,
  pipelineRef,
} from '@paved/plugin-paved-common';
import { PipelinesConfig } from '../config';
import { PipelineStore } from '../database/PipelineStore';

/** Full refs for what a descriptor may write short ("data-team"). */
function fullRef(ref: string, defaultKind: string, namespace: string): string {
  return stringifyEntityRef(
    parseEntityRef(ref, { defaultKind, defaultNamespace: namespace }),
  );
}

/**
 * Registering, editing and removing pipelines through the portal: validated with the same zod
 * schema the catalog uses, restricted to members of the owning group, and announced on the
 * events service so the catalog's provider picks changes up at once.
 */
export class PipelineRegistry {
  constructor(
    private readonly options: {
      store: PipelineStore;
      catalog: CatalogService;
      userInfo: UserInfoService;
      events: EventsService;
      config: PipelinesConfig;
      logger: LoggerService;
      onChange: (entity: PipelineEntity) => void;
    },
  ) {}

  /** Parses a request body into a Pipeline entity, or fails naming every bad field. */
  parse(body: unknown): PipelineEntity {
    const parsed = parsePipelineEntity(body);
    if (!parsed.ok) {
      throw new InputError(`Invalid pipeline: ${parsed.problems.join('; ')}`);
    }
    const entity = parsed.entity;
    const namespace = entity.metadata.namespace ?? 'default';
    entity.metadata.namespace = namespace;
    const cluster =
      entity.metadata.annotations?.[PAVED_ANNOTATIONS.kafkaCluster];
    if (
      cluster &&
      !this.options.config.clusters.some(c => c.name === cluster)
    ) {
      throw new InputError(
        `metadata.annotations.${
          PAVED_ANNOTATIONS.kafkaCluster
        }: no Kafka cluster named '${cluster}' is configured (known: ${
          this.options.config.clusters.map(c => c.name).join(', ') || 'none'
        })`,
      );
    }
    if (!cluster && !this.options.config.defaultCluster) {
      throw new InputError(
        'No Kafka cluster is configured in pipelines.kafka.clusters, so the pipeline has nothing to read',
      );
    }
    try {
      entity.spec.owner = fullRef(entity.spec.owner, 'group', namespace);
      if (entity.spec.system)
        entity.spec.system = fullRef(entity.spec.system, 'system', namespace);
      if (entity.spec.component)
        entity.spec.component = fullRef(
          entity.spec.component,
          'component',
          namespace,
        );
    } catch (error) {
      throw new InputError(`Invalid pipeline: ${(error as Error).message}`);
    }
    return entity;
  }

  private async assertOwner(
    credentials: BackstageCredentials,
    owner: string,
    action: string,
  ) {
    if ((credentials.principal as { type: string }).type !== 'user') return;
    const { ownershipEntityRefs, userEntityRef } =
      await this.options.userInfo.getUserInfo(credentials);
    if (!ownershipEntityRefs.includes(owner)) {
      throw new NotAllowedError(
        `${userEntityRef} may not ${action}: only members of ${owner} may`,
      );
    }
  }

  private principal(credentials: BackstageCredentials) {
    const p = credentials.principal as {
      type: string;
      userEntityRef?: string;
      subject?: string;
    };
    return p.userEntityRef ?? p.subject ?? p.type;
  }

  private async announce(entityRef: string, action: string) {
    await this.options.events
      .publish({
        topic: PIPELINES_CHANGED_EVENT_TOPIC,
        eventPayload: { entityRef, action },
      })
      .catch(error =>
        this.options.logger.warn('Could not announce a pipeline change', {
          entityRef,
          error: String(error),
        }),
      );
  }

  async register(
    body: unknown,
    credentials: BackstageCredentials,
  ): Promise<RegisteredPipeline> {
    const entity = this.parse(body);
    const entityRef = pipelineRef(entity);
    await this.assertOwner(
      credentials,
      entity.spec.owner,
      `register a pipeline owned by ${entity.spec.owner}`,
    );
    const inCatalog = await this.options.catalog.getEntityByRef(entityRef, {
      credentials,
    });
    const registered = await this.options.store.getRegistered(entityRef);
    if (inCatalog && !registered) {
      throw new ConflictError(
        `${entityRef} already exists in the catalog (from ${
          inCatalog.metadata.annotations?.[
            'backstage.io/managed-by-location'
          ] ?? 'elsewhere'
        })`,
      );
    }
    const created = await this.options.store.createRegistered(
      entity,
      entityRef,
      this.principal(credentials),
    );
    await this.announce(entityRef, 'registered');
    this.options.onChange(entity);
    return created;
  }

  async update(
    entityRef: string,
    body: unknown,
    credentials: BackstageCredentials,
  ) {
    const existing = await this.options.store.getRegistered(entityRef);
    if (!existing) {
      throw new ConflictError(
        `${entityRef} is not registered through the portal; change it where it is defined`,
      );
    }
    await this.assertOwner(
      credentials,
      existing.entity.spec.owner,
      `change ${entityRef}`,
    );
    const entity = this.parse(body);
    if (pipelineRef(entity) !== entityRef) {
      throw new InputError(
        `metadata.name and metadata.namespace must stay those of ${entityRef}`,
      );
    }
    await this.assertOwner(
      credentials,
      entity.spec.owner,
      `give ${entityRef} to ${entity.spec.owner}`,
    );
    const updated = await this.options.store.updateRegistered(
      entity,
      entityRef,
    );
    await this.announce(entityRef, 'updated');
    this.options.onChange(entity);
    return updated;
  }

  async remove(entityRef: string, credentials: BackstageCredentials) {
    const existing = await this.options.store.getRegistered(entityRef);
    if (!existing) {
      throw new ConflictError(
        `${entityRef} is not registered through the portal; remove it where it is defined`,
      );
    }
    await this.assertOwner(
      credentials,
      existing.entity.spec.owner,
      `remove ${entityRef}`,
    );
    await this.options.store.deleteRegistered(entityRef);
    await this.options.store.deleteHealth(entityRef);
    await this.announce(entityRef, 'removed');
  }
}
