import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Admin, Consumer, Kafka, logLevel } from 'kafkajs';
import { kafkaTopicEntityName } from '@paved/plugin-paved-common';
import { Portal, startPortal } from './lib/portal';
import { waitFor } from './lib/process';
import { REPO_ROOT } from './lib/paths';
import {
  KafkaCluster,
  describeConsumerGroups,
  kafkaTool,
  startKafkaCluster,
} from './lib/kafka';

jest.setTimeout(300_000);

// The portal on PostgreSQL reading two real Kafka clusters: the stack's single broker ("local",
// from KAFKA_BROKERS) and a two-broker cluster of its own ("pair") whose second broker the last
// tests stop. Polls are asked for through the API, so each test knows which numbers it reads;
// the schedule itself is exercised by the end-to-end test.
const run = randomBytes(3).toString('hex');
const name = (base: string) => `${base}-${run}`;
const localBrokers = process.env.KAFKA_BROKERS;
// Legal for Kafka, not as an entity name: a leading underscore and capitals.
const WEIRD_TOPIC = `_Weird.Topic_${run}`;

let portal: Portal;
let pair: KafkaCluster;
let kafka: Kafka;
let admin: Admin;
const consumers: Consumer[] = [];

function pipeline(
  pipelineName: string,
  options: {
    inputs: Array<{ topic: string; consumerGroup: string }>;
    outputs?: Array<{ topic: string }>;
    slo?: { maxLagMessages?: number; maxLagSeconds?: number };
    cluster?: string;
    owner?: string;
  },
) {
  return {
    apiVersion: 'paved.dev/v1alpha1',
    kind: 'Pipeline',
    metadata: {
      name: pipelineName,
      ...(options.cluster
        ? { annotations: { 'paved.dev/kafka-cluster': options.cluster } }
        : {}),
    },
    spec: {
      type: 'streaming',
      lifecycle: 'production',
      owner: options.owner ?? 'group:default/data-team',
      system: 'system:default/data-platform',
      inputs: options.inputs,
      outputs: options.outputs ?? [],
      slo: options.slo ?? { maxLagMessages: 100_000 },
    },
  };
}

