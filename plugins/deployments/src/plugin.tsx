import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { DEPLOY_CLUSTER_ANNOTATION } from '@paved/plugin-deployments-common';
import { DeploymentsClient } from './api/DeploymentsClient';
import { deploymentsApiRef } from './api/DeploymentsApi';

const deploymentsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: deploymentsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new DeploymentsClient({ discoveryApi, fetchApi }),
    }),
});

/** On every component, so one without the annotation learns how to opt in where it would look. */
export const deploymentsContent = EntityContentBlueprint.make({
  params: {
    path: 'deployments',
    title: 'Deployments',
    filter: 'kind:component',
    loader: () =>
      import('./components/DeploymentsContent').then(m => (
        <m.DeploymentsContent />
      )),
  },
});

/** Only where there is something to show: components that name a cluster. */
export const deploymentStatusCard = EntityCardBlueprint.make({
  name: 'status',
  params: {
    filter: {
      kind: 'component',
      [`metadata.annotations.${DEPLOY_CLUSTER_ANNOTATION}`]: { $exists: true },
    },
    loader: () =>
      import('./components/DeploymentStatusCard').then(m => (
        <m.DeploymentStatusCard />
      )),
  },
});

/**
 * Deployments in the portal: a Deployments tab on every component with deploy, live rollout,
 * history and rollback, and a status card on the overview of those that deploy somewhere.
 *
 * @public
 */
export const deploymentsPlugin = createFrontendPlugin({
  pluginId: 'deployments',
  info: { packageJson: () => import('../package.json') },
  extensions: [deploymentsApi, deploymentsContent, deploymentStatusCard],
});
