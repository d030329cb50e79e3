import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { TracesClient } from './api/TracesClient';
import { tracesApiRef } from './api/TracesApi';
import { traceRouteRef } from './routes';

const tracesApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: tracesApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new TracesClient({ discoveryApi, fetchApi }),
    }),
});

/** No title or icon: a trace is reached from a list or a link, not from the sidebar. */
export const tracePage = PageBlueprint.make({
  params: {
    path: '/traces/:traceId',
    routeRef: traceRouteRef,
    loader: () => import('./components/TracePage').then(m => <m.TracePage />),
  },
});

/** On every component, so one that sends no traces yet learns how to, where it would look. */
export const tracesContent = EntityContentBlueprint.make({
  params: {
    path: 'traces',
    title: 'Traces',
    filter: { kind: 'component' },
    loader: () =>
      import('./components/TracesContent').then(m => <m.TracesContent />),
  },
});

export const dependenciesContent = EntityContentBlueprint.make({
  name: 'dependencies',
  params: {
    path: 'dependencies',
    title: 'Dependencies',
    filter: { kind: 'system' },
    loader: () =>
      import('./components/DependenciesContent').then(m => (
        <m.DependenciesContent />
      )),
  },
});

/**
 * Traces in the portal: RED charts and trace search on every component, a waterfall page per
 * trace, and the dependencies observed in spans beside the declared ones on every system.
 *
 * @public
 */
export const tracesPlugin = createFrontendPlugin({
  pluginId: 'traces',
  // Shown in the header of the trace page, which otherwise reads "traces".
  title: 'Traces',
  info: { packageJson: () => import('../package.json') },
  extensions: [tracesApi, tracePage, tracesContent, dependenciesContent],
  routes: { trace: traceRouteRef },
});
