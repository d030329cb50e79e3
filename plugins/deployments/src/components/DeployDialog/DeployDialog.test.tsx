import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { DeployPreview, WorkloadState } from '@paved/plugin-deployments-common';
import { deploymentsApiRef } from '../../api/DeploymentsApi';
import {
  ENTITY_REF,
  FakeApi,
  fakeApi,
  responseError,
  workload,
} from '../../testing/fixtures';
import { DeployDialog } from './DeployDialog';

// Typing re-renders the dialog per keystroke; a loaded 2-core machine needs more than 5 s.
jest.setTimeout(30_000);

const DIFF = `===================================================================
--- live/Deployment/checkout
+++ new/Deployment/checkout
@@ -10,7 +10,7 @@
     spec:
       containers:
-        - image: ghcr.io/acme/checkout:1.0.0
+        - image: ghcr.io/acme/checkout:1.1.0
           name: checkout
`;

const preview: DeployPreview = {
  cluster: 'local',
  namespace: 'shop',
  image: 'ghcr.io/acme/checkout:1.1.0',
  replicas: 2,
  manifestSource: 'generated',
  replicasManagedBy: null,
  objects: [
    {
      kind: 'Deployment',
      name: 'checkout',
      namespace: 'shop',
      change: 'update',
      diff: DIFF,
    },
    {
      kind: 'Service',
      name: 'checkout',
      namespace: 'shop',
      change: 'unchanged',
      diff: '',
    },
    {
      kind: 'ConfigMap',
      name: 'checkout-env',
      namespace: 'shop',
      change: 'create',
      diff: '--- /dev/null\n+++ new/ConfigMap/checkout-env\n@@ -0,0 +1 @@\n+kind: ConfigMap\n',
    },
  ],
};

function render(
  api: FakeApi,
  options: { workloads?: WorkloadState[]; onStarted?: jest.Mock } = {},
) {
  const onStarted = options.onStarted ?? jest.fn();
  return renderInTestApp(
    <DeployDialog
      entityRef={ENTITY_REF}
      workloads={options.workloads ?? [workload({ state: 'missing' })]}
      clusterTitles={{ local: 'Local', staging: 'Staging' }}
      initialCluster="local"
      onClose={jest.fn()}
      onStarted={onStarted}
    />,
    { apis: [[deploymentsApiRef, api as any]] },
  );
}

async function typeImage(image: string) {
  const field = await screen.findByLabelText(/^Image/);
  await userEvent.clear(field);
  await userEvent.type(field, image);
}

