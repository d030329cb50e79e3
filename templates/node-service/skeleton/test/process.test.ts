/*
 * Runs the compiled entry point as its own process, the way `npm start` and the container do, to
 * prove the signal handling and the OTLP export end to end.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import { test } from 'node:test';
import { SERVICE_NAME } from '../src/config';
import { startServiceProcess } from './helpers';

interface ReceivedExport {
  method: string | undefined;
  url: string | undefined;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A stand-in for the portal's OTLP/HTTP receiver that records what it is sent. */
async function startFakeReceiver() {
  const received: ReceivedExport[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(200, { 'content-type': req.headers['content-type'] ?? 'application/json' });
      res.end();
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  assert.ok(address && typeof address === 'object');
  return { received, url: `http://127.0.0.1:${address.port}`, close: () => server.close() };
}

test('without PAVED_OTLP_TOKEN the service serves, says how to turn tracing on, and exits 0 on SIGTERM', async () => {
  const service = startServiceProcess({});
  const listening = await service.waitForLine(line => line.msg === 'listening');
  assert.equal(listening.tracing, false, 'no token and no endpoint configured, so no tracing');
  const hints = service.lines.filter(line => /PAVED_OTLP_TOKEN/.test(String(line.msg)));
  assert.equal(hints.length, 1, 'one line says how to send traces to the portal');
  assert.match(String(hints[0]?.msg), /^tracing to the Paved portal is off: set PAVED_OTLP_TOKEN/);
  const baseUrl = `http://127.0.0.1:${listening.port}`;

  assert.equal((await fetch(`${baseUrl}/healthz`)).status, 200);
  assert.equal((await fetch(`${baseUrl}/readyz`)).status, 200);

  service.child.kill('SIGTERM');
  assert.equal(await service.exited, 0);
  const messages = service.lines.map(line => line.msg);
  assert.ok(messages.indexOf('shutting down') < messages.indexOf('shutdown complete'));
  assert.equal(service.lines.find(line => line.msg === 'shutting down')?.signal, 'SIGTERM');
});

test('with an OTLP endpoint, request spans are exported with the configured headers on shutdown', async () => {
  const receiver = await startFakeReceiver();
  try {
    const service = startServiceProcess({
      OTEL_EXPORTER_OTLP_ENDPOINT: `${receiver.url}/api/traces`,
      OTEL_EXPORTER_OTLP_HEADERS: 'Authorization=Bearer test-token',
    });
    const listening = await service.waitForLine(line => line.msg === 'listening');
    assert.equal(listening.tracing, true);

    const response = await fetch(`http://127.0.0.1:${listening.port}/v1/greetings/otel`);
    assert.equal(response.status, 200);
    const logged = await service.waitForLine(
      line => line.msg === 'request' && line.path === '/v1/greetings/otel',
    );
    assert.match(String(logged.trace_id), /^[0-9a-f]{32}$/);
    assert.match(String(logged.span_id), /^[0-9a-f]{16}$/);

    service.child.kill('SIGTERM');
    assert.equal(await service.exited, 0);

    const exports = receiver.received.filter(request => request.url === '/api/traces/v1/traces');
    assert.ok(exports.length > 0, `no export reached the receiver: ${JSON.stringify(receiver.received.map(r => r.url))}`);
    const body = Buffer.concat(exports.map(request => request.body));
    for (const request of exports) {
      assert.equal(request.method, 'POST');
      assert.equal(request.headers.authorization, 'Bearer test-token');
    }
    // OTLP protobuf carries ids as raw bytes and strings as UTF-8, so both can be found verbatim.
    assert.ok(body.includes(Buffer.from(String(logged.trace_id), 'hex')), 'the logged trace was exported');
    assert.ok(body.includes(Buffer.from(SERVICE_NAME)), 'service.name defaults to the service name');
    // Named after the route, so the portal groups requests per endpoint, not per method.
    assert.ok(body.includes(Buffer.from('GET /v1/greetings/:name')), 'the server span is named after its route');
    assert.ok(body.includes(Buffer.from('http.route')), 'the route is recorded as http.route');
    assert.equal(
      receiver.received.some(request => request.url?.endsWith('/v1/metrics') || request.url?.endsWith('/v1/logs')),
      false,
      'only traces are exported by default',
    );
  } finally {
    receiver.close();
  }
});
