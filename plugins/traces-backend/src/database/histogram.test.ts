import { bucketValueMs, latencyBucket, quantileMs } from './histogram';

describe('latency histogram', () => {
  it('reads back any duration within 4.5%', () => {
    for (const ms of [0.003, 0.25, 1, 7.3, 42, 250, 999, 12_345, 3_600_000]) {
      const back = bucketValueMs(latencyBucket(ms * 1e6));
      expect(Math.abs(back - ms) / ms).toBeLessThan(0.045);
    }
  });

  it('puts sub-microsecond spans in the first bucket', () => {
    expect(latencyBucket(0)).toBe(0);
    expect(latencyBucket(999)).toBe(0);
    expect(latencyBucket(1000)).toBe(1);
  });

  it('finds percentiles by rank', () => {
    // 90 spans of 10 ms, 9 of 100 ms, one of 1 s.
    const h = new Map<number, number>();
    const add = (ms: number, n: number) => {
      const b = latencyBucket(ms * 1e6);
      h.set(b, (h.get(b) ?? 0) + n);
    };
    add(10, 90);
    add(100, 9);
    add(1000, 1);
    expect(quantileMs(h, 0.5)).toBeCloseTo(10, -0.5);
    expect(quantileMs(h, 0.95)! / 100).toBeCloseTo(1, 1);
    expect(quantileMs(h, 0.99)! / 100).toBeCloseTo(1, 1);
    expect(quantileMs(h, 1)! / 1000).toBeCloseTo(1, 1);
    expect(quantileMs(new Map(), 0.5)).toBeNull();
  });
});
