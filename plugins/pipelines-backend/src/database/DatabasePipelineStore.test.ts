import {
  TestDatabaseId,
  TestDatabases,
  mockServices,
} from '@backstage/backend-test-utils';
import { PipelineHealth } from '@paved/plugin-pipelines-common';
import { DatabasePipelineStore } from './DatabasePipelineStore';
import { SampleWrite } from './PipelineStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

it('runs on every database engine the suite requires', () => {
  const engines = databases.eachSupportedId().map(([id]) => id);
  const required = process.env.PAVED_TEST_REQUIRE_POSTGRES
    ? ['SQLITE_3', 'POSTGRES_15']
    : ['SQLITE_3'];
  expect(engines).toEqual(expect.arrayContaining(required));
});

const entity = (name: string, owner = 'group:default/data-team') => ({
  apiVersion: 'paved.dev/v1alpha1' as const,
  kind: 'Pipeline' as const,
  metadata: { name, namespace: 'default' },
  spec: {
    type: 'streaming' as const,
    lifecycle: 'production',
    owner,
    inputs: [{ topic: 'in', consumerGroup: 'g' }],
    outputs: [],
    slo: { maxLagMessages: 10 },
  },
});

const health = (
  ref: string,
  status: PipelineHealth['status'],
  at: Date,
): PipelineHealth => ({
  entityRef: ref,
  cluster: 'main',
  status,
  reasons: ['r'],
  lag: { messages: 5, seconds: 1.5 },
  slo: { maxLagMessages: 10 },
  topics: [],
  throughput: {
    inputPerSecond: 1,
    consumedPerSecond: 1,
    outputPerSecond: null,
  },
  groups: [],
  sampledAt: at.toISOString(),
});

const sample = (
  ref: string,
  at: Date,
  endSum: number,
  status: SampleWrite['status'] = 'healthy',
): SampleWrite => ({
  entityRef: ref,
  sampledAt: at,
  status,
  lagMessages: 5,
  lagSeconds: 1.5,
  inputEndSum: endSum,
  positionSum: endSum - 5,
  outputEndSum: null,
  inputPerSecond: 2.5,
  consumedPerSecond: null,
  outputPerSecond: null,
  worstPartitions: [{ topic: 'in', partition: 3, lag: 5 }],
  inputs: [
    { topic: 'in', consumerGroup: 'g', endSum, positionSum: endSum - 5 },
  ],
});

