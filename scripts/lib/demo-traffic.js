#!/usr/bin/env node
// Traffic for the demo pipelines of catalog/pipelines.yaml on the stack's Kafka broker, so that
// `./scripts/start --with-stack` shows lag that moves: orders arrive in orders.raw at a rate that
// swells and ebbs, the "orders-enricher" group keeps pace only some of the time and writes
// orders.enriched, and "warehouse-loader" takes orders.enriched in a batch every two minutes.
//
//   KAFKA_BROKERS=127.0.0.1:9092 node scripts/lib/demo-traffic.js
//
// Runs until SIGTERM or SIGINT; it commits what it processed before it exits.
'use strict';

const { Kafka, logLevel } = require('kafkajs');

const brokers = (process.env.KAFKA_BROKERS || '').split(',').filter(Boolean);
if (!brokers.length) {
  console.error('demo-traffic: KAFKA_BROKERS is not set');
  process.exit(2);
}

const RAW = 'orders.raw';
const ENRICHED = 'orders.enriched';
const PERIOD_MS = 10 * 60_000;

const kafka = new Kafka({
  clientId: 'paved-demo-traffic',
  brokers,
  logLevel: logLevel.NOTHING,
});
let stopping = false;
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

/** Messages per second arriving now: between 5 and 45, over a ten-minute cycle. */
const arrivalRate = () =>
  25 + 20 * Math.sin((2 * Math.PI * Date.now()) / PERIOD_MS);

async function ensureTopics(admin) {
  const existing = new Set(await admin.listTopics());
  const wanted = [
    { topic: RAW, numPartitions: 12 },
    { topic: ENRICHED, numPartitions: 6 },
  ].filter(t => !existing.has(t.topic));
  if (wanted.length)
    await admin.createTopics({ topics: wanted, waitForLeaders: true });
}

async function produceOrders(producer) {
  let n = 0;
  while (!stopping) {
    const count = Math.max(1, Math.round(arrivalRate()));
    const messages = Array.from({ length: count }, () => {
      n += 1;
      return {
        key: `c-${n % 97}`,
        value: JSON.stringify({
          orderId: `o-${n}`,
          customerId: `c-${n % 97}`,
          currency: 'EUR',
          items: [{ sku: 'BOOK-1', quantity: 1, unitPriceCents: 1250 }],
        }),
      };
    });
    await producer.send({ topic: RAW, messages });
    await sleep(1000);
  }
}

/** Enriches orders at a steady 28 per second: enough at the ebb, too few at the swell. */
async function enrich(producer) {
  const consumer = kafka.consumer({ groupId: 'orders-enricher' });
  await consumer.connect();
  await consumer.subscribe({ topics: [RAW], fromBeginning: true });
  await consumer.run({
    eachBatchAutoResolve: false,
    eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning }) => {
      for (const message of batch.messages) {
        if (!isRunning() || stopping) return;
        await producer.send({
          topic: ENRICHED,
          messages: [{ key: message.key, value: message.value }],
        });
        resolveOffset(message.offset);
        await heartbeat();
        await sleep((1000 / 28) * 12); // twelve partitions share the budget
      }
    },
    partitionsConsumedConcurrently: 12,
  });
  return consumer;
}

/** A batch loader: wakes every two minutes, takes everything, and leaves. */
async function loadWarehouse() {
  while (!stopping) {
    const consumer = kafka.consumer({ groupId: 'warehouse-loader' });
    await consumer.connect();
    await consumer.subscribe({ topics: [ENRICHED], fromBeginning: true });
    await consumer.run({ eachMessage: async () => undefined });
    await sleep(20_000);
    await consumer.disconnect();
    for (let waited = 0; waited < 100_000 && !stopping; waited += 1000)
      await sleep(1000);
  }
}

async function main() {
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin);
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  const enricher = await enrich(producer);
  const done = Promise.all([produceOrders(producer), loadWarehouse()]);
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await enricher.disconnect().catch(() => undefined);
    await done.catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  console.log(
    `demo-traffic: feeding ${RAW} and ${ENRICHED} on ${brokers.join(',')}`,
  );
  await done;
}

main().catch(error => {
  console.error(`demo-traffic: ${error.message}`);
  process.exit(1);
});
