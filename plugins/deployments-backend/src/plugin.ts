import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { deploymentsPermissions } from '@paved/plugin-deployments-common';
import { readDeploymentsConfig } from './config';
import { DatabaseDeploymentStore } from './database/DatabaseDeploymentStore';
import { createRouter } from './router';
import { DeploymentService } from './service/DeploymentService';

/**
 * Deployments: deploys entities to Kubernetes with server-side apply, follows each rollout,
 * keeps the history, and rolls back, scales and restarts.
 *
 * @public
 */
export const deploymentsPlugin = createBackendPlugin({
  pluginId: 'deployments',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        auth: coreServices.auth,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        userInfo: coreServices.userInfo,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        lifecycle: coreServices.lifecycle,
        urlReader: coreServices.urlReader,
        catalog: catalogServiceRef,
        signals: signalsServiceRef,
      },
      async init(deps) {
        const { logger, catalog, signals } = deps;
        const config = readDeploymentsConfig(deps.config);
        deps.permissionsRegistry.addPermissions(deploymentsPermissions);
        const store = await DatabaseDeploymentStore.create({
          database: deps.database,
        });
        const service = new DeploymentService({
          config,
          store,
          reader: deps.urlReader,
          logger,
          onChange: deployment => {
            signals
              .publish({
                recipients: { type: 'broadcast' },
                channel: `deployments:${deployment.entityRef}`,
                message: { ...deployment } as any,
              })
              .catch(e =>
                logger.debug(
                  `Could not signal deployment ${deployment.id}: ${e}`,
                ),
              );
          },
        });
        deps.lifecycle.addStartupHook(async () => {
          const credentials = await deps.auth.getOwnServiceCredentials();
          await service.resumeUnfinished(ref =>
            catalog.getEntityByRef(ref, { credentials }),
          );
        });
        deps.lifecycle.addShutdownHook(() => service.close());
        if (!config.clusters.length) {
          logger.info(
            'No clusters in deployments.clusters: entities can be read but not deployed',
          );
        }
        deps.httpRouter.use(
          await createRouter({
            service,
            catalog,
            httpAuth: deps.httpAuth,
            userInfo: deps.userInfo,
            permissions: deps.permissions,
            auditor: deps.auditor,
            logger,
          }),
        );
      },
    });
  },
});
