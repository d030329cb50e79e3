import { kafkaTopicEntityName, parsePipelineEntity } from './pipeline';

const valid = {
  apiVersion: 'paved.dev/v1alpha1',
  kind: 'Pipeline',
  metadata: {
    name: 'orders-enrichment',
    annotations: { 'paved.dev/kafka-cluster': 'main' },
  },
  spec: {
    type: 'streaming',
    lifecycle: 'production',
    owner: 'group:default/data-team',
    system: 'data-platform',
    component: 'component:default/orders-enricher',
    inputs: [{ topic: 'orders.raw', consumerGroup: 'orders-enricher' }],
    outputs: [{ topic: 'orders.enriched' }],
    slo: { maxLagMessages: 1000, maxLagSeconds: 60 },
  },
};

describe('parsePipelineEntity', () => {
  it('accepts a complete pipeline and defaults outputs to none', () => {
    const result = parsePipelineEntity(valid);
    expect(result.ok).toBe(true);
    const { outputs: _outputs, ...noOutputs } = valid.spec;
    const parsed = parsePipelineEntity({ ...valid, spec: noOutputs });
    expect(parsed.ok && parsed.entity.spec.outputs).toEqual([]);
  });

  it('accepts an SLO with only one of its two limits', () => {
    expect(
      parsePipelineEntity({
        ...valid,
        spec: { ...valid.spec, slo: { maxLagSeconds: 30 } },
      }).ok,
    ).toBe(true);
    expect(
      parsePipelineEntity({
        ...valid,
        spec: { ...valid.spec, slo: { maxLagMessages: 5 } },
      }).ok,
    ).toBe(true);
  });

  it.each([
    [{ type: 'realtime' }, 'spec.type: must be "streaming" or "batch"'],
    [{ inputs: [] }, 'spec.inputs: needs at least one input topic'],
    [
      { inputs: [{ topic: 'bad topic!', consumerGroup: 'g' }] },
      'spec.inputs[0].topic: must be a Kafka topic name',
    ],
    [
      { inputs: [{ topic: 'ok' }] },
      'spec.inputs[0].consumerGroup: a consumer group is required',
    ],
    [
      { outputs: [{ topic: '..' }] },
      'spec.outputs[0].topic: may not be "." or ".."',
    ],
    [{ slo: {} }, 'spec.slo: needs maxLagMessages, maxLagSeconds or both'],
    [
      { slo: { maxLagMessages: -1 } },
      'spec.slo.maxLagMessages: must be greater than 0',
    ],
    [
      { slo: { maxLagMessages: 1.5 } },
      'spec.slo.maxLagMessages: must be a whole number',
    ],
    [{ owner: '' }, 'spec.owner: an entity reference is required'],
    [{ color: 'blue' }, 'spec: Unrecognized key'],
  ])('names the bad field in %j', (override, problem) => {
    const result = parsePipelineEntity({
      ...valid,
      spec: { ...valid.spec, ...override },
    });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems.join('\n')).toContain(problem);
  });

  it('checks the envelope too', () => {
    const result = parsePipelineEntity({
      ...valid,
      apiVersion: 'v1',
      metadata: { name: 'Bad Name' },
    });
    expect(!result.ok && result.problems).toEqual(
      expect.arrayContaining([
        'apiVersion: must be paved.dev/v1alpha1',
        expect.stringMatching(/^metadata\.name: must be 1-63 letters/),
      ]),
    );
  });
});

describe('kafkaTopicEntityName', () => {
  it('keeps simple names readable as cluster.topic', () => {
    expect(kafkaTopicEntityName('main', 'orders.raw')).toBe('main.orders.raw');
  });

  it('stays a valid entity name for long, underscored or mixed-case topics', () => {
    for (const topic of [
      '_internal-topic',
      'Orders',
      'a'.repeat(249),
      'x__y',
    ]) {
      const name = kafkaTopicEntityName('main', topic);
      expect(name).toMatch(/^[a-z0-9](?:[a-z0-9._-]{0,61}[a-z0-9])?$/);
    }
  });

  it('never gives two different topics, or one topic on two clusters, the same name', () => {
    const names = new Set([
      kafkaTopicEntityName('main', 'Orders'),
      kafkaTopicEntityName('main', 'orders'),
      kafkaTopicEntityName('main', '_orders'),
      kafkaTopicEntityName('backup', 'orders'),
      kafkaTopicEntityName('main', `${'a'.repeat(100)}1`),
      kafkaTopicEntityName('main', `${'a'.repeat(100)}2`),
    ]);
    expect(names.size).toBe(6);
  });

  it('is stable', () => {
    expect(kafkaTopicEntityName('main', 'Orders')).toBe(
      kafkaTopicEntityName('main', 'Orders'),
    );
  });
});
