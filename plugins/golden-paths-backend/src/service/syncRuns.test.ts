import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { DatabaseRunStore } from '../database/DatabaseRunStore';
import { syncRuns } from './syncRuns';
import { ScaffolderTask, TaskSource } from './TaskSource';

/** A scaffolder with a fixed task list, newest first, that counts how it is read. */
class FakeTaskSource implements TaskSource {
  pagesRead = 0;
  eventsRead = 0;
  constructor(public tasks: ScaffolderTask[]) {}
  async listTasks({ limit, offset }: { limit: number; offset: number }) {
    this.pagesRead += 1;
    return this.tasks.slice(offset, offset + limit);
  }
  async getTask(id: string) {
    return this.tasks.find(t => t.id === id);
  }
  cancelled = new Set<string>();
  async finish(id: string) {
    this.eventsRead += 1;
    const task = this.tasks.find(t => t.id === id)!;
    return {
      at: new Date(Date.parse(task.createdAt) + 3000).toISOString(),
      cancelled: this.cancelled.has(id),
    };
  }
}

const task = (id: number, status = 'completed'): ScaffolderTask => ({
  id: `t${id}`,
  status,
  createdAt: new Date(Date.UTC(2026, 11, 1) + id * 60_000).toISOString(),
  createdBy: 'user:default/sam',
  spec: { templateInfo: { entityRef: 'template:default/node-service' } },
});

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

async function newStore() {
  const knex = await databases.init('SQLITE_3');
  return DatabaseRunStore.create({
    database: mockServices.database({ knex, migrations: { skip: false } }),
  });
}

describe('syncRuns', () => {
  it('copies every task once, with durations from their last event', async () => {
    const store = await newStore();
    const source = new FakeTaskSource(
      Array.from({ length: 250 }, (_, i) => task(250 - i)),
    );
    expect(
      await syncRuns({ source, store, logger: mockServices.logger.mock() }),
    ).toEqual({ added: 250, updated: 0 });
    const runs = await store.listRuns();
    expect(runs).toHaveLength(250);
    expect(runs[0]).toMatchObject({
      taskId: 't250',
      durationMs: 3000,
      status: 'completed',
    });

    source.pagesRead = 0;
    source.eventsRead = 0;
    expect(
      await syncRuns({ source, store, logger: mockServices.logger.mock() }),
    ).toEqual({ added: 0, updated: 0 });
    expect(source.pagesRead).toBe(1);
    expect(source.eventsRead).toBe(0);
  });

  it('picks up new tasks and the end of tasks that were still running', async () => {
    const store = await newStore();
    const source = new FakeTaskSource([task(2, 'processing'), task(1)]);
    await syncRuns({ source, store, logger: mockServices.logger.mock() });
    expect((await store.listRuns()).map(r => [r.taskId, r.status])).toEqual([
      ['t2', 'processing'],
      ['t1', 'completed'],
    ]);

    source.tasks = [task(3, 'failed'), task(2, 'completed'), task(1)];
    expect(
      await syncRuns({ source, store, logger: mockServices.logger.mock() }),
    ).toEqual({ added: 2, updated: 0 });
    const runs = await store.listRuns();
    expect(runs.map(r => [r.taskId, r.status])).toEqual([
      ['t3', 'failed'],
      ['t2', 'completed'],
      ['t1', 'completed'],
    ]);
    expect(runs[1].durationMs).toBe(3000);
  });

  it('records a cancelled task as cancelled even when the scaffolder ended it as failed', async () => {
    const store = await newStore();
    const source = new FakeTaskSource([task(2, 'failed'), task(1, 'failed')]);
    source.cancelled.add('t2');
    await syncRuns({ source, store, logger: mockServices.logger.mock() });
    expect((await store.listRuns()).map(r => [r.taskId, r.status])).toEqual([
      ['t2', 'cancelled'],
      ['t1', 'failed'],
    ]);
  });

  it('writes nothing when the scaffolder fails half way through paging', async () => {
    const store = await newStore();
    const source = new FakeTaskSource(
      Array.from({ length: 150 }, (_, i) => task(150 - i)),
    );
    const original = source.listTasks.bind(source);
    source.listTasks = async options => {
      if (options.offset > 0) throw new Error('scaffolder answered 503');
      return original(options);
    };
    await expect(
      syncRuns({ source, store, logger: mockServices.logger.mock() }),
    ).rejects.toThrow('503');
    expect(await store.listRuns()).toEqual([]);
  });
});
