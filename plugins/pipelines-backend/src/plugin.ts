import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import {
  PipelineEntity,
  parsePipelineEntity,
  pipelineRef,
} from '@paved/plugin-paved-common';
import { readPipelinesConfig } from './config';
import { DatabasePipelineStore } from './database/DatabasePipelineStore';
import { KafkajsLagSource } from './kafka/KafkajsLagSource';
import { createRouter } from './router';
import { PipelinePoller } from './service/PipelinePoller';
import { PipelineRegistry } from './service/PipelineRegistry';
import { CatalogErrors } from './service/CatalogErrors';

/**
 * Data pipelines: a registry for pipelines registered in the browser, and the lag and health
 * of every Pipeline entity, read from Kafka on a schedule.
 *
 * @public
 */
export const pipelinesPlugin = createBackendPlugin({
  pluginId: 'pipelines',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        auth: coreServices.auth,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        userInfo: coreServices.userInfo,
        auditor: coreServices.auditor,
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
        events: eventsServiceRef,
      },
      async init(deps) {
        const { logger, scheduler, auth, catalog } = deps;
        const config = readPipelinesConfig(deps.config);
        const store = await DatabasePipelineStore.create({
          database: deps.database,
        });
        const source = new KafkajsLagSource(config.clusters, logger);
        deps.lifecycle.addShutdownHook(() => source.close());

        // Every Pipeline in the catalog, plus those registered here that the catalog has not
        // picked up yet (a pipeline registered a moment ago is polled at once).
        const listPipelines = async (): Promise<PipelineEntity[]> => {
          const credentials = await auth.getOwnServiceCredentials();
          const [{ items }, registered] = await Promise.all([
            catalog.getEntities(
              { filter: { kind: 'Pipeline' } },
              { credentials },
            ),
            store.listRegistered(),
          ]);
          const byRef = new Map<string, PipelineEntity>();
          for (const r of registered) byRef.set(r.entityRef, r.entity);
          for (const item of items) {
            const parsed = parsePipelineEntity(item);
            if (parsed.ok) byRef.set(pipelineRef(parsed.entity), parsed.entity);
          }
          return [...byRef.values()];
        };

        const poller = new PipelinePoller({
          store,
          source,
          config,
          logger,
          listPipelines,
        });
        const registry = new PipelineRegistry({
          store,
          catalog,
          userInfo: deps.userInfo,
          events: deps.events,
          config,
          logger,
          onChange: entity => {
            poller
              .poll([entity])
              .catch(error =>
                logger.warn('Could not read a newly registered pipeline', {
                  error: String(error),
                }),
              );
          },
        });

        await scheduler.scheduleTask({
          id: 'pipelines-poll',
          ...config.schedule,
          fn: async () => {
            const result = await poller.pollAll();
            logger.debug('Polled pipelines', { ...result });
          },
        });

        const catalogErrors = new CatalogErrors(15 * 60_000);
        await catalogErrors.subscribe(deps.events);

        const every = config.schedule.frequency;
        const pollEverySeconds =
          typeof every === 'object' &&
          'seconds' in every &&
          typeof every.seconds === 'number'
            ? every.seconds
            : 60;
        deps.httpRouter.use(
          await createRouter({
            store,
            registry,
            poller,
            source,
            catalog,
            config,
            httpAuth: deps.httpAuth,
            auditor: deps.auditor,
            logger,
            pollEverySeconds,
            catalogErrors,
          }),
        );
      },
    });
  },
});