describe.each(databases.eachSupportedId())(
  'DatabasePipelineStore on %p',
  (databaseId: TestDatabaseId) => {
    let store: DatabasePipelineStore;

    beforeAll(async () => {
      const knex = await databases.init(databaseId);
      store = await DatabasePipelineStore.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      });
    });

    it('registers, refuses a second registration of one name, updates and removes', async () => {
      const created = await store.createRegistered(
        entity('orders'),
        'pipeline:default/orders',
        'user:default/sam',
      );
      expect(created).toMatchObject({
        entityRef: 'pipeline:default/orders',
        createdBy: 'user:default/sam',
      });
      await expect(
        store.createRegistered(
          entity('orders'),
          'pipeline:default/orders',
          'x',
        ),
      ).rejects.toThrow(/already registered/);
      const updated = await store.updateRegistered(
        entity('orders', 'group:default/platform-team'),
        'pipeline:default/orders',
      );
      expect(updated.entity.spec.owner).toBe('group:default/platform-team');
      expect((await store.listRegistered()).map(r => r.entityRef)).toEqual([
        'pipeline:default/orders',
      ]);
      await store.deleteRegistered('pipeline:default/orders');
      expect(
        await store.getRegistered('pipeline:default/orders'),
      ).toBeUndefined();
      await expect(
        store.deleteRegistered('pipeline:default/orders'),
      ).rejects.toThrow(/No pipeline/);
    });

    it('keeps the latest health, the history and input positions of each poll', async () => {
      const ref = 'pipeline:default/history';
      const t0 = new Date('2026-12-03T10:00:00.000Z');
      const t1 = new Date('2026-12-03T10:00:30.000Z');
      await store.recordPoll([
        { health: health(ref, 'healthy', t0), sample: sample(ref, t0, 100) },
      ]);
      await store.recordPoll([
        {
          health: health(ref, 'degraded', t1),
          sample: sample(ref, t1, 160, 'degraded'),
        },
      ]);
      expect((await store.getHealth(ref))?.status).toBe('degraded');
      expect(
        (await store.listHealth()).map(h => [h.entityRef, h.status]),
      ).toContainEqual([ref, 'degraded']);
      const latest = await store.latestSample(ref);
      expect(latest).toMatchObject({
        inputEndSum: 160,
        positionSum: 155,
        lagSeconds: 1.5,
      });
      expect(latest?.sampledAt.toISOString()).toBe(t1.toISOString());
      const samples = await store.listSamples(
        ref,
        new Date('2026-12-03T09:00:00Z'),
      );
      expect(samples.map(s => [s.sampledAt, s.status, s.lagMessages])).toEqual([
        [t0.toISOString(), 'healthy', 5],
        [t1.toISOString(), 'degraded', 5],
      ]);
      expect(samples[0].worstPartitions).toEqual([
        { topic: 'in', partition: 3, lag: 5 },
      ]);
      const inputs = await store.inputHistory({
        entityRef: ref,
        topic: 'in',
        consumerGroup: 'g',
        since: t0,
      });
      expect(inputs.map(i => [i.at.toISOString(), i.endSum])).toEqual([
        [t0.toISOString(), 100],
        [t1.toISOString(), 160],
      ]);
    });

    it('keeps big offsets exact', async () => {
      const ref = 'pipeline:default/big';
      const at = new Date('2026-12-03T11:00:00Z');
      const big = 2 ** 50;
      await store.recordPoll([
        { health: health(ref, 'healthy', at), sample: sample(ref, at, big) },
      ]);
      expect((await store.latestSample(ref))?.inputEndSum).toBe(big);
    });

    it('prunes history older than the retention, and only that', async () => {
      const ref = 'pipeline:default/prune';
      const old = new Date('2026-11-01T00:00:00Z');
      const recent = new Date('2026-12-03T12:00:00Z');
      await store.recordPoll([
        { health: health(ref, 'healthy', old), sample: sample(ref, old, 1) },
      ]);
      await store.recordPoll([
        {
          health: health(ref, 'healthy', recent),
          sample: sample(ref, recent, 2),
        },
      ]);
      expect(
        await store.prune(new Date('2026-11-15T00:00:00Z')),
      ).toBeGreaterThanOrEqual(2);
      const left = await store.listSamples(ref, new Date(0));
      expect(left.map(s => s.sampledAt)).toEqual([recent.toISOString()]);
      expect(await store.getHealth(ref)).toBeDefined();
    });

    it('forgets the last health of a pipeline no longer polled once it is past retention', async () => {
      const ref = 'pipeline:default/left-the-catalog';
      const old = new Date('2026-11-01T00:00:00Z');
      await store.recordPoll([
        { health: health(ref, 'degraded', old), sample: sample(ref, old, 1) },
      ]);
      await store.prune(new Date('2026-11-15T00:00:00Z'));
      expect(await store.getHealth(ref)).toBeUndefined();
    });

    it('removes health and history together with a pipeline', async () => {
      const ref = 'pipeline:default/deleted';
      const at = new Date('2026-12-03T12:00:00Z');
      await store.recordPoll([
        { health: health(ref, 'healthy', at), sample: sample(ref, at, 1) },
      ]);
      await store.deleteHealth(ref);
      expect(await store.getHealth(ref)).toBeUndefined();
      expect(await store.listSamples(ref, new Date(0))).toEqual([]);
      expect(await store.latestSample(ref)).toBeUndefined();
    });
  },
);
