/*
 * The message handler with a fake producer and no tracing SDK, as it runs when no OTLP endpoint
 * is configured. Trace propagation is proven in handler-tracing.test.ts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createMessageHandler, DEAD_LETTER_HEADERS } from '../src/handler';
import { captureLogs, FakeProducer, kafkaMessage, VALID_ORDER } from './helpers';

const NOW = new Date('2026-01-01T12:00:00.000Z');

function setup(deadLetterTopic?: string) {
  const producer = new FakeProducer();
  const { logger, logs } = captureLogs();
  const handle = createMessageHandler({
    producer,
    outputTopic: 'orders.enriched',
    deadLetterTopic,
    groupId: 'demo-group',
    logger,
    now: () => NOW,
  });
  return { producer, logs, handle };
}

test('a valid message is produced, enriched, to the output topic under the same key', async () => {
  const { producer, handle } = setup();
  await handle({ topic: 'orders.raw', partition: 3, message: kafkaMessage(VALID_ORDER, { key: 'o-1001' }) });

  assert.equal(producer.sent.length, 1);
  const [record] = producer.sent;
  assert.equal(record?.topic, 'orders.enriched');
  assert.equal(record?.messages.length, 1);
  const message = record?.messages[0];
  assert.deepEqual(message?.key, Buffer.from('o-1001'));
  assert.deepEqual(JSON.parse(String(message?.value)), {
    ...VALID_ORDER,
    itemCount: 3,
    totalCents: 2699,
    processedAt: '2026-01-01T12:00:00.000Z',
  });
  assert.deepEqual(message?.headers, {}, 'no trace headers without a tracing SDK');
});

test('an invalid message is logged and skipped without throwing when there is no dead-letter topic', async () => {
  const { producer, logs, handle } = setup();
  await handle({ topic: 'orders.raw', partition: 0, message: kafkaMessage('{oops', { offset: '7' }) });

  assert.equal(producer.sent.length, 0);
  const warning = logs.find(line => line.msg === 'invalid message skipped');
  assert.ok(warning);
  assert.equal(warning.level, 'warn');
  assert.equal(warning.topic, 'orders.raw');
  assert.equal(warning.partition, 0);
  assert.equal(warning.offset, '7');
  assert.match(String(warning.reason), /not JSON/);
});

test('an invalid message goes to the dead-letter topic unchanged, with why and where it came from', async () => {
  const { producer, logs, handle } = setup('orders.dead-letter');
  await handle({
    topic: 'orders.raw',
    partition: 2,
    message: kafkaMessage({ orderId: 'o-9' }, { key: 'o-9', offset: '99' }),
  });

  assert.equal(producer.sent.length, 1);
  const [record] = producer.sent;
  assert.equal(record?.topic, 'orders.dead-letter');
  const message = record?.messages[0];
  assert.deepEqual(message?.key, Buffer.from('o-9'));
  assert.equal(String(message?.value), JSON.stringify({ orderId: 'o-9' }));
  assert.deepEqual(message?.headers, {
    [DEAD_LETTER_HEADERS.reason]: 'customerId must be a non-empty string',
    [DEAD_LETTER_HEADERS.topic]: 'orders.raw',
    [DEAD_LETTER_HEADERS.partition]: '2',
    [DEAD_LETTER_HEADERS.offset]: '99',
  });
  assert.ok(logs.some(line => line.msg === 'invalid message sent to the dead-letter topic'));
});

test('a failed send is thrown so kafkajs redelivers the message instead of committing it', async () => {
  const { producer, logs, handle } = setup();
  producer.failWith = new Error('broker unavailable');
  await assert.rejects(
    handle({ topic: 'orders.raw', partition: 0, message: kafkaMessage(VALID_ORDER) }),
    /broker unavailable/,
  );
  const failure = logs.find(line => line.msg === 'message processing failed; it will be delivered again');
  assert.ok(failure);
  assert.equal(failure.level, 'error');
});
