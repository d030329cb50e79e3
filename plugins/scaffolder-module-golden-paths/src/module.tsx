import { createFrontendModule } from '@backstage/frontend-plugin-api';

export const scaffolderModuleGoldenPaths = createFrontendModule({
  pluginId: 'scaffolder',
  extensions: [
    /* TODO */
  ],
});
