import {
  TestDatabaseId,
  TestDatabases,
  mockServices,
} from '@backstage/backend-test-utils';
import { DatabaseRunStore } from './DatabaseRunStore';

jest.setTimeout(60_000);

// scripts/test points POSTGRES_15 at the throwaway cluster and sets PAVED_TEST_REQUIRE_POSTGRES,
// so a missing PostgreSQL fails the suite instead of silently testing SQLite alone.
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

it('runs on every database engine the suite requires', () => {
  const engines = databases.eachSupportedId().map(([id]) => id);
  const required = process.env.PAVED_TEST_REQUIRE_POSTGRES
    ? ['SQLITE_3', 'POSTGRES_15']
    : ['SQLITE_3'];
  expect(engines).toEqual(expect.arrayContaining(required));
});

describe.each(databases.eachSupportedId())(
  'DatabaseRunStore on %p',
  (databaseId: TestDatabaseId) => {
    let store: DatabaseRunStore;

    beforeAll(async () => {
      const knex = await databases.init(databaseId);
      store = await DatabaseRunStore.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      });
    });

    it('stores runs, merges later states of the same task and lists newest first', async () => {
      await store.upsertRuns([
        {
          taskId: 'a',
          templateRef: 'template:default/node-service',
          status: 'processing',
          createdBy: 'user:default/sam',
          createdAt: '2026-12-01T10:00:00.000Z',
        },
        {
          taskId: 'b',
          templateRef: 'template:default/kafka-consumer',
          status: 'failed',
          createdAt: '2026-12-02T10:00:00.000Z',
          finishedAt: '2026-12-02T10:00:04.000Z',
          durationMs: 4000,
        },
      ]);
      expect(await store.unfinishedTaskIds()).toEqual(['a']);
      expect([...(await store.finishedTaskIds(['a', 'b', 'c']))]).toEqual([
        'b',
      ]);

      await store.upsertRuns([
        {
          taskId: 'a',
          templateRef: 'template:default/node-service',
          status: 'completed',
          createdBy: 'user:default/sam',
          createdAt: '2026-12-01T10:00:00.000Z',
          finishedAt: '2026-12-01T10:00:09.500Z',
          durationMs: 9500,
        },
      ]);
      expect(await store.unfinishedTaskIds()).toEqual([]);

      const runs = await store.listRuns();
      expect(runs.map(r => r.taskId)).toEqual(['b', 'a']);
      expect(runs[1]).toEqual({
        taskId: 'a',
        templateRef: 'template:default/node-service',
        status: 'completed',
        createdBy: 'user:default/sam',
        createdAt: '2026-12-01T10:00:00.000Z',
        finishedAt: '2026-12-01T10:00:09.500Z',
        durationMs: 9500,
      });
      expect(
        await store.listRuns({
          templateRef: 'template:default/kafka-consumer',
        }),
      ).toHaveLength(1);
    });

    it('writes hundreds of runs in one call', async () => {
      const many = Array.from({ length: 450 }, (_, i) => ({
        taskId: `bulk-${i}`,
        templateRef: 'template:default/bulk',
        status: 'completed',
        createdAt: new Date(Date.UTC(2026, 10, 1) + i * 1000).toISOString(),
      }));
      await store.upsertRuns(many);
      expect(
        await store.listRuns({ templateRef: 'template:default/bulk' }),
      ).toHaveLength(450);
      expect((await store.finishedTaskIds(many.map(r => r.taskId))).size).toBe(
        450,
      );
    });

    it('remembers the last successful sync across a later failure', async () => {
      expect(await store.syncState()).toEqual({
        syncedAt: undefined,
        error: undefined,
      });
      await store.recordSync({ at: new Date('2026-12-03T08:00:00Z') });
      await store.recordSync({
        at: new Date('2026-12-03T08:01:00Z'),
        error: 'scaffolder answered 503',
      });
      expect(await store.syncState()).toEqual({
        syncedAt: '2026-12-03T08:00:00.000Z',
        error: 'scaffolder answered 503',
      });
      await store.recordSync({ at: new Date('2026-12-03T08:02:00Z') });
      expect(await store.syncState()).toEqual({
        syncedAt: '2026-12-03T08:02:00.000Z',
        error: undefined,
      });
    });
  },
);
