import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Consumer, ConsumerRunConfig } from 'kafkajs';
import { watchConsumer } from '../src/kafka';
import { Lifecycle } from '../src/lifecycle';
import { startPipeline, stopPipeline } from '../src/pipeline';
import { captureLogs } from './helpers';

function fakes() {
  const calls: string[] = [];
  let runConfig: ConsumerRunConfig | undefined;
  const consumer = {
    connect: async () => void calls.push('consumer.connect'),
    subscribe: async (subscription: unknown) => void calls.push(`consumer.subscribe ${JSON.stringify(subscription)}`),
    run: async (config?: ConsumerRunConfig) => {
      runConfig = config;
      calls.push('consumer.run');
    },
    disconnect: async () => void calls.push('consumer.disconnect'),
  };
  const producer = {
    connect: async () => void calls.push('producer.connect'),
    disconnect: async () => void calls.push('producer.disconnect'),
  };
  return { calls, consumer, producer, runConfig: () => runConfig };
}

test('start connects the producer before the consumer, then subscribes and runs the handler', async () => {
  const { calls, consumer, producer, runConfig } = fakes();
  const handler = async () => {};
  const { logger } = captureLogs();
  await startPipeline({ consumer, producer, inputTopic: 'orders.raw', handler, logger });
  assert.deepEqual(calls, [
    'producer.connect',
    'consumer.connect',
    'consumer.subscribe {"topics":["orders.raw"],"fromBeginning":false}',
    'consumer.run',
  ]);
  assert.equal(runConfig()?.eachMessage, handler);
});

test('stop disconnects the consumer before the producer, so the last message can still be produced', async () => {
  const { calls, consumer, producer } = fakes();
  await stopPipeline({ consumer, producer });
  assert.deepEqual(calls, ['consumer.disconnect', 'producer.disconnect']);
});

/** Stands in for kafkajs' consumer event emitter, which has no public way to emit. */
function fakeEvents() {
  const listeners = new Map<string, (event: { payload: unknown }) => void>();
  const consumer = {
    events: { GROUP_JOIN: 'consumer.group_join', CRASH: 'consumer.crash', STOP: 'consumer.stop' },
    on: (name: string, listener: (event: { payload: unknown }) => void) => {
      listeners.set(name, listener);
      return () => listeners.delete(name);
    },
  } as unknown as Pick<Consumer, 'on' | 'events'>;
  const emit = (name: string, payload: unknown) => listeners.get(name)?.({ payload });
  return { consumer, emit };
}

test('readiness follows group membership, and a crash kafkajs will not restart from is fatal', () => {
  const { consumer, emit } = fakeEvents();
  const lifecycle = new Lifecycle();
  const { logger, logs } = captureLogs();
  const fatal: Error[] = [];
  watchConsumer(consumer, lifecycle, logger, error => fatal.push(error));

  emit('consumer.group_join', { groupId: 'g', memberId: 'm-1', memberAssignment: { 'orders.raw': [0, 1] } });
  assert.equal(lifecycle.isReady, true);
  assert.deepEqual(logs.at(-1)?.assignment, { 'orders.raw': [0, 1] });

  emit('consumer.crash', { error: new Error('rebalance failed'), groupId: 'g', restart: true });
  assert.equal(lifecycle.isReady, false);
  assert.deepEqual(fatal, [], 'kafkajs restarts this one itself');

  emit('consumer.group_join', { groupId: 'g', memberId: 'm-2', memberAssignment: {} });
  assert.equal(lifecycle.isReady, true);

  const error = new Error('not authorized');
  emit('consumer.crash', { error, groupId: 'g', restart: false });
  assert.equal(lifecycle.isReady, false);
  assert.deepEqual(fatal, [error]);
});
