import assert from 'node:assert/strict';
import { test } from 'node:test';
import { closeGracefully } from '../src/server';
import { startTestServer } from './helpers';

/** A route that holds its request open until the test lets it go. */
function gate() {
  let release!: () => void;
  let entered!: () => void;
  const released = new Promise<void>(resolve => {
    release = resolve;
  });
  const arrived = new Promise<void>(resolve => {
    entered = resolve;
  });
  return { released, arrived, release, entered };
}

test('an in-flight request finishes while the server closes, and new connections are refused', async () => {
  const slow = gate();
  const service = await startTestServer(router => {
    router.get('/test/slow', async ({ res }) => {
      slow.entered();
      await slow.released;
      res.end('done');
    });
  });
  service.lifecycle.markReady();

  const inFlight = fetch(`${service.baseUrl}/test/slow`);
  await slow.arrived;
  service.lifecycle.beginShutdown();
  const closing = closeGracefully(service.server, 5000);

  // The listener is gone at once, before the in-flight request has finished.
  await assert.rejects(fetch(`${service.baseUrl}/healthz`));

  slow.release();
  const response = await inFlight;
  assert.equal(response.status, 200);
  assert.equal(await response.text(), 'done');
  assert.equal(await closing, 'drained');
});

test('a request still running when the timeout expires has its connection closed', async () => {
  const stuck = gate();
  const service = await startTestServer(router => {
    router.get('/test/stuck', async () => {
      stuck.entered();
      await stuck.released;
    });
  });

  const inFlight = fetch(`${service.baseUrl}/test/stuck`);
  await stuck.arrived;
  const started = Date.now();
  const outcome = await closeGracefully(service.server, 200);
  const elapsed = Date.now() - started;

  assert.equal(outcome, 'timed-out');
  assert.ok(elapsed >= 150 && elapsed < 2000, `closed after ${elapsed} ms`);
  await assert.rejects(inFlight);
  stuck.release();
});
