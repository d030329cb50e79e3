import { ResponseError } from '@backstage/errors';
import { DeploymentsClient } from './DeploymentsClient';

function setup(answer: { status: number; body?: unknown } = { status: 200 }) {
  const fetch = jest.fn(async (_url: string, _init?: RequestInit) => ({
    ok: answer.status < 400,
    status: answer.status,
    statusText: 'x',
    url: _url,
    headers: new Map([['content-type', 'application/json']]),
    json: async () => answer.body,
    text: async () => JSON.stringify(answer.body),
  }));
  const client = new DeploymentsClient({
    discoveryApi: {
      getBaseUrl: async (id: string) => `http://backend/api/${id}`,
    },
    fetchApi: { fetch: fetch as any },
  });
  const call = (i = 0) => {
    const [url, init] = fetch.mock.calls[i];
    return {
      url,
      method: init?.method ?? 'GET',
      body: init?.body ? JSON.parse(String(init.body)) : undefined,
    };
  };
  return { client, call };
}

const REF = 'component:default/checkout';
const ENTITY =
  'http://backend/api/deployments/entities/component/default/checkout';

describe('DeploymentsClient', () => {
  it('reads state and history under the entity path the router declares', async () => {
    const { client, call } = setup({ status: 200, body: { items: [] } });
    await client.getState(REF);
    await client.listDeployments(REF, { cluster: 'local', limit: 10 });
    await client.listClusters();
    expect(call(0)).toEqual({ url: `${ENTITY}/state`, method: 'GET' });
    expect(call(1).url).toBe(`${ENTITY}/deployments?cluster=local&limit=10`);
    expect(call(2).url).toBe('http://backend/api/deployments/clusters');
  });

  it('sends a preview as a dry run and a deploy without one', async () => {
    const { client, call } = setup({ status: 202, body: { id: 'd1' } });
    await client.preview(REF, { image: 'nginx:1', cluster: 'local' });
    expect(await client.deploy(REF, { image: 'nginx:1', force: true })).toEqual(
      { id: 'd1' },
    );
    expect(call(0)).toEqual({
      url: `${ENTITY}/deployments`,
      method: 'POST',
      body: { image: 'nginx:1', cluster: 'local', dryRun: true },
    });
    expect(call(1)).toEqual({
      url: `${ENTITY}/deployments`,
      method: 'POST',
      body: { image: 'nginx:1', force: true },
    });
  });

  it('posts scale, restart, rollback and redeploy where the router expects them', async () => {
    const { client, call } = setup({ status: 202, body: { id: 'x' } });
    await client.scale(REF, { cluster: 'local', replicas: 3 });
    await client.restart(REF);
    await client.rollback('d/1');
    await client.redeploy('d1');
    expect(call(0)).toEqual({
      url: `${ENTITY}/scale`,
      method: 'POST',
      body: { cluster: 'local', replicas: 3 },
    });
    expect(call(1)).toEqual({
      url: `${ENTITY}/restart`,
      method: 'POST',
      body: {},
    });
    expect(call(2).url).toBe(
      'http://backend/api/deployments/deployments/d%2F1/rollback',
    );
    expect(call(3).url).toBe(
      'http://backend/api/deployments/deployments/d1/redeploy',
    );
  });

  it('turns an error answer into a ResponseError that keeps the details', async () => {
    const { client } = setup({
      status: 409,
      body: {
        error: { name: 'Conflict', message: 'owned by another manager' },
        response: { statusCode: 409 },
        details: { reason: 'Conflict', message: 'owned by another manager' },
      },
    });
    const error = await client.deploy(REF, { image: 'nginx:1' }).catch(e => e);
    expect(ResponseError.is(error)).toBe(true);
    expect(error.statusCode).toBe(409);
    expect(error.body.details.reason).toBe('Conflict');
  });
});
