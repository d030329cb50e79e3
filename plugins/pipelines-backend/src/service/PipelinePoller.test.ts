import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { PipelineEntity } from '@paved/plugin-paved-common';
import { DatabasePipelineStore } from '../database/DatabasePipelineStore';
import { ClusterRead, KafkaLagSource } from '../kafka/types';
import { PipelinePoller } from './PipelinePoller';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const pipeline = (
  name: string,
  annotations?: Record<string, string>,
): PipelineEntity => ({
  apiVersion: 'paved.dev/v1alpha1',
  kind: 'Pipeline',
  metadata: { name, namespace: 'default', annotations },
  spec: {
    type: 'streaming',
    lifecycle: 'production',
    owner: 'group:default/data-team',
    inputs: [{ topic: 'orders', consumerGroup: 'enricher' }],
    outputs: [{ topic: 'enriched' }],
    slo: { maxLagMessages: 100 },
  },
});

const config = {
  clusters: [
    {
      name: 'a',
      brokers: ['a:1'],
      connectionTimeoutMs: 1,
      requestTimeoutMs: 1,
    },
    {
      name: 'b',
      brokers: ['b:1'],
      connectionTimeoutMs: 1,
      requestTimeoutMs: 1,
    },
  ],
  defaultCluster: 'a',
  schedule: { frequency: { seconds: 30 }, timeout: { minutes: 1 } },
  retentionDays: 7,
  failingFactor: 2,
};

/** A cluster whose log ends grow by `produced` and whose group commits `consumed` per read. */
function fakeSource(options: { failing?: string[] } = {}) {
  let reads = 0;
  const source: KafkaLagSource & { reads: () => number } = {
    reads: () => reads,
    async read({ cluster }): Promise<ClusterRead> {
      if (options.failing?.includes(cluster))
        throw new Error(
          `Cannot reach Kafka cluster '${cluster}': ECONNREFUSED`,
        );
      reads += 1;
      const end = 1000 * reads;
      return {
        topics: {
          orders: {
            partitions: [0, 1].map(partition => ({
              partition,
              start: 0,
              end,
              leader: 1,
            })),
          },
          enriched: {
            partitions: [
              { partition: 0, start: 0, end: 10 * reads, leader: 1 },
            ],
          },
        },
        groups: {
          enricher: {
            state: 'Stable',
            members: [
              {
                memberId: 'm',
                clientId: 'c',
                host: 'h',
                assignment: { orders: [0, 1] },
              },
            ],
            offsets: { orders: { 0: end - 30, 1: end - 20 } },
          },
        },
        requests: 7,
        readAt: new Date(Date.UTC(2026, 11, 3, 12, 0, reads * 10)),
      };
    },
    listTopics: async () => [],
    listGroups: async () => [],
    close: async () => undefined,
  };
  return source;
}

describe('PipelinePoller', () => {
  async function setup(source: KafkaLagSource, pipelines: PipelineEntity[]) {
    const knex = await databases.init('SQLITE_3');
    const store = await DatabasePipelineStore.create({
      database: { getClient: async () => knex } as any,
    });
    const poller = new PipelinePoller({
      store,
      source,
      config: config as any,
      logger: mockServices.logger.mock(),
      listPipelines: async () => pipelines,
    });
    return { store, poller };
  }

  it('judges lag per pipeline and derives rates from the previous poll', async () => {
    const source = fakeSource();
    const { store, poller } = await setup(source, [pipeline('p')]);
    await poller.pollAll();
    const first = await store.getHealth('pipeline:default/p');
    expect(first).toMatchObject({
      status: 'healthy',
      lag: { messages: 50 },
      throughput: { inputPerSecond: null },
    });

    const result = await poller.pollAll();
    expect(result).toMatchObject({ pipelines: 1, clusters: 1, requests: 7 });
    const second = await store.getHealth('pipeline:default/p');
    // 2 x 1000 more messages in 10 s; the group kept its distance; 10 more in the output.
    expect(second?.throughput).toEqual({
      inputPerSecond: 200,
      consumedPerSecond: 200,
      outputPerSecond: 1,
    });
    expect(second?.lag.seconds).toBeCloseTo(0.25, 2);
    expect(second?.groups[0].members[0].assignment).toEqual({ orders: [0, 1] });
  });

  it('makes the pipelines of an unreachable or unconfigured cluster unknown and still reads the rest', async () => {
    const source = fakeSource({ failing: ['b'] });
    const { store, poller } = await setup(source, [
      pipeline('on-a'),
      pipeline('on-b', { 'paved.dev/kafka-cluster': 'b' }),
      pipeline('on-c', { 'paved.dev/kafka-cluster': 'c' }),
    ]);
    await poller.pollAll();
    expect(await store.getHealth('pipeline:default/on-a')).toMatchObject({
      status: 'healthy',
    });
    expect(await store.getHealth('pipeline:default/on-b')).toMatchObject({
      status: 'unknown',
      reasons: ["Cannot reach Kafka cluster 'b': ECONNREFUSED"],
      lag: { messages: null },
    });
    expect(await store.getHealth('pipeline:default/on-c')).toMatchObject({
      status: 'unknown',
      reasons: [
        "Kafka cluster 'c' is not configured (pipelines.kafka.clusters)",
      ],
    });
  });

  it('reads each cluster once for all of its pipelines, and shares a poll asked for twice', async () => {
    const source = fakeSource();
    const { poller } = await setup(source, [
      pipeline('x'),
      pipeline('y'),
      pipeline('z'),
    ]);
    await Promise.all([poller.pollAll(), poller.pollAll()]);
    expect(source.reads()).toBe(1);
  });
});
