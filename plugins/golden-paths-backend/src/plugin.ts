import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { assertError } from '@backstage/errors';
import { readUsageConfig } from './config';
import { DatabaseRunStore } from './database/DatabaseRunStore';
import { createRouter } from './router';
import { syncRuns } from './service/syncRuns';
import { ScaffolderApiTaskSource } from './service/TaskSource';

/**
 * Golden-path curation: how often each template runs, how often it succeeds and how long it
 * takes, read from the scaffolder's REST API on a schedule.
 *
 * @public
 */
export const goldenPathsPlugin = createBackendPlugin({
  pluginId: 'golden-paths',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
      },
      async init({
        config,
        logger,
        database,
        scheduler,
        discovery,
        auth,
        httpAuth,
        httpRouter,
      }) {
        const usageConfig = readUsageConfig(config);
        const store = await DatabaseRunStore.create({ database });
        const source = new ScaffolderApiTaskSource({ discovery, auth });

        const syncNow = async () => {
          try {
            const result = await syncRuns({ source, store, logger });
            await store.recordSync({ at: new Date() });
            return result;
          } catch (error) {
            assertError(error);
            logger.warn('Could not read template runs from the scaffolder', {
              error: error.message,
            });
            await store.recordSync({ at: new Date(), error: error.message });
            throw error;
          }
        };

        await scheduler.scheduleTask({
          id: 'golden-paths-usage-sync',
          ...usageConfig.schedule,
          fn: async () => {
            // Failures are recorded for the UI by syncNow; the next run simply tries again.
            await syncNow().catch(() => undefined);
          },
        });

        httpRouter.use(
          await createRouter({
            store,
            httpAuth,
            logger,
            defaultDays: usageConfig.days,
            syncNow,
          }),
        );
      },
    });
  },
});
