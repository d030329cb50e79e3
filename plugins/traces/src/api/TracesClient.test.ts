import { ResponseError } from '@backstage/errors';
import { TracesClient } from './TracesClient';

/** A client over a fetch that answers every request with `body` and records the URLs. */
function clientAnswering(body: unknown, status = 200) {
  const urls: string[] = [];
  const client = new TracesClient({
    discoveryApi: { getBaseUrl: async id => `http://portal/api/${id}` },
    fetchApi: {
      fetch: (async (url: string) => {
        urls.push(url);
        return new Response(JSON.stringify(body), {
          status,
          headers: { 'content-type': 'application/json' },
        });
      }) as typeof fetch,
    },
  });
  return { client, urls };
}

describe('TracesClient', () => {
  it('sends every search criterion, attributes as repeated attr=key%3Dvalue', async () => {
    const { client, urls } = clientAnswering({ traces: [{ traceId: 'a' }] });
    const traces = await client.searchTraces({
      service: 'check out',
      from: 1000,
      to: 2000,
      operation: 'GET /cart',
      minDurationMs: 5,
      maxDurationMs: 250,
      errorsOnly: true,
      attributes: { 'http.status_code': '500', 'tenant.id': 'a=b' },
      limit: 100,
    });
    expect(traces).toEqual([{ traceId: 'a' }]);
    expect(urls).toEqual([
      'http://portal/api/traces/services/check%20out/traces?from=1000&to=2000&operation=GET+%2Fcart&minDurationMs=5&maxDurationMs=250&errorsOnly=true&limit=100&attr=http.status_code%3D500&attr=tenant.id%3Da%3Db',
    ]);
  });

  it('leaves out criteria that are not set, errorsOnly=false included', async () => {
    const { client, urls } = clientAnswering({ traces: [] });
    await client.searchTraces({ service: 'cart', errorsOnly: false });
    expect(urls).toEqual(['http://portal/api/traces/services/cart/traces']);
  });

  it('reads operations, RED series, one trace and system dependencies where the backend serves them', async () => {
    const { client, urls } = clientAnswering({ operations: [] });
    await client.listOperations('cart', { from: 1, to: 2 });
    await client.getRed('cart', { from: 1, to: 2, stepMs: 60000 });
    await client.getRed('cart', {
      from: 1,
      to: 2,
      stepMs: 60000,
      operation: 'GET /',
    });
    await client.getTrace('0af7651916cd43dd8448eb211c80319c');
    await client.getSystemDependencies('system:shop/web', { from: 1, to: 2 });
    expect(urls).toEqual([
      'http://portal/api/traces/services/cart/operations?from=1&to=2',
      'http://portal/api/traces/services/cart/red?from=1&to=2&stepMs=60000',
      'http://portal/api/traces/services/cart/red?from=1&to=2&stepMs=60000&operation=GET+%2F',
      'http://portal/api/traces/traces/0af7651916cd43dd8448eb211c80319c',
      'http://portal/api/traces/systems/shop/web/dependencies?from=1&to=2',
    ]);
    expect(await client.getIngestUrl()).toBe(
      'http://portal/api/traces/v1/traces',
    );
  });

  it('turns an error body into a ResponseError with the backend message', async () => {
    const { client } = clientAnswering(
      {
        error: { name: 'NotFoundError', message: 'no trace abc' },
        response: { statusCode: 404 },
      },
      404,
    );
    const error = await client.getTrace('abc').catch(e => e);
    expect(ResponseError.is(error)).toBe(true);
    expect(error.statusCode).toBe(404);
    expect(error.cause.message).toBe('no trace abc');
  });
});
