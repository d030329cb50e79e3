import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import TimelineIcon from '@material-ui/icons/Timeline';
import { PipelinesClient } from './api/PipelinesClient';
import { pipelinesApiRef } from './api/PipelinesApi';
import { rootRouteRef } from './routes';

const pipelinesApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: pipelinesApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new PipelinesClient({ discoveryApi, fetchApi }),
    }),
});

const pipelinesPage = PageBlueprint.make({
  params: {
    path: '/pipelines',
    routeRef: rootRouteRef,
    title: 'Pipelines',
    icon: <TimelineIcon />,
    loader: () =>
      import('./components/PipelinesPage').then(m => <m.PipelinesPage />),
  },
});

const pipelineHealthContent = EntityContentBlueprint.make({
  name: 'health',
  params: {
    path: 'health',
    title: 'Health',
    filter: 'kind:pipeline',
    loader: () =>
      import('./components/PipelineHealthContent').then(m => (
        <m.PipelineHealthContent />
      )),
  },
});

const componentLagCard = EntityCardBlueprint.make({
  name: 'lag',
  params: {
    filter: entity =>
      entity.kind.toLowerCase() === 'component' &&
      (entity.relations ?? []).some(
        r => r.type === 'dependencyOf' && r.targetRef.startsWith('pipeline:'),
      ),
    loader: () =>
      import('./components/ComponentLagCard').then(m => <m.ComponentLagCard />),
  },
});

/**
 * Data pipelines in the portal: registration, the list with health, a Health tab on every
 * Pipeline and a lag card on the components that run them.
 *
 * @public
 */
export const pipelinesPlugin = createFrontendPlugin({
  pluginId: 'pipelines',
  info: { packageJson: () => import('../package.json') },
  extensions: [
    pipelinesApi,
    pipelinesPage,
    pipelineHealthContent,
    componentLagCard,
  ],
  routes: { root: rootRouteRef },
});