describe('DeployDialog', () => {
  it('names what is wrong with an image reference and offers no preview of it', async () => {
    const api = fakeApi();
    await render(api);
    await typeImage('ghcr.io/Acme/checkout:1.0');
    expect(
      screen.getByText(/repository names must be lowercase \("Acme"\)/),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Preview' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Deploy' })).toBeDisabled();

    await typeImage('ghcr.io/acme/checkout:1.0');
    expect(screen.queryByText(/Invalid image reference/)).toBeNull();
    expect(screen.getByRole('button', { name: 'Preview' })).toBeEnabled();
    expect(api.preview).not.toHaveBeenCalled();
  });

  it('previews every object with its change and a coloured diff, then deploys what was previewed', async () => {
    const api = fakeApi({ preview: jest.fn().mockResolvedValue(preview) });
    const onStarted = jest.fn();
    await render(api, { workloads: [workload()], onStarted });
    // The running image is the starting point; only the tag needs changing.
    expect(screen.getByLabelText(/^Image/)).toHaveValue(
      'ghcr.io/acme/checkout:1.0.0',
    );
    await typeImage('ghcr.io/acme/checkout:1.1.0');
    await userEvent.type(screen.getByLabelText('Replicas'), '3');
    expect(screen.getByRole('button', { name: 'Deploy' })).toBeDisabled();
    await userEvent.click(screen.getByRole('button', { name: 'Preview' }));

    const deploymentDiff = await screen.findByTestId(
      'preview-object-Deployment-checkout',
    );
    expect(within(deploymentDiff).getByText('update')).toBeInTheDocument();
    const lines = Array.from(
      within(deploymentDiff).getByTestId('diff').children,
    ).map(line => [line.getAttribute('data-line'), line.textContent]);
    expect(lines).toEqual(
      expect.arrayContaining([
        ['header', '+++ new/Deployment/checkout'],
        ['hunk', '@@ -10,7 +10,7 @@'],
        ['removed', '-        - image: ghcr.io/acme/checkout:1.0.0'],
        ['added', '+        - image: ghcr.io/acme/checkout:1.1.0'],
        ['context', '           name: checkout'],
      ]),
    );
    const service = screen.getByTestId('preview-object-Service-checkout');
    expect(within(service).getByText('unchanged')).toBeInTheDocument();
    expect(within(service).getByText('No changes')).toBeInTheDocument();
    expect(
      within(
        screen.getByTestId('preview-object-ConfigMap-checkout-env'),
      ).getByText('create'),
    ).toBeInTheDocument();
    expect(api.preview).toHaveBeenCalledWith(ENTITY_REF, {
      image: 'ghcr.io/acme/checkout:1.1.0',
      cluster: 'local',
      replicas: 3,
    });

    await userEvent.click(screen.getByRole('button', { name: 'Deploy' }));
    await waitFor(() => expect(onStarted).toHaveBeenCalledWith('new'));
    expect(api.deploy).toHaveBeenCalledWith(ENTITY_REF, {
      image: 'ghcr.io/acme/checkout:1.1.0',
      cluster: 'local',
      replicas: 3,
    });
  });

  it('lists the fields another manager owns and deploys taking them over on request', async () => {
    const conflict = await responseError(409, {
      error: {
        name: 'Conflict',
        message:
          'Cluster "local": fields of deployments.apps "checkout" are owned by another field manager',
      },
      details: {
        reason: 'Conflict',
        message:
          'Cluster "local": fields of deployments.apps "checkout" are owned by another field manager',
        causes: [
          {
            field: '.spec.replicas',
            reason: 'FieldManagerConflict',
            message: 'conflict with "kubectl-client-side-apply" using apps/v1',
          },
        ],
      },
    });
    const api = fakeApi({ preview: jest.fn().mockRejectedValue(conflict) });
    const onStarted = jest.fn();
    await render(api, { onStarted });
    await typeImage('ghcr.io/acme/checkout:1.1.0');
    await userEvent.click(screen.getByRole('button', { name: 'Preview' }));

    const causes = await screen.findByTestId('problem-causes');
    expect(causes).toHaveTextContent(
      '.spec.replicas: owned by field manager "kubectl-client-side-apply"',
    );
    expect(
      screen.getByText(/owned by another field manager/),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Deploy and take over these fields' }),
    );
    await waitFor(() => expect(onStarted).toHaveBeenCalledWith('new'));
    expect(api.deploy).toHaveBeenCalledWith(ENTITY_REF, {
      image: 'ghcr.io/acme/checkout:1.1.0',
      cluster: 'local',
      force: true,
    });
  });

  it('lists the causes the API server gave for rejecting the manifests', async () => {
    const invalid = await responseError(422, {
      error: {
        name: 'Invalid',
        message:
          'Cluster "local" rejected deployments.apps "checkout" as invalid',
      },
      details: {
        reason: 'Invalid',
        message:
          'Cluster "local" rejected deployments.apps "checkout" as invalid',
        causes: [
          {
            field: 'spec.template.spec.containers[0].ports[0].containerPort',
            reason: 'FieldValueInvalid',
            message: 'Invalid value: 70000: must be between 1 and 65535',
          },
        ],
      },
    });
    const api = fakeApi({ preview: jest.fn().mockRejectedValue(invalid) });
    await render(api);
    await typeImage('ghcr.io/acme/checkout:1.1.0');
    await userEvent.click(screen.getByRole('button', { name: 'Preview' }));

    expect(
      await screen.findByText('The cluster rejected the manifests'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('problem-causes')).toHaveTextContent(
      'spec.template.spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535 (FieldValueInvalid)',
    );
    expect(
      screen.queryByRole('button', {
        name: 'Deploy and take over these fields',
      }),
    ).toBeNull();
  });

  it('leaves the replica count to an autoscaler and says so', async () => {
    const api = fakeApi({ preview: jest.fn().mockResolvedValue(preview) });
    await render(api, {
      workloads: [
        workload({ replicasManagedBy: 'HorizontalPodAutoscaler/checkout' }),
      ],
    });
    expect(screen.getByLabelText('Replicas')).toBeDisabled();
    expect(
      screen.getByText(
        'HorizontalPodAutoscaler/checkout manages the replica count, so Paved leaves it alone',
      ),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Preview' }));
    await waitFor(() =>
      expect(api.preview).toHaveBeenCalledWith(ENTITY_REF, {
        image: 'ghcr.io/acme/checkout:1.0.0',
        cluster: 'local',
      }),
    );
  });
});
