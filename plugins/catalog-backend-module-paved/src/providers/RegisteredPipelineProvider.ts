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
import { EventsService } from '@backstage/plugin-events-node';
import {
  PIPELINES_CHANGED_EVENT_TOPIC,
  RegisteredPipeline,
} from '@paved/plugin-pipelines-common';
import { callPipelines } from './pipelinesApi';

const LOCATION = 'paved-pipelines:registry';

/**
 * Brings pipelines registered in the portal into the catalog, and takes removed ones out: a full
 * replacement of this provider's entities from the pipelines API, right after every change the
 * pipelines plugin announces and on a schedule in case an announcement was missed.
 */
export class RegisteredPipelineProvider implements EntityProvider {
  private connection?: EntityProviderConnection;

  constructor(
    private readonly deps: {
      auth: AuthService;
      discovery: DiscoveryService;
      logger: LoggerService;
      events: EventsService;
      taskRunner: SchedulerServiceTaskRunner;
    },
  ) {}

  getProviderName(): string {
    return 'paved-registered-pipelines';
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    await this.deps.events.subscribe({
      id: 'paved-registered-pipelines',
      topics: [PIPELINES_CHANGED_EVENT_TOPIC],
      onEvent: async () => {
        await this.refresh().catch(error =>
          this.deps.logger.warn(
            'Could not read registered pipelines after a change',
            { error: String(error) },
          ),
        );
      },
    });
    await this.deps.taskRunner.run({
      id: 'paved-registered-pipelines-refresh',
      fn: async () => {
        await this.refresh();
      },
    });
  }

  async refresh(): Promise<void> {
    if (!this.connection) return;
    const { items } = await callPipelines<{ items: RegisteredPipeline[] }>(
      this.deps,
      '/pipelines',
    );
    const entities = items.map(item => {
      const entity = item.entity as unknown as Entity;
      return {
        locationKey: LOCATION,
        entity: {
          ...entity,
          metadata: {
            ...entity.metadata,
            annotations: {
              ...entity.metadata.annotations,
              [ANNOTATION_LOCATION]: LOCATION,
              [ANNOTATION_ORIGIN_LOCATION]: LOCATION,
            },
          },
        },
      };
    });
    await this.connection.applyMutation({ type: 'full', entities });
    this.deps.logger.info('Provided registered pipelines to the catalog', {
      count: entities.length,
    });
  }
}
