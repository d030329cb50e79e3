import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { PipelineHealth } from '@paved/plugin-pipelines-common';
import { pipelinesApiRef } from '../../api/PipelinesApi';
import { PipelineHealthContent } from './PipelineHealthContent';

const entity = {
  apiVersion: 'paved.dev/v1alpha1',
  kind: 'Pipeline',
  metadata: { name: 'orders-enrichment', namespace: 'default' },
  spec: {},
};

const partitions = Array.from({ length: 24 }, (_, p) => ({
  partition: p,
  startOffset: 0,
  endOffset: 1000,
  committedOffset: p === 7 ? null : 1000 - p * 10,
  lag: p === 7 ? 1000 : p * 10,
}));

const health: PipelineHealth = {
  entityRef: 'pipeline:default/orders-enrichment',
  cluster: 'local',
  status: 'degraded',
  reasons: ['Lag 3,760 messages is over the SLO of 2,000'],
  sampledAt: new Date().toISOString(),
  lag: { messages: 3760, seconds: 42 },
  throughput: {
    inputPerSecond: 12.5,
    consumedPerSecond: 10,
    outputPerSecond: null,
  },
  slo: { maxLagMessages: 2000, maxLagSeconds: 60 },
  topics: [
    {
      topic: 'orders',
      consumerGroup: 'enricher',
      lag: 3760,
      lagSeconds: 42,
      partitions,
    },
  ],
  groups: [
    {
      groupId: 'enricher',
      state: 'Stable',
      members: [
        {
          memberId: 'm1',
          clientId: 'enricher-1',
          host: '/127.0.0.1',
          assignment: { orders: [0, 1, 2] },
        },
      ],
    },
  ],
};

function render(api: Partial<Record<string, jest.Mock>>) {
  return renderInTestApp(
    <EntityProvider entity={entity as any}>
      <PipelineHealthContent />
    </EntityProvider>,
    { apis: [[pipelinesApiRef, api as any]] },
  );
}

describe('PipelineHealthContent', () => {
  it('states the status with its reasons, the figures against the SLO, and the furthest-behind partitions', async () => {
    const now = Date.now();
    const getHistory = jest.fn().mockResolvedValue({
      entityRef: health.entityRef,
      samples: [0, 1, 2].map(i => ({
        sampledAt: new Date(now - (2 - i) * 30_000).toISOString(),
        status: 'degraded',
        lagMessages: 1000 * (i + 2),
        lagSeconds: 10 * i,
        inputPerSecond: 12,
        consumedPerSecond: 10,
        outputPerSecond: null,
        worstPartitions: [{ topic: 'orders', partition: 7, lag: 1000 }],
      })),
    });
    await render({
      getHealth: jest.fn().mockResolvedValue(health),
      getHistory,
      listClusters: jest
        .fn()
        .mockResolvedValue([{ name: 'local', isDefault: true }]),
    });

    expect(await screen.findByText('Degraded')).toBeInTheDocument();
    expect(
      within(screen.getByTestId('health-reasons')).getByText(
        /over the SLO of 2,000/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('3,760')).toBeInTheDocument();
    expect(screen.getAllByText('SLO 2,000').length).toBeGreaterThan(0);
    expect(screen.getByText('42 s')).toBeInTheDocument();
    expect(
      screen.getByText('Furthest behind now: orders/7 (1,000)'),
    ).toBeInTheDocument();
    expect(getHistory).toHaveBeenCalledWith(
      'pipeline:default/orders-enrichment',
      6,
    );

    // Ten partitions first, the never-committed one on top; all 24 on request.
    const table =
      screen.getByText('Furthest behind').closest('table') ?? document.body;
    const first = within(table as HTMLElement).getAllByRole('row')[1];
    expect(first.textContent).toMatch(/^7.*1,000.*never/);
    await userEvent.click(
      screen.getByRole('button', { name: 'Show all 24 partitions' }),
    );
    expect(await screen.findByText('All 24 partitions')).toBeInTheDocument();

    expect(screen.getByText('enricher-1')).toBeInTheDocument();
    expect(screen.getByText('orders: 3')).toBeInTheDocument();
  });

  it('explains an unconfigured portal instead of showing empty charts', async () => {
    await render({
      getHealth: jest
        .fn()
        .mockResolvedValue({
          ...health,
          status: 'unknown',
          sampledAt: undefined,
        }),
      getHistory: jest
        .fn()
        .mockResolvedValue({ entityRef: health.entityRef, samples: [] }),
      listClusters: jest.fn().mockResolvedValue([]),
    });
    expect(
      await screen.findByText('No Kafka cluster is configured'),
    ).toBeInTheDocument();
  });

  it('shows why the health could not be read', async () => {
    await render({
      getHealth: jest
        .fn()
        .mockRejectedValue(
          new Error('pipeline:default/orders-enrichment is not known'),
        ),
      getHistory: jest.fn().mockResolvedValue({ samples: [] }),
      listClusters: jest.fn().mockResolvedValue([]),
    });
    expect(await screen.findByText(/is not known/)).toBeInTheDocument();
  });
});
