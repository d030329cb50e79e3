import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { readTracesConfig } from './config';
import { DatabaseTraceStore } from './database/DatabaseTraceStore';
import { BatchWriter } from './ingest/BatchWriter';
import { createRouter } from './router';
import { ServiceEntities } from './service/ServiceEntities';

const DAY = 24 * 60 * 60 * 1000;

/**
 * Traces: an OTLP/HTTP receiver at `/api/traces/v1/traces` storing spans in the portal's
 * database, and queries for traces, RED metrics and the dependencies observed in spans.
 *
 * @public
 */
export const tracesPlugin = createBackendPlugin({
  pluginId: 'traces',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
      },
      async init(deps) {
        const { logger, scheduler, httpRouter } = deps;
        const config = readTracesConfig(deps.config);
        const store = await DatabaseTraceStore.create({
          database: deps.database,
        });
        const writer = new BatchWriter({
          store,
          logger,
          maxBatchSpans: config.ingest.batchMaxSpans,
          maxPendingSpans: config.ingest.maxPendingSpans,
          concurrency: config.ingest.writeConcurrency,
        });
        // Spans accepted before shutdown are committed before the database goes away.
        deps.lifecycle.addShutdownHook(() => writer.idle());
        if (!config.ingest.token) {
          logger.warn(
            'traces.ingest.token is not set: the OTLP receiver refuses every request with 401',
          );
        }

        await scheduler.scheduleTask({
          id: 'traces-retention',
          ...config.retention.schedule,
          fn: async () => {
            const now = Date.now();
            const pruned = await store.prune({
              spansBefore: now - config.retention.maxAgeDays * DAY,
              maxSpans: config.retention.maxSpans,
              metricsBefore: now - config.retention.metricsDays * DAY,
            });
            logger.info('Applied trace retention', { ...pruned });
          },
        });

        // OTLP exporters and Collectors carry no Backstage credentials; the receiver checks its
        // own bearer token (traces.ingest.token) and refuses everything without one.
        httpRouter.addAuthPolicy({
          path: '/v1/traces',
          allow: 'unauthenticated',
        });
        httpRouter.use(
          await createRouter({
            store,
            writer,
            entities: new ServiceEntities(deps.catalog, store),
            config,
            httpAuth: deps.httpAuth,
            logger,
          }),
        );
      },
    });
  },
});
