import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { goldenPathsPlugin } from './plugin';

jest.setTimeout(60_000);

const template = (name: string, fail = false) => ({
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: { name, namespace: 'default' },
  spec: {
    type: 'service',
    owner: 'group:default/platform-team',
    parameters: [{ properties: { who: { type: 'string' } } }],
    steps: [
      fail
        ? { id: 'boom', name: 'Fail', action: 'paved:definitely-not-an-action' }
        : {
            id: 'log',
            name: 'Log',
            action: 'debug:log',
            input: { message: 'hello ${{ parameters.who }}' },
          },
    ],
  },
});

describe('golden-paths plugin with the real scaffolder', () => {
  it('reports runs, success rate and duration per template from scaffolder tasks', async () => {
    const { server } = await startTestBackend({
      features: [
        scaffolderPlugin,
        goldenPathsPlugin,
        catalogServiceMock.factory({
          entities: [template('good-path'), template('bad-path', true)],
        }),
        mockServices.rootConfig.factory({
          data: { goldenPaths: { usage: { days: 7 } } },
        }),
      ],
    });

    const startTask = async (name: string) => {
      const res = await request(server)
        .post('/api/scaffolder/v2/tasks')
        .set('Authorization', mockCredentials.user.header())
        .send({
          templateRef: `template:default/${name}`,
          values: { who: 'world' },
        });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    const waitForEnd = async (id: string) => {
      for (let i = 0; i < 100; i++) {
        const res = await request(server)
          .get(`/api/scaffolder/v2/tasks/${id}`)
          .set('Authorization', mockCredentials.user.header());
        if (['completed', 'failed'].includes(res.body.status))
          return res.body.status;
        await new Promise(r => setTimeout(r, 200));
      }
      throw new Error(`task ${id} did not finish`);
    };

    const ids = [
      await startTask('good-path'),
      await startTask('good-path'),
      await startTask('bad-path'),
    ];
    const statuses = [];
    for (const id of ids) statuses.push(await waitForEnd(id));
    expect(statuses).toEqual(['completed', 'completed', 'failed']);

    const sync = await request(server)
      .post('/api/golden-paths/sync')
      .set('Authorization', mockCredentials.user.header());
    expect(sync.status).toBe(200);
    expect(sync.body).toEqual({ added: 3, updated: 0 });

    const usage = await request(server)
      .get('/api/golden-paths/usage')
      .set('Authorization', mockCredentials.user.header());
    expect(usage.status).toBe(200);
    expect(usage.body.days).toBe(7);
    expect(usage.body.syncedAt).toBeDefined();
    const good = usage.body.templates.find(
      (t: any) => t.templateRef === 'template:default/good-path',
    );
    const bad = usage.body.templates.find(
      (t: any) => t.templateRef === 'template:default/bad-path',
    );
    expect(good).toMatchObject({
      runs: 2,
      succeeded: 2,
      failed: 0,
      successRate: 1,
    });
    expect(good.medianDurationMs).toBeGreaterThanOrEqual(0);
    expect(good.lastRunBy).toBe('user:default/mock');
    expect(bad).toMatchObject({
      runs: 1,
      succeeded: 0,
      failed: 1,
      successRate: 0,
    });

    const detail = await request(server)
      .get('/api/golden-paths/usage/default/good-path?days=3')
      .set('Authorization', mockCredentials.user.header());
    expect(detail.body.recentRuns).toHaveLength(2);
    expect(detail.body.daily).toHaveLength(3);
    expect(detail.body.daily[2].succeeded).toBe(2);
  });

  it.each([
    ['9999', /days must be at most 365/],
    ['0x10', /days must be a whole number/],
    ['1e2', /days must be a whole number/],
    ['0', /days must be at least 1/],
  ])('answers 400 naming the parameter for days=%s', async (days, message) => {
    const { server } = await startTestBackend({
      features: [
        goldenPathsPlugin,
        mockServices.rootConfig.factory({ data: {} }),
      ],
    });
    const res = await request(server)
      .get(`/api/golden-paths/usage?days=${days}`)
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
  });

  it('refuses days given twice', async () => {
    const { server } = await startTestBackend({
      features: [
        goldenPathsPlugin,
        mockServices.rootConfig.factory({ data: {} }),
      ],
    });
    const res = await request(server)
      .get('/api/golden-paths/usage?days=5&days=6')
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/days must be given once/);
  });

  it('records why a sync failed when the scaffolder is not there', async () => {
    const { server } = await startTestBackend({
      features: [
        goldenPathsPlugin,
        mockServices.rootConfig.factory({ data: {} }),
      ],
    });
    const sync = await request(server)
      .post('/api/golden-paths/sync')
      .set('Authorization', mockCredentials.user.header());
    expect(sync.status).toBeGreaterThanOrEqual(400);
    const usage = await request(server)
      .get('/api/golden-paths/usage')
      .set('Authorization', mockCredentials.user.header());
    expect(usage.body.syncError).toBeTruthy();
    expect(usage.body.templates).toEqual([]);
  });
});
