import { TemplateRun } from '@paved/plugin-golden-paths-common';
import { computeAllUsage, computeUsage } from './usage';

const now = new Date('2026-12-03T12:00:00Z');
const run = (over: Partial<TemplateRun>): TemplateRun => ({
  taskId: Math.random().toString(36),
  templateRef: 'template:default/node-service',
  status: 'completed',
  createdAt: '2026-12-03T09:00:00.000Z',
  ...over,
});

describe('computeUsage', () => {
  it('counts runs, success rate and the median duration of successful runs', () => {
    const usage = computeUsage(
      'template:default/node-service',
      [
        run({ durationMs: 10_000 }),
        run({ durationMs: 30_000 }),
        run({ durationMs: 20_000, createdAt: '2026-12-02T09:00:00.000Z' }),
        run({ status: 'failed', durationMs: 1000 }),
        run({ status: 'cancelled' }),
        run({
          status: 'processing',
          createdAt: '2026-12-03T11:59:00.000Z',
          createdBy: 'user:default/sam',
        }),
      ],
      { days: 7, now },
    );
    expect(usage).toMatchObject({
      runs: 5,
      succeeded: 3,
      failed: 1,
      inProgress: 1,
      successRate: 0.75,
      medianDurationMs: 20_000,
      lastRunAt: '2026-12-03T11:59:00.000Z',
      lastRunBy: 'user:default/sam',
    });
    expect(usage.daily).toHaveLength(7);
    expect(usage.daily[6]).toEqual({
      date: '2026-12-03',
      succeeded: 2,
      failed: 1,
    });
    expect(usage.daily[5]).toEqual({
      date: '2026-12-02',
      succeeded: 1,
      failed: 0,
    });
  });

  it('leaves rate and median out before any run has finished', () => {
    const usage = computeUsage(
      'template:default/x',
      [run({ status: 'open' })],
      { days: 1, now },
    );
    expect(usage.successRate).toBeUndefined();
    expect(usage.medianDurationMs).toBeUndefined();
    expect(usage.runs).toBe(0);
  });

  it('averages the middle two durations for an even count', () => {
    const usage = computeUsage(
      't',
      [run({ durationMs: 1000 }), run({ durationMs: 2000 })],
      { days: 1, now },
    );
    expect(usage.medianDurationMs).toBe(1500);
  });

  it('ignores runs outside the charted window but still counts them', () => {
    const usage = computeUsage(
      't',
      [run({ createdAt: '2025-01-01T00:00:00.000Z' })],
      { days: 30, now },
    );
    expect(usage.runs).toBe(1);
    expect(usage.daily.every(d => d.succeeded === 0)).toBe(true);
  });
});

describe('computeAllUsage', () => {
  it('groups by template, most used first', () => {
    const all = computeAllUsage(
      [
        run({}),
        run({ templateRef: 'template:default/kafka-consumer' }),
        run({}),
      ],
      { days: 1, now },
    );
    expect(all.map(u => [u.templateRef, u.runs])).toEqual([
      ['template:default/node-service', 2],
      ['template:default/kafka-consumer', 1],
    ]);
  });
});
