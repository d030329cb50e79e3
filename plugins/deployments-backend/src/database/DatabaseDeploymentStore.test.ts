import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { DatabaseDeploymentStore } from './DatabaseDeploymentStore';
import { NewDeployment } from './DeploymentStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

it('runs on every database engine the suite requires', () => {
  const engines = databases.eachSupportedId().map(([id]) => id);
  const required = process.env.PAVED_TEST_REQUIRE_POSTGRES
    ? ['SQLITE_3', 'POSTGRES_15']
    : ['SQLITE_3'];
  expect(engines).toEqual(expect.arrayContaining(required));
});

const row = (id: string, over: Partial<NewDeployment> = {}): NewDeployment => ({
  id,
  entityRef: 'component:default/checkout',
  cluster: 'local',
  namespace: 'default',
  name: 'checkout',
  action: 'deploy',
  image: `checkout:${id}`,
  replicas: 2,
  status: 'pending',
  manifestSource: 'generated',
  manifests: [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'checkout' },
      spec: { replicas: 2 },
    },
  ],
  createdBy: 'user:default/guest',
  // Same instant for all: order must come from insertion, not the clock.
  createdAt: new Date('2026-12-03T10:00:00.000Z'),
  ...over,
});

describe.each(databases.eachSupportedId())(
  'DatabaseDeploymentStore on %p',
  (id: TestDatabaseId) => {
    async function store() {
      const knex = await databases.init(id);
      return DatabaseDeploymentStore.create({
        database: {
          getClient: async () => knex,
          migrations: { skip: false },
        } as any,
      });
    }

    it('records a deployment and its progress to the end', async () => {
      const s = await store();
      await s.create(row('a'));
      await s.update('a', {
        status: 'progressing',
        generation: 4,
        revision: 2,
      });
      await s.update('a', {
        progress: {
          message: '1 of 2',
          desired: 2,
          updated: 1,
          ready: 1,
          available: 1,
          old: 1,
          fraction: 0.4,
        },
      });
      const done = await s.update('a', {
        status: 'succeeded',
        finishedAt: new Date('2026-12-03T10:00:07.500Z'),
      });
      expect(done).toMatchObject({
        id: 'a',
        status: 'succeeded',
        revision: 2,
        durationMs: 7500,
        finishedAt: '2026-12-03T10:00:07.500Z',
        createdAt: '2026-12-03T10:00:00.000Z',
        progress: { message: '1 of 2', fraction: 0.4 },
        // One step up per update, so readers can order two readings of the row.
        version: 3,
      });
      const stored = await s.get('a');
      expect(stored?.generation).toBe(4);
      expect(stored?.manifests[0].kind).toBe('Deployment');
      expect(await s.get('nope')).toBeUndefined();
    });

    it('finds what to roll back to by insertion order, per cluster', async () => {
      const s = await store();
      await s.create(row('1', { status: 'succeeded' }));
      await s.create(row('2', { status: 'failed' }));
      await s.create(row('3', { status: 'succeeded', cluster: 'other' }));
      await s.create(row('4', { status: 'succeeded' }));
      await s.create(row('5', { status: 'failed' }));
      expect((await s.lastSucceededBefore('5'))?.id).toBe('4');
      expect((await s.lastSucceededBefore('4'))?.id).toBe('1');
      expect(await s.lastSucceededBefore('1')).toBeUndefined();
      expect(
        (await s.lastSucceeded('component:default/checkout', 'local'))?.id,
      ).toBe('4');
      expect((await s.latest('component:default/checkout', 'local'))?.id).toBe(
        '5',
      );
      expect(
        (
          await s.list({ entityRef: 'component:default/checkout', limit: 3 })
        ).map(d => d.id),
      ).toEqual(['5', '4', '3']);
      expect(
        (
          await s.list({
            entityRef: 'component:default/checkout',
            cluster: 'other',
            limit: 10,
          })
        ).map(d => d.id),
      ).toEqual(['3']);
      await expect(s.lastSucceededBefore('missing')).rejects.toThrow(
        'No deployment missing',
      );
    });

    it('lists the unfinished rows to resume, oldest first', async () => {
      const s = await store();
      await s.create(row('p', { status: 'pending' }));
      await s.create(row('q', { status: 'succeeded' }));
      await s.create(row('r', { status: 'progressing' }));
      expect((await s.listUnfinished()).map(d => d.id)).toEqual(['p', 'r']);
    });
  },
);
