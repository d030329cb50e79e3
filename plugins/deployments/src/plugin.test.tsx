import { screen, waitFor } from '@testing-library/react';
import { renderTestApp } from '@backstage/frontend-test-utils';
import { createTestEntityPage } from '@backstage/plugin-catalog-react/testUtils';
import { deploymentsApiRef } from './api/DeploymentsApi';
import { deploymentStatusCard, deploymentsContent } from './plugin';
import {
  checkoutEntity,
  deployment,
  fakeApi,
  state,
  workload,
} from './testing/fixtures';

describe('deployments plugin', () => {
  it('puts a status card on the overview of a component that names a cluster', async () => {
    const api = fakeApi({
      getState: jest.fn().mockResolvedValue(
        state({
          workloads: [
            workload({
              image: 'ghcr.io/acme/checkout:1.4.2',
              ready: 1,
              desired: 2,
              lastDeployment: deployment({ status: 'progressing' }),
            }),
            workload({ cluster: 'staging', state: 'missing', image: null }),
          ],
        }),
      ),
    });
    renderTestApp({
      extensions: [
        createTestEntityPage({
          entity: checkoutEntity({
            'paved.dev/deploy-cluster': 'local,staging',
          }),
        }),
        deploymentStatusCard,
      ],
      apis: [[deploymentsApiRef, api as any]],
    });
    const local = await screen.findByTestId('status-line-local');
    expect(local).toHaveTextContent('Local1.4.2 · 1/2 ready');
    expect(local).toHaveTextContent('Progressing');
    expect(screen.getByTestId('status-line-staging')).toHaveTextContent(
      'stagingnot deployed yet',
    );
    expect(
      screen.getByRole('link', { name: /View deployments/ }),
    ).toHaveAttribute('href', expect.stringMatching(/\/deployments$/));
  });

  it('leaves the card off components that deploy nowhere', async () => {
    const api = fakeApi();
    renderTestApp({
      extensions: [
        createTestEntityPage({ entity: checkoutEntity() }),
        deploymentStatusCard,
      ],
      apis: [[deploymentsApiRef, api as any]],
    });
    expect(await screen.findByTestId('empty-entity-page')).toBeInTheDocument();
    expect(api.getState).not.toHaveBeenCalled();
  });

  it('gives every component the Deployments tab, which explains how to opt in', async () => {
    const api = fakeApi({
      getState: jest.fn().mockResolvedValue(state({ workloads: [] })),
    });
    renderTestApp({
      extensions: [
        createTestEntityPage({ entity: checkoutEntity() }),
        deploymentsContent,
      ],
      apis: [[deploymentsApiRef, api as any]],
    });
    expect(
      await screen.findByText('checkout does not deploy anywhere yet'),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(api.getState).toHaveBeenCalledWith('component:default/checkout'),
    );
  });
});
