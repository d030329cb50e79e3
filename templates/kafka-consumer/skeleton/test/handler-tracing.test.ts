/*
 * Trace propagation through the handler, with the real SDK recording spans in memory. This file
 * runs in its own process, so the SDK it registers does not leak into other tests.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { createMessageHandler } from '../src/handler';
import { captureLogs, FakeProducer, kafkaMessage, VALID_ORDER } from './helpers';

const UPSTREAM_TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const UPSTREAM_SPAN_ID = '00f067aa0ba902b7';
const TRACEPARENT = `00-${UPSTREAM_TRACE_ID}-${UPSTREAM_SPAN_ID}-01`;

const exporter = new InMemorySpanExporter();
const sdk = new NodeSDK({
  spanProcessors: [new SimpleSpanProcessor({ exporter })],
  instrumentations: [],
  metricReaders: [],
  logRecordProcessors: [],
  resourceDetectors: [],
});

before(() => sdk.start());
after(() => sdk.shutdown());
beforeEach(() => exporter.reset());

function setup(deadLetterTopic?: string) {
  const producer = new FakeProducer();
  const { logger, logs } = captureLogs();
  const handle = createMessageHandler({
    producer,
    outputTopic: 'orders.enriched',
    deadLetterTopic,
    groupId: 'demo-group',
    logger,
  });
  return { producer, logs, handle };
}

function spanNamed(name: string) {
  const span = exporter.getFinishedSpans().find(candidate => candidate.name === name);
  assert.ok(span, `no span named "${name}" among ${exporter.getFinishedSpans().map(s => s.name).join(', ')}`);
  return span;
}

test('the processing span continues the trace from the consumed message, header as Buffer', async () => {
  const { handle } = setup();
  await handle({
    topic: 'orders.raw',
    partition: 1,
    message: kafkaMessage(VALID_ORDER, { headers: { traceparent: Buffer.from(TRACEPARENT) }, offset: '17' }),
  });

  const processing = spanNamed('process orders.raw');
  assert.equal(processing.kind, SpanKind.CONSUMER);
  assert.equal(processing.spanContext().traceId, UPSTREAM_TRACE_ID);
  assert.equal(processing.parentSpanContext?.spanId, UPSTREAM_SPAN_ID);
  assert.equal(processing.parentSpanContext?.isRemote, true);
  assert.deepEqual(
    {
      system: processing.attributes['messaging.system'],
      destination: processing.attributes['messaging.destination.name'],
      partition: processing.attributes['messaging.destination.partition.id'],
      group: processing.attributes['messaging.consumer.group.name'],
      offset: processing.attributes['messaging.kafka.offset'],
    },
    { system: 'kafka', destination: 'orders.raw', partition: '1', group: 'demo-group', offset: 17 },
  );
});

test('the produced message carries the trace on to the next consumer through its send span', async () => {
  const { producer, handle } = setup();
  await handle({
    topic: 'orders.raw',
    partition: 0,
    message: kafkaMessage(VALID_ORDER, { headers: { traceparent: TRACEPARENT } }),
  });

  const processing = spanNamed('process orders.raw');
  const send = spanNamed('send orders.enriched');
  assert.equal(send.kind, SpanKind.PRODUCER);
  assert.equal(send.parentSpanContext?.spanId, processing.spanContext().spanId);

  const headers = producer.sent[0]?.messages[0]?.headers ?? {};
  assert.equal(
    headers.traceparent,
    `00-${UPSTREAM_TRACE_ID}-${send.spanContext().spanId}-01`,
    'the output message names the send span as its parent, in the upstream trace',
  );
});

test('a message without trace headers starts a new trace and still propagates it', async () => {
  const { producer, handle } = setup();
  await handle({ topic: 'orders.raw', partition: 0, message: kafkaMessage(VALID_ORDER) });

  const processing = spanNamed('process orders.raw');
  assert.equal(processing.parentSpanContext, undefined);
  const traceparent = String(producer.sent[0]?.messages[0]?.headers?.traceparent);
  assert.match(traceparent, new RegExp(`^00-${processing.spanContext().traceId}-[0-9a-f]{16}-01$`));
});

test('an invalid message marks the processing span as an error and logs with its trace id', async () => {
  const { logs, handle } = setup('orders.dead-letter');
  await handle({
    topic: 'orders.raw',
    partition: 0,
    message: kafkaMessage('nope', { headers: { traceparent: TRACEPARENT } }),
  });

  const processing = spanNamed('process orders.raw');
  assert.equal(processing.status.code, SpanStatusCode.ERROR);
  assert.match(processing.status.message ?? '', /not JSON/);
  spanNamed('send orders.dead-letter');
  const warning = logs.find(line => line.msg === 'invalid message sent to the dead-letter topic');
  assert.equal(warning?.trace_id, UPSTREAM_TRACE_ID);
  assert.equal(warning?.span_id, processing.spanContext().spanId);
});

test('a failed send records the exception on both spans', async () => {
  const { producer, handle } = setup();
  producer.failWith = new Error('broker unavailable');
  await assert.rejects(handle({ topic: 'orders.raw', partition: 0, message: kafkaMessage(VALID_ORDER) }));

  for (const name of ['send orders.enriched', 'process orders.raw']) {
    const span = spanNamed(name);
    assert.equal(span.status.code, SpanStatusCode.ERROR);
    assert.equal(span.status.message, 'broker unavailable');
    assert.ok(span.events.some(event => event.name === 'exception'));
  }
});
