import { TopicLag } from '@paved/plugin-pipelines-common';
import { evaluateHealth } from './evaluate';

const topic = (
  lag: number | null,
  lagSeconds: number | null,
  extra: Partial<TopicLag> = {},
): TopicLag => ({
  topic: 'orders.raw',
  consumerGroup: 'enricher',
  lag,
  lagSeconds,
  partitions: [],
  ...extra,
});
const active = [
  {
    groupId: 'enricher',
    state: 'Stable',
    members: [{ memberId: 'm', clientId: 'c', host: 'h', assignment: {} }],
  },
];

describe('evaluateHealth', () => {
  it('is healthy within the SLO and says by how much', () => {
    const r = evaluateHealth({
      topics: [topic(10, 2)],
      groups: active,
      slo: { maxLagMessages: 100, maxLagSeconds: 60 },
      failingFactor: 2,
    });
    expect(r).toMatchObject({
      status: 'healthy',
      lagMessages: 10,
      lagSeconds: 2,
    });
    expect(r.reasons).toEqual([
      'Within its SLO: lag 10 of 100 messages, 2 s of 60 s',
    ]);
  });

  it('is degraded over the SLO and failing beyond twice it', () => {
    expect(
      evaluateHealth({
        topics: [topic(150, 0)],
        groups: active,
        slo: { maxLagMessages: 100 },
        failingFactor: 2,
      }).status,
    ).toBe('degraded');
    const failing = evaluateHealth({
      topics: [topic(250, 0)],
      groups: active,
      slo: { maxLagMessages: 100 },
      failingFactor: 2,
    });
    expect(failing.status).toBe('failing');
    expect(failing.reasons[0]).toBe(
      'Lag of 250 messages is over the SLO of 100 (2.5x)',
    );
  });

  it('judges lag in seconds against maxLagSeconds', () => {
    const r = evaluateHealth({
      topics: [topic(5, 600)],
      groups: active,
      slo: { maxLagSeconds: 60 },
      failingFactor: 2,
    });
    expect(r.status).toBe('failing');
    expect(r.reasons[0]).toBe('Lag of 10 min is over the SLO of 60 s (10.0x)');
  });

  it('is failing over the SLO whatever the group state, and says nobody consumes', () => {
    const r = evaluateHealth({
      topics: [topic(1000, null)],
      groups: [{ groupId: 'enricher', state: 'Empty', members: [] }],
      slo: { maxLagMessages: 100 },
      failingFactor: 2,
    });
    expect(r.status).toBe('failing');
    expect(r.reasons).toContain(
      'Consumer group enricher has no active members (state Empty) while 1,000 messages wait',
    );
  });

  it('is at least degraded when messages wait and the group is gone, even within the SLO', () => {
    const r = evaluateHealth({
      topics: [topic(5, 1)],
      groups: [{ groupId: 'enricher', state: 'Dead', members: [] }],
      slo: { maxLagMessages: 100 },
      failingFactor: 2,
    });
    expect(r.status).toBe('degraded');
    expect(r.reasons).toEqual([
      'Consumer group enricher does not exist on the cluster while 5 messages wait',
    ]);
  });

  it('does not blame a batch pipeline for an empty group between runs, and puts remarks last', () => {
    const r = evaluateHealth({
      topics: [topic(500, null)],
      groups: [{ groupId: 'enricher', state: 'Empty', members: [] }],
      slo: { maxLagMessages: 1000, maxLagSeconds: 900 },
      type: 'batch',
      failingFactor: 2,
    });
    expect(r.status).toBe('healthy');
    expect(r.reasons).toEqual([
      'Within its SLO: lag 500 of 1,000 messages',
      'Lag in time cannot be estimated yet (no produce rate observed); 500 messages behind',
      'Consumer group enricher has no active members (state Empty); 500 messages wait for the next run',
    ]);
  });

  it('measures a group whose members cannot be described without calling it gone', () => {
    const r = evaluateHealth({
      topics: [topic(5, 1)],
      groups: [{ groupId: 'enricher', state: 'Unknown', members: [] }],
      slo: { maxLagMessages: 100 },
      failingFactor: 2,
    });
    expect(r.status).toBe('healthy');
    expect(r.reasons[0]).toBe('Within its SLO: lag 5 of 100 messages');
    expect(r.reasons[1]).toMatch(
      /members of consumer group enricher cannot be read/,
    );
  });

  it('is unknown, never healthy, when a topic could not be read, and says why', () => {
    const r = evaluateHealth({
      topics: [
        topic(null, null, {
          error: "partition 3 of 'orders.raw' has no leader",
        }),
        topic(0, 0, { topic: 'other' }),
      ],
      groups: active,
      slo: { maxLagMessages: 100 },
      failingFactor: 2,
    });
    expect(r).toMatchObject({ status: 'unknown', lagMessages: null });
    expect(r.reasons).toEqual([
      "Cannot read orders.raw for group enricher: partition 3 of 'orders.raw' has no leader",
    ]);
  });

  it('sums lag over inputs and takes the worst lag in time', () => {
    const r = evaluateHealth({
      topics: [topic(10, 5), topic(20, 50, { topic: 'b' })],
      groups: active,
      slo: { maxLagMessages: 100, maxLagSeconds: 100 },
      failingFactor: 2,
    });
    expect(r).toMatchObject({
      lagMessages: 30,
      lagSeconds: 50,
      status: 'healthy',
    });
  });
});
