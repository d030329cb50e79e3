import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { Lifecycle } from '../src/lifecycle';
import { createLogger } from '../src/logger';
import { createRoutes } from '../src/routes';
import { closeGracefully, createServer, listen } from '../src/server';

let lifecycle: Lifecycle;
let baseUrl: string;
let close: () => Promise<unknown>;

beforeEach(async () => {
  lifecycle = new Lifecycle();
  const server = createServer({
    router: createRoutes(lifecycle),
    lifecycle,
    logger: createLogger({ write: () => {} }),
  });
  const port = await listen(server, 0, '127.0.0.1');
  baseUrl = `http://127.0.0.1:${port}`;
  close = () => closeGracefully(server, 1000);
});

afterEach(async () => {
  await close();
});

async function get(path: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${baseUrl}${path}`);
  return { status: response.status, body: await response.json() };
}

test('liveness answers 200 whatever the consumer is doing', async () => {
  assert.deepEqual(await get('/healthz'), { status: 200, body: { status: 'ok' } });
  lifecycle.consumerJoined();
  lifecycle.beginShutdown();
  assert.deepEqual(await get('/healthz'), { status: 200, body: { status: 'ok' } });
});

test('readiness is 503 until the consumer has joined its group, then 200', async () => {
  assert.deepEqual(await get('/readyz'), { status: 503, body: { status: 'starting' } });
  lifecycle.consumerJoined();
  assert.deepEqual(await get('/readyz'), { status: 200, body: { status: 'ready' } });
});

test('readiness drops to 503 when the consumer leaves its group, and again once shutdown begins', async () => {
  lifecycle.consumerJoined();
  lifecycle.consumerLeft();
  assert.deepEqual(await get('/readyz'), { status: 503, body: { status: 'starting' } });
  lifecycle.consumerJoined();
  lifecycle.beginShutdown();
  assert.deepEqual(await get('/readyz'), { status: 503, body: { status: 'stopping' } });
});

test('an unknown path gets a JSON 404 body', async () => {
  assert.deepEqual(await get('/metrics'), {
    status: 404,
    body: { error: { code: 'not_found', message: 'No route for GET /metrics' } },
  });
});