const post = (pathname: string, body: unknown) =>
  portal.api(pathname, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

async function register(entity: ReturnType<typeof pipeline>) {
  const res = await post('/api/pipelines/pipelines', entity);
  if (res.status !== 201)
    throw new Error(
      `register ${entity.metadata.name}: ${res.status} ${await res.text()}`,
    );
  return res.json();
}

async function poll() {
  return portal.json('/api/pipelines/poll', { method: 'POST' });
}

const health = (pipelineName: string) =>
  portal.json(`/api/pipelines/pipelines/default/${pipelineName}/health`);

async function createTopic(client: Admin, topic: string, partitions: number) {
  await client.createTopics({
    topics: [{ topic, numPartitions: partitions }],
    waitForLeaders: true,
  });
}

/** A topic whose partition p lives on broker `brokers[p]` only. */
async function createPlacedTopic(
  client: Admin,
  topic: string,
  brokers: number[],
) {
  await client.createTopics({
    topics: [
      {
        topic,
        replicaAssignment: brokers.map((b, partition) => ({
          partition,
          replicas: [b],
        })),
      },
    ],
    waitForLeaders: true,
  });
}

/** Sends `counts[p]` messages to partition p. */
async function produce(client: Kafka, topic: string, counts: number[]) {
  // Idempotent: a retried send (the broker is busy on two cores) must not write twice.
  const producer = client.producer({ idempotent: true });
  await producer.connect();
  try {
    const messages = counts.flatMap((n, partition) =>
      Array.from({ length: n }, (_, i) => ({
        partition,
        value: JSON.stringify({ partition, i }),
      })),
    );
    for (let i = 0; i < messages.length; i += 500) {
      await producer.send({ topic, messages: messages.slice(i, i + 500) });
    }
  } finally {
    await producer.disconnect();
  }
}

/** A kafkajs consumer in `group` reading `topic` from the start, committing as it goes. */
async function consume(group: string, topic: string) {
  const consumer = kafka.consumer({ groupId: group });
  consumers.push(consumer);
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  let seen = 0;
  await consumer.run({
    eachMessage: async () => {
      seen += 1;
    },
  });
  return { consumer, seen: () => seen };
}

/** Commits offsets for a group that has no members, as an operator would with the CLI. */
const commit = (
  groupId: string,
  topic: string,
  offsets: Record<number, number>,
) =>
  admin.setOffsets({
    groupId,
    topic,
    partitions: Object.entries(offsets).map(([partition, offset]) => ({
      partition: Number(partition),
      offset: String(offset),
    })),
  });

beforeAll(async () => {
  if (!localBrokers) {
    throw new Error(
      'KAFKA_BROKERS is not set; run scripts/stack up kafka and source its env (scripts/test does)',
    );
  }
  pair = await startKafkaCluster({ brokers: 2 });
  kafka = new Kafka({
    clientId: 'paved-system-tests',
    brokers: localBrokers.split(','),
    logLevel: logLevel.NOTHING,
  });
  admin = kafka.admin();
  await admin.connect();
  // Topics that exist when the portal starts become catalog Resources on its first pass.
  await createTopic(admin, name('existing'), 3);
  await createTopic(admin, WEIRD_TOPIC, 1);
  portal = await startPortal({
    database: 'postgres',
    config: {
      pipelines: {
        kafka: {
          clusters: [
            { name: 'local', brokers: localBrokers.split(',') },
            {
              name: 'pair',
              brokers: pair.bootstrap.split(','),
              connectionTimeoutMs: 1000,
              requestTimeoutMs: 5000,
            },
          ],
          defaultCluster: 'local',
        },
        poll: {
          schedule: {
            frequency: { minutes: 30 },
            timeout: { minutes: 2 },
            initialDelay: { seconds: 1 },
          },
        },
      },
    },
    extraCatalogLocations: [
      {
        type: 'file',
        target: path.join(REPO_ROOT, 'test/fixtures/catalog/outsiders.yaml'),
        rules: [{ allow: ['Group'] }],
      },
      {
        type: 'file',
        target: path.join(
          REPO_ROOT,
          'test/fixtures/catalog/invalid-pipeline.yaml',
        ),
      },
    ],
  });
  await waitFor(
    'the demo organisation and pipelines in the catalog',
    async () => {
      const res = await portal.api(
        '/api/catalog/entities/by-name/pipeline/default/orders-enrichment',
      );
      const outsiders = await portal.api(
        '/api/catalog/entities/by-name/group/default/outsiders',
      );
      return res.ok && outsiders.ok ? true : undefined;
    },
  );
});

afterAll(async () => {
  await Promise.all(consumers.map(c => c.disconnect().catch(() => undefined)));
  await admin?.disconnect();
  await portal?.stop();
  await portal?.cleanup();
  await pair?.stop();
});

describe('registering pipelines through the API', () => {
  it('registers, reads, updates and deletes a pipeline, and the catalog follows', async () => {
    const topic = name('reg.orders');
    await createTopic(admin, topic, 2);
    const entity = pipeline(name('reg'), {
      inputs: [{ topic, consumerGroup: name('reg-group') }],
      outputs: [{ topic: name('reg.out') }],
    });
    const created = await register(entity);
    expect(created.entityRef).toBe(`pipeline:default/${name('reg')}`);
    expect(created.entity.spec.owner).toBe('group:default/data-team');

    expect(
      (await portal.json(`/api/pipelines/pipelines/default/${name('reg')}`))
        .entity.spec.inputs,
    ).toEqual(entity.spec.inputs);
    const inCatalog = await waitFor(
      'the registered pipeline in the catalog',
      async () => {
        const res = await portal.api(
          `/api/catalog/entities/by-name/pipeline/default/${name('reg')}`,
        );
        return res.ok ? res.json() : undefined;
      },
    );
    const relations = inCatalog.relations.map(
      (r: any) => `${r.type} ${r.targetRef}`,
    );
    expect(relations).toEqual(
      expect.arrayContaining([
        'ownedBy group:default/data-team',
        'partOf system:default/data-platform',
        `readsFrom resource:default/${kafkaTopicEntityName('local', topic)}`,
        `writesTo resource:default/${kafkaTopicEntityName(
          'local',
          name('reg.out'),
        )}`,
      ]),
    );

    // The topic was created after the portal started: registering makes the catalog read the
    // cluster's topics again, so the relation does not point at nothing for minutes.
    await waitFor(
      'the Resource of a topic created after startup',
      async () => {
        const res = await portal.api(
          `/api/catalog/entities/by-name/resource/default/${kafkaTopicEntityName(
            'local',
            topic,
          )}`,
        );
        return res.ok ? true : undefined;
      },
      { timeoutMs: 30_000 },
    );

    const updated = {
      ...entity,
      spec: { ...entity.spec, slo: { maxLagSeconds: 30 } },
    };
    const put = await portal.api(
      `/api/pipelines/pipelines/default/${name('reg')}`,
      {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(updated),
      },
    );
    expect(put.status).toBe(200);
    await waitFor('the catalog to take the new SLO', async () => {
      const e = await portal.json(
        `/api/catalog/entities/by-name/pipeline/default/${name('reg')}`,
      );
      return e.spec.slo.maxLagSeconds === 30 ? true : undefined;
    });

    const del = await portal.api(
      `/api/pipelines/pipelines/default/${name('reg')}`,
      { method: 'DELETE' },
    );
    expect(del.status).toBe(204);
    await waitFor('the pipeline to leave the catalog', async () => {
      const res = await portal.api(
        `/api/catalog/entities/by-name/pipeline/default/${name('reg')}`,
      );
      return res.status === 404 ? true : undefined;
    });
    expect(
      (await portal.api(`/api/pipelines/pipelines/default/${name('reg')}`))
        .status,
    ).toBe(404);
  });

  it('refuses bad input with 400 naming the field, duplicates with 409 and strangers with 403', async () => {
    const ok = pipeline(name('bad'), {
      inputs: [{ topic: 'x', consumerGroup: 'g' }],
    });

    const negative = await post('/api/pipelines/pipelines', {
      ...ok,
      spec: { ...ok.spec, slo: { maxLagMessages: -5 } },
    });
    expect(negative.status).toBe(400);
    expect((await negative.json()).error.message).toMatch(
      /spec\.slo\.maxLagMessages: must be greater than 0/,
    );

    const noInputs = await post('/api/pipelines/pipelines', {
      ...ok,
      spec: { ...ok.spec, inputs: [] },
    });
    expect(noInputs.status).toBe(400);
    expect((await noInputs.json()).error.message).toMatch(
      /spec\.inputs: needs at least one input topic/,
    );

    const badTopic = await post('/api/pipelines/pipelines', {
      ...ok,
      spec: {
        ...ok.spec,
        inputs: [{ topic: 'no spaces', consumerGroup: 'g' }],
      },
    });
    expect(badTopic.status).toBe(400);
    expect((await badTopic.json()).error.message).toMatch(
      /spec\.inputs\[0\]\.topic/,
    );

    const unknownCluster = await post('/api/pipelines/pipelines', {
      ...ok,
      metadata: {
        ...ok.metadata,
        annotations: { 'paved.dev/kafka-cluster': 'nope' },
      },
    });
    expect(unknownCluster.status).toBe(400);
    expect((await unknownCluster.json()).error.message).toMatch(
      /no Kafka cluster named 'nope'.*known: local, pair/,
    );

    const notJson = await portal.api('/api/pipelines/pipelines', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"kind": "Pipeline",',
    });
    expect(notJson.status).toBe(400);

    // The demo catalog defines orders-enrichment in a file: the portal may not shadow it.
    const taken = await post('/api/pipelines/pipelines', {
      ...ok,
      metadata: { name: 'orders-enrichment' },
    });
    expect(taken.status).toBe(409);
    expect((await taken.json()).error.message).toMatch(
      /already exists in the catalog/,
    );

    await register(ok);
    const again = await post('/api/pipelines/pipelines', ok);
    expect(again.status).toBe(409);

    const stranger = await post(
      '/api/pipelines/pipelines',
      pipeline(name('theirs'), {
        inputs: [{ topic: 'x', consumerGroup: 'g' }],
        owner: 'group:default/outsiders',
      }),
    );
    expect(stranger.status).toBe(403);
    expect((await stranger.json()).error.message).toMatch(
      /only members of group:default\/outsiders may/,
    );
  });

  it('says which Pipeline descriptors the catalog refused, and why', async () => {
    const refused = await waitFor(
      'the catalog to report the broken descriptor',
      async () => {
        const { items } = await portal.json('/api/pipelines/catalog-errors');
        return items.find(
          (i: any) => i.entityRef === 'pipeline:default/broken-pipeline',
        );
      },
    );
    expect(refused.errors.join('\n')).toMatch(
      /spec\.slo\.maxLagMessages: must be greater than 0/,
    );
    expect(refused.location).toContain('invalid-pipeline.yaml');
    expect(
      (
        await portal.api(
          '/api/catalog/entities/by-name/pipeline/default/broken-pipeline',
        )
      ).status,
    ).toBe(404);
  });
});

