import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { createRouter } from './router';
import { readGitHostingConfig } from './config';
import { LocalGitRepositories } from './service/LocalGitRepositories';

/**
 * Local git hosting: bare repositories on disk, served over git's smart HTTP protocol at
 * `/api/git/repos/<name>.git`, with browse, raw and archive views.
 *
 * @public
 */
export const gitPlugin = createBackendPlugin({
  pluginId: 'git',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpAuth: coreServices.httpAuth,
        userInfo: coreServices.userInfo,
        httpRouter: coreServices.httpRouter,
        discovery: coreServices.discovery,
        auditor: coreServices.auditor,
      },
      async init({
        config,
        logger,
        httpAuth,
        userInfo,
        httpRouter,
        discovery,
        auditor,
      }) {
        const hosting = readGitHostingConfig(config);
        const repositories = await LocalGitRepositories.create(hosting);
        logger.info('Serving git repositories', {
          directory: repositories.rootDirectory,
        });
        httpRouter.use(
          await createRouter({
            repositories,
            httpAuth,
            userInfo,
            discovery,
            auditor,
            logger,
          }),
        );
        // `git clone`, the catalog's URL reader and repository links opened in a browser carry no
        // Backstage token. Pushes under this path still demand one (see the router).
        httpRouter.addAuthPolicy({ path: '/repos', allow: 'unauthenticated' });
      },
    });
  },
});
