import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  GoldenPathsClient,
  goldenPathsApiRef,
} from '@paved/plugin-golden-paths-react';
import RouteIcon from '@material-ui/icons/CallSplit';
import { rootRouteRef } from './routes';

const goldenPathsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: goldenPathsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new GoldenPathsClient({ discoveryApi, fetchApi }),
    }),
});

const curationPage = PageBlueprint.make({
  params: {
    path: '/golden-paths',
    routeRef: rootRouteRef,
    title: 'Golden paths',
    icon: <RouteIcon />,
    loader: () =>
      import('./components/CurationPage').then(m => <m.CurationPage />),
  },
});

/**
 * Golden-path curation for platform teams: every template with its lifecycle, owner and how it
 * is used (runs, success rate, median duration, last use), read from the scaffolder.
 *
 * @public
 */
export const goldenPathsPlugin = createFrontendPlugin({
  pluginId: 'golden-paths',
  info: { packageJson: () => import('../package.json') },
  extensions: [goldenPathsApi, curationPage],
  routes: { root: rootRouteRef },
});
