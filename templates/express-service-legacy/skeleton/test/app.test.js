'use strict';

const assert = require('node:assert/strict');
const { after, before, test } = require('node:test');
const { createApp } = require('..');

let server;
let baseUrl;

before(async () => {
  server = createApp().listen(0, '127.0.0.1');
  await new Promise(resolve => server.once('listening', resolve));
  baseUrl = `http://127.0.0.1:${server.address().port}`;
});

after(() => {
  server.close();
});

test('GET /healthz answers 200 with status ok', async () => {
  const response = await fetch(`${baseUrl}/healthz`);
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), { status: 'ok' });
});

test('GET /hello greets the name in the query, or the world', async () => {
  assert.deepEqual(await (await fetch(`${baseUrl}/hello?name=Ada`)).json(), { message: 'Hello, Ada!' });
  assert.deepEqual(await (await fetch(`${baseUrl}/hello`)).json(), { message: 'Hello, world!' });
});
