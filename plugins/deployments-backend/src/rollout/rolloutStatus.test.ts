import { rolloutStatus } from './rolloutStatus';

const deployment = (over: {
  generation?: number;
  replicas?: number;
  status?: Record<string, unknown>;
}) => ({
  metadata: { generation: over.generation ?? 2 },
  spec: { replicas: over.replicas ?? 3, progressDeadlineSeconds: 30 },
  status: { observedGeneration: 2, ...over.status },
});

describe('rolloutStatus', () => {
  it('waits until the controller has seen the generation', () => {
    const s = rolloutStatus(
      deployment({
        status: {
          observedGeneration: 1,
          replicas: 3,
          updatedReplicas: 3,
          availableReplicas: 3,
        },
      }),
      2,
    );
    expect(s.phase).toBe('progressing');
    expect(s.progress.message).toMatch(/controller/);
    expect(s.progress.fraction).toBe(0);
  });

  it('counts updated, then old, then available replicas as kubectl does', () => {
    const updating = rolloutStatus(
      deployment({
        status: { replicas: 4, updatedReplicas: 1, availableReplicas: 3 },
      }),
      2,
    );
    expect(updating).toMatchObject({
      phase: 'progressing',
      progress: { message: '1 of 3 new replicas have been updated', old: 3 },
    });
    const draining = rolloutStatus(
      deployment({
        status: { replicas: 4, updatedReplicas: 3, availableReplicas: 3 },
      }),
      2,
    );
    expect(draining.progress.message).toBe(
      '1 old replica is pending termination',
    );
    const available = rolloutStatus(
      deployment({
        status: { replicas: 3, updatedReplicas: 3, availableReplicas: 2 },
      }),
      2,
    );
    expect(available.progress.message).toBe(
      '2 of 3 updated replicas are available',
    );
    expect(available.progress.fraction).toBeGreaterThan(
      draining.progress.fraction - 0.5,
    );
    const done = rolloutStatus(
      deployment({
        status: {
          replicas: 3,
          updatedReplicas: 3,
          readyReplicas: 3,
          availableReplicas: 3,
        },
      }),
      2,
    );
    expect(done).toMatchObject({
      phase: 'succeeded',
      progress: { fraction: 1 },
    });
  });

  it('fails on ProgressDeadlineExceeded, naming the deadline', () => {
    const s = rolloutStatus(
      deployment({
        status: {
          replicas: 4,
          updatedReplicas: 1,
          availableReplicas: 3,
          conditions: [
            {
              type: 'Progressing',
              status: 'False',
              reason: 'ProgressDeadlineExceeded',
              message: 'ReplicaSet "web-1" has timed out progressing.',
            },
          ],
        },
      }),
      2,
    );
    expect(s.phase).toBe('failed');
    expect(s.phase === 'failed' && s.reason).toBe('ProgressDeadlineExceeded');
    expect(s.phase === 'failed' && s.message).toMatch(
      /deadline of 30 s.*timed out progressing/,
    );
  });

  it('reports a rollout superseded by a later change', () => {
    expect(rolloutStatus(deployment({ generation: 3 }), 2).phase).toBe(
      'superseded',
    );
  });

  it('treats a scale to zero as done once the old pods are gone', () => {
    expect(
      rolloutStatus(deployment({ replicas: 0, status: { replicas: 1 } }), 2)
        .phase,
    ).toBe('progressing');
    expect(
      rolloutStatus(deployment({ replicas: 0, status: {} }), 2).phase,
    ).toBe('succeeded');
  });
});
