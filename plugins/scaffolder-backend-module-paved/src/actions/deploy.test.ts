import http from 'node:http';
import { AddressInfo } from 'node:net';
import { mockServices } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createDeployAction } from './deploy';

/** A stand-in deployments backend on a real socket, scripted per test. */
async function fakeBackend(
  handler: (req: http.IncomingMessage & { body: any }) => {
    status: number;
    body?: unknown;
  },
) {
  const requests: Array<{
    method: string;
    url: string;
    body: any;
    auth?: string;
  }> = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', c => (raw += c));
    req.on('end', () => {
      const body = raw ? JSON.parse(raw) : undefined;
      requests.push({
        method: req.method!,
        url: req.url!,
        body,
        auth: req.headers.authorization,
      });
      const out = handler(Object.assign(req, { body }));
      res.writeHead(out.status, { 'content-type': 'application/json' });
      res.end(out.body === undefined ? '' : JSON.stringify(out.body));
    });
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    requests,
    baseUrl: `http://127.0.0.1:${port}/api/deployments`,
    close: () => new Promise<void>(r => server.close(() => r())),
  };
}

const row = (status: string, extra: object = {}) => ({
  id: 'd1',
  cluster: 'local',
  status,
  revision: status === 'succeeded' ? 1 : null,
  progress: { message: `${status} now` },
  error: null,
  ...extra,
});

function actionFor(baseUrl: string) {
  return createDeployAction({
    discovery: {
      getBaseUrl: async () => baseUrl,
      getExternalBaseUrl: async () => baseUrl,
    },
    auth: mockServices.auth(),
    pollIntervalMs: 5,
  });
}

describe('paved:deploy', () => {
  it('deploys on behalf of the initiator and waits for the rollout', async () => {
    let polls = 0;
    const backend = await fakeBackend(req => {
      if (req.method === 'POST') return { status: 202, body: { id: 'd1' } };
      polls += 1;
      return {
        status: 200,
        body: row(polls < 3 ? 'progressing' : 'succeeded'),
      };
    });
    try {
      const ctx = createMockActionContext({
        input: {
          entityRef: 'component:default/orders-api',
          image: 'orders-api:0.1.0',
        },
      });
      await actionFor(backend.baseUrl).handler(ctx);
      expect(backend.requests[0]).toMatchObject({
        method: 'POST',
        url: '/api/deployments/entities/component/default/orders-api/deployments',
        body: { image: 'orders-api:0.1.0' },
      });
      expect(backend.requests[0].auth).toMatch(/^Bearer /);
      expect(polls).toBe(3);
      expect(ctx.output).toHaveBeenCalledWith('deploymentId', 'd1');
      expect(ctx.output).toHaveBeenCalledWith('status', 'succeeded');
      expect(ctx.output).toHaveBeenCalledWith('cluster', 'local');
    } finally {
      await backend.close();
    }
  });

  it('fails the step with the reason and causes when the rollout fails', async () => {
    const backend = await fakeBackend(req =>
      req.method === 'POST'
        ? { status: 202, body: { id: 'd1' } }
        : {
            status: 200,
            body: row('failed', {
              error: {
                reason: 'ProgressDeadlineExceeded',
                message: 'The rollout made no progress within its deadline',
                causes: [{ field: 'spec.replicas', message: 'too many' }],
              },
            }),
          },
    );
    try {
      const ctx = createMockActionContext({
        input: { entityRef: 'orders-api', image: 'orders-api:0.1.0' },
      });
      await expect(actionFor(backend.baseUrl).handler(ctx)).rejects.toThrow(
        /failed \(ProgressDeadlineExceeded\): The rollout made no progress.*spec\.replicas: too many/,
      );
    } finally {
      await backend.close();
    }
  });

  it("passes on the backend's refusal in its own words", async () => {
    const backend = await fakeBackend(() => ({
      status: 403,
      body: {
        error: {
          name: 'NotAllowedError',
          message: 'You may not deploy component:default/orders-api',
        },
      },
    }));
    try {
      const ctx = createMockActionContext({
        input: { entityRef: 'orders-api', image: 'orders-api:0.1.0' },
      });
      await expect(actionFor(backend.baseUrl).handler(ctx)).rejects.toThrow(
        'Could not deploy orders-api: You may not deploy component:default/orders-api',
      );
    } finally {
      await backend.close();
    }
  });

  it('refuses an invalid image reference without calling the backend', async () => {
    const backend = await fakeBackend(() => ({ status: 500 }));
    try {
      const ctx = createMockActionContext({
        input: { entityRef: 'orders-api', image: 'Orders API' },
      });
      await expect(actionFor(backend.baseUrl).handler(ctx)).rejects.toThrow(
        /Invalid image reference "Orders API"/,
      );
      expect(backend.requests).toEqual([]);
    } finally {
      await backend.close();
    }
  });

  it('returns at once with wait: false', async () => {
    const backend = await fakeBackend(req =>
      req.method === 'POST'
        ? { status: 202, body: { id: 'd1' } }
        : { status: 200, body: row('pending') },
    );
    try {
      const ctx = createMockActionContext({
        input: {
          entityRef: 'orders-api',
          image: 'orders-api:0.1.0',
          wait: false,
        },
      });
      await actionFor(backend.baseUrl).handler(ctx);
      expect(ctx.output).toHaveBeenCalledWith('status', 'pending');
      expect(backend.requests).toHaveLength(2);
    } finally {
      await backend.close();
    }
  });
});