describe('Kafka topics in the catalog', () => {
  it('makes every topic of a cluster a kafka-topic Resource with its exact name kept', async () => {
    const started = portal;
    for (const topic of [name('existing'), WEIRD_TOPIC]) {
      const entityName = kafkaTopicEntityName('local', topic);
      const resource = await waitFor(`the Resource of ${topic}`, async () => {
        const res = await started.api(
          `/api/catalog/entities/by-name/resource/default/${entityName}`,
        );
        return res.ok ? res.json() : undefined;
      });
      expect(resource.spec).toMatchObject({
        type: 'kafka-topic',
        owner: 'group:default/platform-team',
      });
      expect(resource.metadata.annotations).toMatchObject({
        'paved.dev/kafka-topic': topic,
        'paved.dev/kafka-cluster': 'local',
      });
    }
    expect(kafkaTopicEntityName('local', WEIRD_TOPIC)).toMatch(
      /^[a-z0-9][a-z0-9._-]*[a-z0-9]$/,
    );
  });
});

describe('lag and health read from the stack broker', () => {
  it('reads a newly registered pipeline within seconds, without waiting for the schedule', async () => {
    const topic = name('fresh');
    await createTopic(admin, topic, 3);
    await produce(kafka, topic, [5, 5, 5]);
    await register(
      pipeline(name('fresh'), {
        inputs: [{ topic, consumerGroup: name('fresh-group') }],
      }),
    );
    const h = await waitFor(
      'the first reading of the new pipeline',
      async () => {
        const r = await health(name('fresh'));
        return r.sampledAt ? r : undefined;
      },
      { timeoutMs: 15_000 },
    );
    expect(h.lag.messages).toBe(15);
  });

  it('agrees with kafka-consumer-groups --describe for a group a kafkajs consumer committed', async () => {
    const topic = name('cmp');
    const group = name('cmp-group');
    await createTopic(admin, topic, 6);
    await produce(kafka, topic, [100, 100, 100, 100, 100, 100]);

    const { consumer, seen } = await consume(group, topic);
    await waitFor('the consumer to read a good part of the topic', async () =>
      seen() >= 250 ? true : undefined,
    );
    await consumer.disconnect();
    // More after it left, so that every partition is behind.
    await produce(kafka, topic, [30, 30, 30, 30, 30, 30]);

    await register(
      pipeline(name('cmp'), {
        inputs: [{ topic, consumerGroup: group }],
        slo: { maxLagMessages: 10 },
      }),
    );
    await poll();
    const h = await health(name('cmp'));
    const rows = await describeConsumerGroups(localBrokers!, [group]);

    const partitions = h.topics[0].partitions;
    expect(partitions).toHaveLength(6);
    for (const p of partitions) {
      const row = rows.find(r => r.partition === p.partition);
      expect(p.endOffset).toBe(130);
      expect({
        partition: p.partition,
        committed: p.committedOffset,
        end: p.endOffset,
        lag: p.lag,
      }).toEqual(
        row
          ? {
              partition: row.partition,
              committed: row.currentOffset,
              end: row.logEndOffset,
              lag: row.lag,
            }
          : // Kafka prints no row for a partition the group never committed on: all of it is lag.
            { partition: p.partition, committed: null, end: 130, lag: 130 },
      );
    }
    expect(h.lag.messages).toBe(
      partitions.reduce((n: number, p: any) => n + p.lag, 0),
    );
    expect(h.lag.messages).toBe(6 * 130 - seenCommitted(rows));
    // Over its SLO: failing, although (or because) nobody consumes.
    expect(h.status).toBe('failing');
    expect(h.groups[0]).toMatchObject({
      groupId: group,
      state: 'Empty',
      members: [],
    });
    expect(h.reasons.join('\n')).toMatch(
      /has no active members \(state Empty\)/,
    );
  });

  it('counts every message of a partition the group never committed on, with no -1 arithmetic', async () => {
    const topic = name('partial');
    const group = name('partial-group');
    await createTopic(admin, topic, 4);
    await produce(kafka, topic, [10, 20, 30, 40]);
    await commit(group, topic, { 0: 4, 1: 20 });
    await register(
      pipeline(name('partial'), { inputs: [{ topic, consumerGroup: group }] }),
    );
    await poll();
    const h = await health(name('partial'));
    expect(
      h.topics[0].partitions.map((p: any) => [
        p.partition,
        p.committedOffset,
        p.lag,
      ]),
    ).toEqual([
      [0, 4, 6],
      [1, 20, 0],
      [2, null, 30],
      [3, null, 40],
    ]);
    expect(h.lag.messages).toBe(76);
    const rows = await describeConsumerGroups(localBrokers!, [group]);
    expect(rows.map(r => [r.partition, r.currentOffset, r.lag])).toEqual([
      [0, 4, 6],
      [1, 20, 0],
    ]);
  });

  it('counts only messages that still exist when the committed offset fell below the log start', async () => {
    const topic = name('retained');
    const group = name('retained-group');
    await createTopic(admin, topic, 1);
    await produce(kafka, topic, [100]);
    await commit(group, topic, { 0: 10 });
    // What retention does to old segments, done at once.
    await admin.deleteTopicRecords({
      topic,
      partitions: [{ partition: 0, offset: '60' }],
    });
    await register(
      pipeline(name('retained'), { inputs: [{ topic, consumerGroup: group }] }),
    );
    await poll();
    const h = await health(name('retained'));
    expect(h.topics[0].partitions).toEqual([
      expect.objectContaining({
        partition: 0,
        startOffset: 60,
        endOffset: 100,
        committedOffset: 10,
        lag: 40,
      }),
    ]);
    // Kafka's own tool counts from the committed offset, messages that are gone included.
    const [row] = await describeConsumerGroups(localBrokers!, [group]);
    expect(row.lag).toBe(90);
  });

  it('sees partitions added to a topic after the pipeline was registered', async () => {
    const topic = name('grows');
    const group = name('grows-group');
    await createTopic(admin, topic, 2);
    await produce(kafka, topic, [10, 10]);
    await commit(group, topic, { 0: 10, 1: 10 });
    await register(
      pipeline(name('grows'), { inputs: [{ topic, consumerGroup: group }] }),
    );
    await poll();
    expect((await health(name('grows'))).topics[0].partitions).toHaveLength(2);

    await admin.createPartitions({ topicPartitions: [{ topic, count: 4 }] });
    await produce(kafka, topic, [0, 0, 7, 9]);
    await commit(group, topic, { 2: 3 });
    await poll();
    const h = await health(name('grows'));
    expect(
      h.topics[0].partitions.map((p: any) => [
        p.partition,
        p.committedOffset,
        p.lag,
      ]),
    ).toEqual([
      [0, 10, 0],
      [1, 10, 0],
      [2, 3, 4],
      [3, null, 9],
    ]);
  });

  it('reads an empty topic as no lag, and a deleted group as all of it, never as unknown', async () => {
    const empty = name('empty');
    await createTopic(admin, empty, 3);
    await register(
      pipeline(name('empty'), {
        inputs: [{ topic: empty, consumerGroup: name('empty-group') }],
      }),
    );

    const topic = name('gone');
    const group = name('gone-group');
    await createTopic(admin, topic, 2);
    await produce(kafka, topic, [8, 8]);
    await commit(group, topic, { 0: 8, 1: 2 });
    await register(
      pipeline(name('gone'), {
        inputs: [{ topic, consumerGroup: group }],
        slo: { maxLagMessages: 100 },
      }),
    );
    await poll();
    expect((await health(name('gone'))).lag.messages).toBe(6);
    await admin.deleteGroups([group]);
    await poll();

    const e = await health(name('empty'));
    expect(e).toMatchObject({ status: 'healthy', lag: { messages: 0 } });
    expect(e.topics[0].partitions.map((p: any) => p.lag)).toEqual([0, 0, 0]);

    const g = await health(name('gone'));
    expect(g.lag.messages).toBe(16);
    expect(g.status).toBe('degraded');
    expect(g.reasons).toContain(
      `Consumer group ${group} does not exist on the cluster while 16 messages wait`,
    );
  });

  it('shows a live group with its members, throughput and lag in time, and keeps the history', async () => {
    const topic = name('live');
    const out = name('live.out');
    const group = name('live-group');
    await createTopic(admin, topic, 3);
    await createTopic(admin, out, 1);
    await produce(kafka, topic, [20, 20, 20]);
    await register(
      pipeline(name('live'), {
        inputs: [{ topic, consumerGroup: group }],
        outputs: [{ topic: out }],
        slo: { maxLagMessages: 1000, maxLagSeconds: 600 },
      }),
    );

    const { seen } = await consume(group, topic);
    await waitFor('the consumer to catch up', async () =>
      seen() >= 60 ? true : undefined,
    );
    await poll();
    await produce(kafka, topic, [10, 10, 10]);
    await produce(kafka, out, [12]);
    await waitFor('the consumer to catch up again', async () =>
      seen() >= 90 ? true : undefined,
    );
    await new Promise(r => setTimeout(r, 6000)); // kafkajs commits every 5 s
    await poll();

    const h = await health(name('live'));
    expect(h.status).toBe('healthy');
    expect(h.groups[0].state).toBe('Stable');
    expect(h.groups[0].members).toHaveLength(1);
    expect(
      Object.values(h.groups[0].members[0].assignment).flat(),
    ).toHaveLength(3);
    expect(h.throughput.inputPerSecond).toBeGreaterThan(0);
    expect(h.throughput.consumedPerSecond).toBeGreaterThan(0);
    expect(h.throughput.outputPerSecond).toBeGreaterThan(0);
    expect(h.lag.seconds).not.toBeNull();
    const history = await portal.json(
      `/api/pipelines/pipelines/default/${name('live')}/history?hours=1`,
    );
    expect(history.samples.length).toBeGreaterThanOrEqual(2);

    const badHours = await portal.api(
      `/api/pipelines/pipelines/default/${name('live')}/history?hours=0`,
    );
    expect(badHours.status).toBe(400);
    expect((await badHours.json()).error.message).toMatch(
      /hours must be at least 1/,
    );
  });

  it('offers the cluster’s topics and the groups reading a topic to the registration form', async () => {
    const { items: clusters } = await portal.json('/api/pipelines/clusters');
    expect(clusters.map((c: any) => [c.name, c.isDefault])).toEqual([
      ['local', true],
      ['pair', false],
    ]);
    const { items: topics } = await portal.json(
      '/api/pipelines/clusters/local/topics',
    );
    expect(topics).toEqual(
      expect.arrayContaining([{ name: name('cmp'), partitions: 6 }]),
    );
    const { items: groups } = await portal.json(
      `/api/pipelines/clusters/local/groups?topic=${encodeURIComponent(
        name('cmp'),
      )}`,
    );
    expect(groups.map((g: any) => g.groupId)).toEqual([name('cmp-group')]);
  });
});

