/*
 * bench/kafka-lag: one poll of 200 pipelines whose consumer groups read one 50-partition topic
 * (10,000 group-partitions), beside Kafka's own `kafka-consumer-groups --describe --all-groups`
 * on the same broker.
 */
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import knexFactory from 'knex';
import { Kafka, logLevel } from 'kafkajs';
import {
  REPO_ROOT,
  describeConsumerGroups,
  startKafkaCluster,
} from '../../test/src';
import { KafkajsLagSource } from '../../plugins/pipelines-backend/src/kafka/KafkajsLagSource';
import { DatabasePipelineStore } from '../../plugins/pipelines-backend/src/database/DatabasePipelineStore';
import { PipelinePoller } from '../../plugins/pipelines-backend/src/service/PipelinePoller';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const RUNS = arg('--runs', 5);
const GROUPS = arg('--groups', 200);
const PARTITIONS = arg('--partitions', 50);
const TOPIC = 'bench.orders';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2
    ? s[(s.length - 1) / 2]
    : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const ms = (x: number) => `${Math.round(x)} ms`;

const silentLogger: any = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child() {
    return silentLogger;
  },
};

async function main() {
  console.log(
    `bench/kafka-lag on ${
      os.cpus().length
    } cores: ${GROUPS} consumer groups x ${PARTITIONS} partitions = ${(
      GROUPS * PARTITIONS
    ).toLocaleString('en-US')} group-partitions, ${RUNS} runs each\n`,
  );
  const cluster = await startKafkaCluster({ brokers: 1 });
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
  try {
    const kafka = new Kafka({
      clientId: 'paved-bench',
      brokers: cluster.bootstrap.split(','),
      logLevel: logLevel.NOTHING,
    });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [{ topic: TOPIC, numPartitions: PARTITIONS }],
      waitForLeaders: true,
    });
    const producer = kafka.producer({ idempotent: true });
    await producer.connect();
    await producer.send({
      topic: TOPIC,
      messages: Array.from({ length: PARTITIONS * 100 }, (_, i) => ({
        partition: i % PARTITIONS,
        value: String(i),
      })),
    });
    await producer.disconnect();

    // Every group committed somewhere different on every partition. kafkajs' setOffsets waits
    // for its consumer to leave the group, so commits run twenty at a time.
    const groups = Array.from({ length: GROUPS }, (_, g) => `bench-group-${g}`);
    const started = performance.now();
    for (let i = 0; i < groups.length; i += 20) {
      await Promise.all(
        groups.slice(i, i + 20).map((groupId, j) =>
          admin.setOffsets({
            groupId,
            topic: TOPIC,
            partitions: Array.from({ length: PARTITIONS }, (_, p) => ({
              partition: p,
              offset: String((i + j + p) % 100),
            })),
          }),
        ),
      );
    }
    await admin.disconnect();
    console.log(
      `set up ${GROUPS} groups in ${ms(performance.now() - started)}\n`,
    );

    const pipelines = groups.map((groupId, g) => ({
      apiVersion: 'paved.dev/v1alpha1' as const,
      kind: 'Pipeline' as const,
      metadata: { name: `bench-${g}`, namespace: 'default' },
      spec: {
        type: 'streaming' as const,
        lifecycle: 'production',
        owner: 'group:default/data-team',
        inputs: [{ topic: TOPIC, consumerGroup: groupId }],
        outputs: [],
        slo: { maxLagMessages: 1000 },
      },
    }));
    const config = {
      clusters: [
        {
          name: 'bench',
          brokers: cluster.bootstrap.split(','),
          connectionTimeoutMs: 3000,
          requestTimeoutMs: 30000,
        },
      ],
      defaultCluster: 'bench',
      schedule: { frequency: { seconds: 30 }, timeout: { minutes: 2 } },
      retentionDays: 7,
      failingFactor: 2,
    };
    const store = await DatabasePipelineStore.create({
      database: { getClient: async () => knex } as any,
    });

    // A poll as the scheduler runs it: read Kafka, judge, store; first with a new client (as
    // after a restart), then with the connected one it keeps between polls.
    const cold: number[] = [];
    const warm: number[] = [];
    const requests: number[] = [];
    let totalLag = 0;
    for (let run = 0; run < RUNS; run++) {
      const source = new KafkajsLagSource(config.clusters, silentLogger);
      const poller = new PipelinePoller({
        store,
        source,
        config: config as any,
        logger: silentLogger,
        listPipelines: async () => pipelines,
      });
      let t = performance.now();
      await poller.poll(pipelines);
      cold.push(performance.now() - t);
      t = performance.now();
      const result = await poller.poll(pipelines);
      warm.push(performance.now() - t);
      requests.push(result.requests);
      await source.close();
    }
    const health = await store.listHealth();
    totalLag = health.reduce((n, h) => n + (h.lag.messages ?? 0), 0);

    const anchor: number[] = [];
    let anchorRows = 0;
    let anchorLag = 0;
    for (let run = 0; run < RUNS; run++) {
      const t = performance.now();
      const rows = await describeConsumerGroups(cluster.bootstrap);
      anchor.push(performance.now() - t);
      anchorRows = rows.length;
      anchorLag = rows.reduce((n, r) => n + (r.lag ?? 0), 0);
    }
    // The tool's time includes starting a JVM; this is what that alone costs here.
    const jvm: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const t = performance.now();
      await describeConsumerGroups(cluster.bootstrap, ['no-such-group']).catch(
        () => undefined,
      );
      jvm.push(performance.now() - t);
    }

    const poll = median(warm);
    const rows: Array<[string, string, string]> = [
      [
        'one poll, connected client (what the schedule does)',
        ms(poll),
        `min ${ms(Math.min(...warm))}, max ${ms(Math.max(...warm))}`,
      ],
      ['one poll, new client (after a restart)', ms(median(cold)), ''],
      [
        'broker requests per poll',
        String(median(requests)),
        `${(median(requests) / GROUPS).toFixed(2)} per group`,
      ],
      [
        'anchor: kafka-consumer-groups --describe --all-groups',
        ms(median(anchor)),
        `${anchorRows.toLocaleString('en-US')} rows`,
      ],
      [
        '  of which starting the JVM and answering one unknown group',
        ms(median(jvm)),
        '',
      ],
      [
        'ratio poll / anchor',
        `${(poll / median(anchor)).toFixed(2)}x`,
        'below 1: the portal is faster',
      ],
      [
        'total lag, portal / kafka-consumer-groups',
        `${totalLag} / ${anchorLag}`,
        totalLag === anchorLag ? 'equal' : 'DIFFERENT',
      ],
    ];
    const width = Math.max(...rows.map(r => r[0].length));
    for (const [label, value, note] of rows)
      console.log(`${label.padEnd(width)}  ${value.padStart(11)}  ${note}`);

    await fsp.mkdir(path.join(REPO_ROOT, 'bench/results'), { recursive: true });
    const out = path.join(
      REPO_ROOT,
      'bench/results',
      `kafka-lag-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
    );
    await fsp.writeFile(
      out,
      JSON.stringify(
        {
          runs: RUNS,
          groups: GROUPS,
          partitions: PARTITIONS,
          pollWarmMs: warm,
          pollColdMs: cold,
          requests,
          anchorMs: anchor,
          jvmMs: jvm,
          totalLag,
          anchorLag,
        },
        null,
        2,
      ),
    );
    console.log(`\nraw figures: ${path.relative(REPO_ROOT, out)}`);
  } finally {
    await knex.destroy();
    await cluster.stop();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
