import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { HttpError } from '../src/router';
import { startTestServer, type TestServer } from './helpers';

describe('HTTP endpoints', () => {
  let service: TestServer;

  beforeEach(async () => {
    service = await startTestServer(router => {
      router.get('/test/boom', () => {
        throw new Error('kaboom');
      });
      router.get('/test/teapot', () => {
        throw new HttpError(418, 'teapot', 'short and stout');
      });
    });
  });

  afterEach(async () => {
    await service.close();
  });

  test('liveness answers 200 with status ok', async () => {
    const response = await fetch(`${service.baseUrl}/healthz`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    assert.deepEqual(await response.json(), { status: 'ok' });
  });

  test('readiness answers 503 while the service is still starting', async () => {
    const response = await fetch(`${service.baseUrl}/readyz`);
    assert.equal(response.status, 503);
    assert.deepEqual(await response.json(), { status: 'starting' });
  });

  test('readiness answers 200 once the service is ready', async () => {
    service.lifecycle.markReady();
    const response = await fetch(`${service.baseUrl}/readyz`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { status: 'ready' });
  });

  test('readiness answers 503 as soon as shutdown begins, and asks clients to reconnect', async () => {
    service.lifecycle.markReady();
    service.lifecycle.beginShutdown();
    const response = await fetch(`${service.baseUrl}/readyz`);
    assert.equal(response.status, 503);
    assert.equal(response.headers.get('connection'), 'close');
    assert.deepEqual(await response.json(), { status: 'stopping' });
  });

  test('the greeting endpoint greets the decoded name from the path', async () => {
    const response = await fetch(`${service.baseUrl}/v1/greetings/Ada%20Lovelace`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { greeting: 'Hello, Ada Lovelace!' });
  });

  test('the greeting endpoint rejects an over-long name with a JSON 400', async () => {
    const response = await fetch(`${service.baseUrl}/v1/greetings/${'a'.repeat(65)}`);
    assert.equal(response.status, 400);
    assert.deepEqual(await response.json(), {
      error: { code: 'invalid_name', message: 'name must be 1 to 64 characters long' },
    });
  });

  test('malformed percent-encoding in a path parameter is a JSON 400, not a 500', async () => {
    const response = await fetch(`${service.baseUrl}/v1/greetings/%E0%A4%A`);
    assert.equal(response.status, 400);
    const body = (await response.json()) as { error: { code: string } };
    assert.equal(body.error.code, 'bad_request');
  });

  test('an unknown path gets a JSON 404 body', async () => {
    const response = await fetch(`${service.baseUrl}/nope`);
    assert.equal(response.status, 404);
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    assert.deepEqual(await response.json(), {
      error: { code: 'not_found', message: 'No route for GET /nope' },
    });
  });

  test('a known path with the wrong method gets a JSON 405 and an Allow header', async () => {
    const response = await fetch(`${service.baseUrl}/healthz`, { method: 'DELETE' });
    assert.equal(response.status, 405);
    assert.equal(response.headers.get('allow'), 'GET, HEAD');
    assert.deepEqual(await response.json(), {
      error: { code: 'method_not_allowed', message: 'DELETE is not allowed on /healthz' },
    });
  });

  test('HEAD is answered by the GET route without a body', async () => {
    const response = await fetch(`${service.baseUrl}/healthz`, { method: 'HEAD' });
    assert.equal(response.status, 200);
    assert.equal(await response.text(), '');
  });

  test('a handler that throws gets a JSON 500 and the error is logged with its stack', async () => {
    const response = await fetch(`${service.baseUrl}/test/boom`);
    assert.equal(response.status, 500);
    assert.deepEqual(await response.json(), {
      error: { code: 'internal_error', message: 'Internal server error' },
    });
    const failure = service.logs.find(line => line.msg === 'request failed');
    assert.ok(failure, 'expected a "request failed" log line');
    assert.equal(failure.level, 'error');
    const err = failure.err as { message: string; stack: string };
    assert.equal(err.message, 'kaboom');
    assert.match(err.stack, /kaboom/);
  });

  test('an HttpError thrown by a handler becomes its status and JSON body', async () => {
    const response = await fetch(`${service.baseUrl}/test/teapot`);
    assert.equal(response.status, 418);
    assert.deepEqual(await response.json(), {
      error: { code: 'teapot', message: 'short and stout' },
    });
  });

  test('each request is logged once as JSON, probes at debug level and the rest at info', async () => {
    await (await fetch(`${service.baseUrl}/healthz`)).text();
    await (await fetch(`${service.baseUrl}/v1/greetings/Bo`)).text();
    const requests = service.logs.filter(line => line.msg === 'request');
    assert.deepEqual(
      requests.map(line => [line.level, line.method, line.path, line.status]),
      [
        ['debug', 'GET', '/healthz', 200],
        ['info', 'GET', '/v1/greetings/Bo', 200],
      ],
    );
    for (const line of requests) {
      assert.equal(typeof line.duration_ms, 'number');
      assert.ok(!Number.isNaN(Date.parse(String(line.time))));
    }
  });
});