describe('a cluster in trouble', () => {
  const onBoth = name('on-both');
  const onlyOn2 = name('only-on-2');

  beforeAll(async () => {
    const pairKafka = new Kafka({
      clientId: 'paved-system-tests',
      brokers: pair.bootstrap.split(','),
      logLevel: logLevel.NOTHING,
    });
    const pairAdmin = pairKafka.admin();
    await pairAdmin.connect();
    try {
      await createPlacedTopic(pairAdmin, onBoth, [1, 1]);
      await createPlacedTopic(pairAdmin, onlyOn2, [2, 1]);
      await produce(pairKafka, onBoth, [5, 5]);
      await produce(pairKafka, onlyOn2, [5, 5]);
      // Both groups have read everything: healthy, until the cluster is not.
      await pairAdmin.setOffsets({
        groupId: name('steady-group'),
        topic: onBoth,
        partitions: [
          { partition: 0, offset: '5' },
          { partition: 1, offset: '5' },
        ],
      });
      await pairAdmin.setOffsets({
        groupId: name('leaderless-group'),
        topic: onlyOn2,
        partitions: [
          { partition: 0, offset: '5' },
          { partition: 1, offset: '3' },
        ],
      });
    } finally {
      await pairAdmin.disconnect();
    }
    await register(
      pipeline(name('steady'), {
        inputs: [{ topic: onBoth, consumerGroup: name('steady-group') }],
        cluster: 'pair',
      }),
    );
    await register(
      pipeline(name('leaderless'), {
        inputs: [{ topic: onlyOn2, consumerGroup: name('leaderless-group') }],
        cluster: 'pair',
      }),
    );
    await poll();
    expect((await health(name('leaderless'))).lag.messages).toBe(2);
  });

  it('makes a pipeline whose partition lost its leader unknown, and still reads the others', async () => {
    await pair.stopNode(2);
    const out = await kafkaTool('topics', [
      '--bootstrap-server',
      pair.nodes[0].address,
      '--describe',
      '--topic',
      onlyOn2,
    ]);
    expect(out.stdout).toMatch(/Partition: 0\s+Leader: none/);

    await poll();
    const lost = await health(name('leaderless'));
    expect(lost.status).toBe('unknown');
    expect(lost.lag.messages).toBeNull();
    expect(lost.reasons[0]).toMatch(
      new RegExp(`a partition of '${onlyOn2}' has no leader`),
    );

    const steady = await health(name('steady'));
    // With the reasons, so that a failure says why.
    expect(`${steady.status}: ${steady.reasons.join('; ')}`).toMatch(
      /^healthy: /,
    );
    expect(steady.lag.messages).toBe(0);
    // The other cluster is read as before.
    expect((await health(name('partial'))).lag.messages).toBe(76);

    await pair.startNode(2);
    await waitFor(
      'the partition to have a leader again',
      async () => {
        await poll();
        const again = await health(name('leaderless'));
        return again.status !== 'unknown' && again.lag.messages === 2
          ? true
          : undefined;
      },
      { timeoutMs: 60_000 },
    );
  });

  it('makes every pipeline of a cluster that is down unknown with the reason, and reads the rest', async () => {
    await pair.stopNode(2);
    await pair.stopNode(1);
    const result = await poll();
    expect(result.clusters).toBe(2);
    for (const p of [name('steady'), name('leaderless')]) {
      const h = await health(p);
      expect(h.status).toBe('unknown');
      expect(h.reasons[0]).toMatch(/Cannot reach Kafka cluster 'pair'/);
    }
    expect((await health(name('partial'))).status).not.toBe('unknown');
    const { items } = await portal.json('/api/pipelines/health');
    const byRef = new Map(items.map((i: any) => [i.entityRef, i.status]));
    expect(byRef.get(`pipeline:default/${name('steady')}`)).toBe('unknown');
    expect(byRef.get(`pipeline:default/${name('fresh')}`)).not.toBe('unknown');
  });
});

function seenCommitted(rows: Array<{ currentOffset: number | null }>) {
  return rows.reduce((n, r) => n + (r.currentOffset ?? 0), 0);
}
