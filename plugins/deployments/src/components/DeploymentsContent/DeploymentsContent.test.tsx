import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { deploymentsApiRef } from '../../api/DeploymentsApi';
import {
  ENTITY_REF,
  FakeApi,
  checkoutEntity,
  deployment,
  fakeApi,
  responseError,
  state,
  workload,
} from '../../testing/fixtures';
import { DeploymentsContent } from './DeploymentsContent';

// The deploy case types into the dialog and waits for a poll; a loaded 2-core machine is slow.
jest.setTimeout(30_000);

function render(api: FakeApi) {
  return renderInTestApp(
    <EntityProvider
      entity={checkoutEntity({ 'paved.dev/deploy-cluster': 'local' }) as any}
    >
      <DeploymentsContent />
    </EntityProvider>,
    { apis: [[deploymentsApiRef, api as any]] },
  );
}

describe('DeploymentsContent', () => {
  it('explains the annotations to a component that deploys nowhere, naming the clusters there are', async () => {
    const api = fakeApi({
      getState: jest.fn().mockResolvedValue(state({ workloads: [] })),
      listClusters: jest.fn().mockResolvedValue([
        { name: 'local', title: 'Local', url: '' },
        { name: 'staging', title: 'Staging', url: '' },
      ]),
    });
    render(api);
    expect(
      await screen.findByText('checkout does not deploy anywhere yet'),
    ).toBeInTheDocument();
    // The snippet is highlighted by a lazily loaded component.
    await waitFor(() =>
      expect(screen.getByTestId('annotation-snippet')).toHaveTextContent(
        /paved\.dev\/deploy-cluster: local.*paved\.dev\/deploy-namespace: checkout/,
      ),
    );
    expect(screen.getByTestId('configured-clusters')).toHaveTextContent(
      'Clusters in this portal: local (Local), staging (Staging)',
    );
    expect(screen.queryByRole('button', { name: 'Deploy' })).toBeNull();
  });

  it('says so when the portal has no cluster at all', async () => {
    const api = fakeApi({
      getState: jest.fn().mockResolvedValue(state({ workloads: [] })),
      listClusters: jest.fn().mockResolvedValue([]),
    });
    render(api);
    expect(
      await screen.findByText('No cluster is configured in this portal'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('deployments-not-configured')).toHaveTextContent(
      'deployments.clusters',
    );
  });

  it('shows an unreachable cluster with the error, and reads it again on Retry', async () => {
    const unreachable = state({
      workloads: [
        workload({
          state: 'unreachable',
          image: null,
          error: {
            reason: 'Unreachable',
            message:
              'Cluster "local" at https://127.0.0.1:6443 did not answer: connect ECONNREFUSED',
          },
        }),
      ],
    });
    const api = fakeApi({
      getState: jest
        .fn()
        .mockResolvedValueOnce(unreachable)
        .mockResolvedValue(state()),
    });
    render(api);
    expect(
      await screen.findByText('Cluster Local is unreachable'),
    ).toBeInTheDocument();
    expect(screen.getByText(/connect ECONNREFUSED/)).toBeInTheDocument();
    // Nothing can be deployed to a cluster nobody can reach.
    expect(screen.queryByRole('button', { name: 'Deploy' })).toBeNull();

    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByTestId('workload-image')).toHaveTextContent(
      'ghcr.io/acme/checkout:1.0.0',
    );
    expect(screen.queryByText('Cluster Local is unreachable')).toBeNull();
    expect(api.getState).toHaveBeenCalledTimes(2);
  });

  it('shows what runs in a cluster: image, replicas, revision, last rollout and the autoscaler', async () => {
    const api = fakeApi({
      getState: jest.fn().mockResolvedValue(
        state({
          workloads: [
            workload({
              ready: 1,
              desired: 3,
              updated: 2,
              available: 1,
              revision: 7,
              replicasManagedBy: 'HorizontalPodAutoscaler/checkout',
            }),
          ],
        }),
      ),
    });
    render(api);
    const card = await screen.findByTestId('cluster-card-local');
    expect(within(card).getByText('Local')).toBeInTheDocument();
    expect(within(card).getByText('namespace shop')).toBeInTheDocument();
    expect(within(card).getByTestId('workload-image')).toHaveTextContent(
      'ghcr.io/acme/checkout:1.0.0',
    );
    expect(within(card).getByTestId('workload-replicas')).toHaveTextContent(
      '1/3 ready (2 updated, 1 available)',
    );
    expect(within(card).getByTestId('workload-hpa')).toHaveTextContent(
      'Replicas managed by HorizontalPodAutoscaler/checkout',
    );
    expect(within(card).getByText('7')).toBeInTheDocument();
    expect(within(card).getByTestId('workload-last-rollout')).toHaveTextContent(
      'SucceededDeploy by ada, 10 minutes ago, took 42 s',
    );
    // An autoscaler owns the count, so Scale is offered disabled.
    expect(within(card).getByRole('button', { name: 'Scale' })).toBeDisabled();
  });

  it('offers a first deploy where the component is not deployed yet', async () => {
    const api = fakeApi({
      getState: jest.fn().mockResolvedValue(
        state({
          workloads: [workload({ state: 'missing', lastDeployment: null })],
        }),
      ),
      listDeployments: jest.fn().mockResolvedValue([]),
    });
    render(api);
    expect(
      await screen.findByText('Not deployed to Local yet'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Nothing deployed from the portal yet.'),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Deploy' }));
    expect(await screen.findByLabelText(/^Image/)).toHaveValue('');
    expect(screen.queryByRole('button', { name: 'Scale' })).toBeNull();
  });

  it('deploys, then follows the rollout with a progress bar until it succeeds', async () => {
    const started = deployment({
      id: 'new',
      image: 'ghcr.io/acme/checkout:1.1.0',
      status: 'progressing',
      revision: 2,
      createdAt: new Date().toISOString(),
      finishedAt: null,
      durationMs: null,
      progress: {
        message: '1 of 2 updated replicas are available',
        desired: 2,
        updated: 2,
        ready: 1,
        available: 1,
        old: 1,
        fraction: 0.5,
      },
    });
    const finished = {
      ...started,
      status: 'succeeded' as const,
      progress: { ...started.progress!, fraction: 1, old: 0 },
      durationMs: 12_000,
    };
    const api = fakeApi({
      preview: jest.fn().mockResolvedValue({
        cluster: 'local',
        namespace: 'shop',
        image: 'ghcr.io/acme/checkout:1.1.0',
        replicas: 2,
        manifestSource: 'generated',
        replicasManagedBy: null,
        objects: [],
      }),
      getDeployment: jest
        .fn()
        .mockResolvedValueOnce({ ...started, manifests: [] })
        .mockResolvedValue({ ...finished, manifests: [] }),
    });
    render(api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Deploy' }),
    );
    const image = await screen.findByLabelText(/^Image/);
    await userEvent.clear(image);
    await userEvent.type(image, 'ghcr.io/acme/checkout:1.1.0');
    await userEvent.click(screen.getByRole('button', { name: 'Preview' }));
    await screen.findByTestId('deploy-preview');
    await userEvent.click(screen.getByRole('button', { name: 'Deploy' }));

    await waitFor(() =>
      expect(api.deploy).toHaveBeenCalledWith(ENTITY_REF, {
        image: 'ghcr.io/acme/checkout:1.1.0',
        cluster: 'local',
      }),
    );
    const rollout = await screen.findByTestId('rollout-in-flight');
    expect(rollout).toHaveTextContent(
      'Deploy of 1.1.0 to Local by ada: rolling out',
    );
    expect(rollout).toHaveTextContent('1 of 2 updated replicas are available');
    expect(within(rollout).getByRole('progressbar')).toHaveAttribute(
      'aria-valuenow',
      '50',
    );
    // Each step of the rollout has the cards read the cluster again.
    await waitFor(() => expect(api.getState).toHaveBeenCalledTimes(2));

    // The next poll, two seconds later, sees it finish; state and history are read again.
    expect(
      await screen.findByTestId('rollout-succeeded', {}, { timeout: 10_000 }),
    ).toHaveTextContent(
      'Deploy of 1.1.0 to Local succeeded in 12 s, now at revision 2.',
    );
    await waitFor(() => expect(api.getState).toHaveBeenCalledTimes(3));
    expect(api.listDeployments.mock.calls.length).toBeGreaterThanOrEqual(3);
    expect(screen.queryByTestId('rollout-in-flight')).toBeNull();
  });

  it('lists the history newest first and rolls back only after confirmation', async () => {
    const api = fakeApi({
      listDeployments: jest.fn().mockResolvedValue([
        deployment({
          id: 'd2',
          image: 'ghcr.io/acme/checkout:1.1.0',
          status: 'failed',
          revision: 2,
          createdBy: 'user:default/grace',
          createdAt: new Date(Date.now() - 60 * 60_000).toISOString(),
          error: {
            reason: 'ProgressDeadlineExceeded',
            message: 'ReplicaSet "checkout-2" has timed out progressing',
          },
        }),
        deployment({
          id: 'd1',
          createdAt: new Date(Date.now() - 3 * 3600_000).toISOString(),
        }),
      ]),
    });
    render(api);
    const history = await screen.findByTestId('deployment-history');
    const rows = within(history)
      .getAllByTestId('history-row')
      .map(cell => cell.closest('tr')!);
    expect(rows).toHaveLength(2);
    // The tag on one line, the whole reference on hover.
    expect(rows[0]).toHaveTextContent('checkout:1.1.0');
    expect(within(rows[0]).getByText('checkout:1.1.0')).toHaveAttribute(
      'data-image',
      'ghcr.io/acme/checkout:1.1.0',
    );
    expect(rows[0]).toHaveTextContent('ProgressDeadlineExceeded');
    expect(rows[0]).toHaveTextContent('grace');
    expect(rows[0]).toHaveTextContent('1 hour ago');
    expect(rows[1]).toHaveTextContent('checkout:1.0.0');
    expect(rows[1]).toHaveTextContent('3 hours ago');

    await userEvent.click(
      within(rows[0]).getByRole('button', { name: 'Rollback' }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('Roll back this deploy in Local?');
    expect(api.rollback).not.toHaveBeenCalled();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Roll back' }),
    );
    await waitFor(() => expect(api.rollback).toHaveBeenCalledWith('d2'));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(api.getDeployment).toHaveBeenCalledWith('rb');
  });

  it('offers no rollback where the history shows nothing earlier that succeeded there', async () => {
    const api = fakeApi({
      listDeployments: jest.fn().mockResolvedValue([
        deployment({ id: 'd3', image: 'ghcr.io/acme/checkout:1.2.0' }),
        deployment({
          id: 'd2',
          image: 'ghcr.io/acme/checkout:1.1.0',
          cluster: 'eu',
        }),
        deployment({
          id: 'd1',
          image: 'ghcr.io/acme/checkout:1.0.0',
          status: 'failed',
        }),
      ]),
    });
    render(api);
    const history = await screen.findByTestId('deployment-history');
    const rows = within(history)
      .getAllByTestId('history-row')
      .map(cell => cell.closest('tr')!);
    expect(rows).toHaveLength(3);
    // d1 failed and d2 went to another cluster: nothing for any of them to go back to.
    for (const row of rows) {
      expect(
        within(row).queryByRole('button', { name: 'Rollback' }),
      ).toBeNull();
      expect(
        within(row).getByRole('button', { name: 'Redeploy' }),
      ).toBeEnabled();
    }
  });

  it('keeps the confirmation open with the reason when there is nothing to roll back to', async () => {
    const api = fakeApi({
      // Shown as possible, but the earlier success is gone by the time the server looks.
      listDeployments: jest
        .fn()
        .mockResolvedValue([
          deployment({ id: 'd2', image: 'ghcr.io/acme/checkout:1.1.0' }),
          deployment({ id: 'd1' }),
        ]),
      rollback: jest.fn().mockRejectedValue(
        await responseError(409, {
          error: {
            name: 'ConflictError',
            message:
              'There is nothing to roll back to: no deployment of component:default/checkout to cluster "local" succeeded before d1',
          },
        }),
      ),
    });
    render(api);
    const history = await screen.findByTestId('deployment-history');
    await userEvent.click(
      within(history).getByRole('button', { name: 'Rollback' }),
    );
    await userEvent.click(
      within(await screen.findByRole('dialog')).getByRole('button', {
        name: 'Roll back',
      }),
    );
    expect(
      await within(screen.getByRole('dialog')).findByText(
        /There is nothing to roll back to/,
      ),
    ).toBeInTheDocument();
  });

  it('shows a non-owner everything read-only, with a note why the buttons are missing', async () => {
    const api = fakeApi({
      getState: jest
        .fn()
        .mockResolvedValue(state({ canDeploy: false, canRollback: false })),
    });
    render(api);
    expect(await screen.findByTestId('read-only-note')).toHaveTextContent(
      'deployments.deployment.create',
    );
    expect(screen.getByTestId('workload-image')).toHaveTextContent(
      'ghcr.io/acme/checkout:1.0.0',
    );
    expect(
      await within(screen.getByTestId('deployment-history')).findByRole(
        'button',
        { name: 'Manifests' },
      ),
    ).toBeInTheDocument();
    for (const name of ['Deploy', 'Scale', 'Restart', 'Rollback', 'Redeploy']) {
      expect(screen.queryByRole('button', { name })).toBeNull();
    }
  });

  it('shows the manifests a deployment applied', async () => {
    const api = fakeApi({
      getDeployment: jest.fn().mockResolvedValue({
        ...deployment(),
        manifests: [
          {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            metadata: { name: 'checkout', namespace: 'shop' },
          },
        ],
      }),
    });
    render(api);
    await userEvent.click(
      await within(await screen.findByTestId('deployment-history')).findByRole(
        'button',
        { name: 'Manifests' },
      ),
    );
    const manifests = await screen.findByTestId('manifests');
    expect(manifests).toHaveTextContent('"kind": "Deployment"');
    expect(api.getDeployment).toHaveBeenCalledWith('d1');
  });
});
