import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { identityApiRef } from '@backstage/frontend-plugin-api';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { pipelinesApiRef } from '../../api/PipelinesApi';
import { PipelineForm } from './PipelineForm';

// Typing re-renders the whole form per keystroke; on a 2-core CI machine that also builds
// Kubernetes in the background, 5 s is not enough for a few fields.
jest.setTimeout(30_000);

const group = (name: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default', title: `${name} title` },
  spec: { type: 'team', children: [] },
});

function setup(overrides: Record<string, jest.Mock> = {}) {
  const api = {
    listClusters: jest
      .fn()
      .mockResolvedValue([{ name: 'local', isDefault: true, brokers: 1 }]),
    listTopics: jest
      .fn()
      .mockResolvedValue([{ name: 'orders', partitions: 6 }]),
    listGroups: jest
      .fn()
      .mockResolvedValue([{ groupId: 'enricher', state: 'Stable' }]),
    listRegistered: jest.fn().mockResolvedValue([]),
    register: jest.fn(async (entity: any) => ({
      entityRef: 'pipeline:default/x',
      entity,
    })),
    ...overrides,
  };
  const identity = {
    getBackstageIdentity: async () => ({
      type: 'user',
      userEntityRef: 'user:default/ada',
      ownershipEntityRefs: [
        'user:default/ada',
        'group:default/engineering',
        'group:default/data-team',
      ],
    }),
  };
  const catalog = catalogApiMock({
    entities: [
      { ...group('engineering'), spec: { type: 'department', children: [] } },
      group('data-team'),
      group('web-team'),
    ],
  });
  return {
    api,
    catalog,
    render: () =>
      renderInTestApp(<PipelineForm />, {
        apis: [
          [pipelinesApiRef, api as any],
          [catalogApiRef, catalog],
          [identityApiRef, identity as any],
        ],
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      }),
  };
}

describe('PipelineForm', () => {
  it('names each wrong field and sends nothing until they are fixed', async () => {
    const { api, render } = setup();
    await render();
    const name = await screen.findByLabelText(/^Name/);
    await userEvent.type(name, 'Orders_Enrichment!');
    expect(
      await screen.findByText(/metadata\.name|letters|characters/i),
    ).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Register' }));
    expect(api.register).not.toHaveBeenCalled();
    // Once the user tried to submit, the untouched required fields are called out too.
    expect(
      screen.getByText('needs maxLagMessages, maxLagSeconds or both'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Fix the fields marked in red: \d+ problem/),
    ).toBeInTheDocument();
  });

  it('registers a valid pipeline with the owner the user belongs to', async () => {
    const { api, render } = setup();
    await render();
    await userEvent.type(
      await screen.findByLabelText(/^Name/),
      'orders-enrichment',
    );
    await userEvent.type(screen.getByLabelText('Input topic 1'), 'orders');
    await userEvent.type(screen.getByLabelText('Consumer group'), 'enricher');
    await userEvent.type(screen.getByLabelText('Most messages behind'), '5000');
    await userEvent.click(screen.getByRole('button', { name: 'Register' }));

    await waitFor(() => expect(api.register).toHaveBeenCalledTimes(1));
    const sent = api.register.mock.calls[0][0];
    expect(sent.metadata).toMatchObject({
      name: 'orders-enrichment',
      annotations: { 'paved.dev/kafka-cluster': 'local' },
    });
    expect(sent.spec).toMatchObject({
      owner: 'group:default/data-team',
      inputs: [{ topic: 'orders', consumerGroup: 'enricher' }],
      slo: { maxLagMessages: 5000 },
    });
  });

  it('shows the server’s refusal, e.g. a name already taken', async () => {
    const conflict = Object.assign(new Error('Conflict'), {
      body: {
        error: {
          message:
            'pipeline:default/orders-enrichment is already in the catalog',
        },
      },
    });
    const { render } = setup({
      register: jest.fn().mockRejectedValue(conflict),
    });
    await render();
    await userEvent.type(
      await screen.findByLabelText(/^Name/),
      'orders-enrichment',
    );
    await userEvent.type(screen.getByLabelText('Input topic 1'), 'orders');
    await userEvent.type(screen.getByLabelText('Consumer group'), 'enricher');
    await userEvent.type(screen.getByLabelText('Most seconds behind'), '60');
    await userEvent.click(screen.getByRole('button', { name: 'Register' }));
    expect(
      await screen.findByText(/already in the catalog/),
    ).toBeInTheDocument();
  });
});
