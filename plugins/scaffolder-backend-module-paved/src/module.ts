import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { GitHostingClient } from '@paved/plugin-git-node';
import { readPublishConfig } from './config';
import { createPublishAction } from './actions/publish';
import { createValidateAction } from './actions/validate';
import { createDeployAction } from './actions/deploy';
import { GithubPublisher } from './publishers/GithubPublisher';
import { LocalGitPublisher } from './publishers/LocalGitPublisher';
import { RepositoryPublisher } from './publishers/types';

/**
 * Paved's scaffolder actions: `paved:validate`, `paved:publish` and `paved:deploy`.
 *
 * @public
 */
export const scaffolderModulePaved = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'paved',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
      },
      async init({ scaffolder, config, logger, discovery, auth, catalog }) {
        const publishConfig = readPublishConfig(config);
        const publisher: RepositoryPublisher =
          publishConfig.target === 'github'
            ? new GithubPublisher(config, publishConfig.github!, logger)
            : new LocalGitPublisher(
                new GitHostingClient({ discovery, auth }),
                discovery,
              );
        scaffolder.addActions(
          createValidateAction({ catalog, publisher, config: publishConfig }),
          createPublishAction({ catalog, publisher, config: publishConfig }),
          createDeployAction({ discovery, auth }),
        );
      },
    });
  },
});
