/*
 * Runs the compiled entry point as its own process against a broker address nothing listens on,
 * to prove the probes and SIGTERM handling without Kafka.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';
import { startServiceProcess } from './helpers';

/** A port that was free a moment ago, so connecting to it is refused. */
async function unusedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  assert.ok(address && typeof address === 'object');
  await new Promise(resolve => server.close(resolve));
  return address.port;
}

test('while Kafka is unreachable the service is alive but not ready, and SIGTERM still exits 0', async () => {
  const service = startServiceProcess({ KAFKA_BROKERS: `127.0.0.1:${await unusedPort()}` });
  const listening = await service.waitForLine(line => line.msg === 'listening');
  assert.equal(listening.tracing, false);
  const hints = service.lines.filter(line => /PAVED_OTLP_TOKEN/.test(String(line.msg)));
  assert.equal(hints.length, 1, 'one line says how to send traces to the portal');
  assert.match(String(hints[0]?.msg), /^tracing to the Paved portal is off: set PAVED_OTLP_TOKEN/);
  const baseUrl = `http://127.0.0.1:${listening.port}`;

  assert.equal((await fetch(`${baseUrl}/healthz`)).status, 200);
  const ready = await fetch(`${baseUrl}/readyz`);
  assert.equal(ready.status, 503);
  assert.deepEqual(await ready.json(), { status: 'starting' });

  service.child.kill('SIGTERM');
  assert.equal(await service.exited, 0);
  const messages = service.lines.map(line => line.msg);
  assert.ok(messages.includes('shutting down'), JSON.stringify(messages));
  assert.ok(messages.includes('shutdown complete'), JSON.stringify(messages));
});
