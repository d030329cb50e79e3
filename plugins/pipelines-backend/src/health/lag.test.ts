import { estimateLagSeconds, partitionLag, sums } from './lag';

const p = (partition: number, start: number, end: number) => ({
  partition,
  start,
  end,
  leader: 1,
});

describe('partitionLag', () => {
  it('reports lag 0 for a fully consumed partition', () => {
    expect(partitionLag(p(0, 0, 100), 100).lag).toBe(0);
  });

  it('counts what exists past the committed offset', () => {
    expect(partitionLag(p(0, 0, 100), 60)).toMatchObject({
      lag: 40,
      committedOffset: 60,
    });
  });

  it('counts every existing message of a partition the group never committed on, with no -1 arithmetic', () => {
    for (const never of [null, undefined, -1]) {
      expect(partitionLag(p(0, 30, 100), never)).toMatchObject({
        lag: 70,
        committedOffset: null,
      });
    }
  });

  it('counts only what still exists when the committed offset fell below the log start after retention', () => {
    expect(partitionLag(p(0, 500, 800), 120)).toMatchObject({
      lag: 300,
      committedOffset: 120,
    });
  });

  it('reports lag 0 for an empty topic, committed or not', () => {
    expect(partitionLag(p(0, 0, 0), null).lag).toBe(0);
    expect(partitionLag(p(0, 42, 42), 42).lag).toBe(0);
  });

  it('never goes negative when a committed offset is past the log end (a truncated log)', () => {
    expect(partitionLag(p(0, 0, 10), 15).lag).toBe(0);
  });
});

describe('sums', () => {
  it('adds up the partitions and where the group effectively is', () => {
    const partitions = [
      partitionLag(p(0, 0, 100), 90),
      partitionLag(p(1, 20, 50), null),
    ];
    expect(sums(partitions)).toEqual({
      endSum: 150,
      positionSum: 110,
      lag: 40,
    });
  });
});

describe('estimateLagSeconds', () => {
  const t = (s: number) => new Date(Date.UTC(2026, 11, 3, 12, 0, s));

  it('is 0 when the group is caught up', () => {
    expect(
      estimateLagSeconds({
        history: [],
        now: t(50),
        endSum: 10,
        positionSum: 10,
      }),
    ).toBe(0);
  });

  it('finds when the log end passed the group position, interpolating between samples', () => {
    const history = [
      { at: t(0), endSum: 0 },
      { at: t(10), endSum: 100 },
      { at: t(20), endSum: 200 },
    ];
    // The group is at 150, which the log end reached at t=15; now is t=30.
    expect(
      estimateLagSeconds({
        history,
        now: t(30),
        endSum: 300,
        positionSum: 150,
      }),
    ).toBeCloseTo(15);
  });

  it('stays right when production stopped: the position was passed long ago', () => {
    const history = [
      { at: t(0), endSum: 100 },
      { at: t(10), endSum: 200 },
      { at: t(40), endSum: 200 },
    ];
    expect(
      estimateLagSeconds({
        history,
        now: t(50),
        endSum: 200,
        positionSum: 150,
      }),
    ).toBeCloseTo(45);
  });

  it('extrapolates at the produce rate when the group is behind the oldest sample', () => {
    const history = [{ at: t(0), endSum: 1000 }];
    // 10 messages/s from t=0 to t=10; position 900 was passed 10 s before t=0.
    expect(
      estimateLagSeconds({
        history,
        now: t(10),
        endSum: 1100,
        positionSum: 900,
      }),
    ).toBeCloseTo(20);
  });

  it('says it cannot tell without history and without produced messages', () => {
    expect(
      estimateLagSeconds({
        history: [],
        now: t(10),
        endSum: 100,
        positionSum: 50,
      }),
    ).toBeNull();
  });
});
