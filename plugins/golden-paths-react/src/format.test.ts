import { formatAgo, formatDuration, formatRate } from './format';

describe('formatting usage for people', () => {
  it('says durations as people say them', () => {
    expect(formatDuration(undefined)).toBe('–');
    expect(formatDuration(0)).toBe('< 1 s');
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(38_200)).toBe('38 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
    expect(formatDuration(120_000)).toBe('2 min');
  });

  it('says how long ago', () => {
    const now = new Date('2026-12-03T12:00:00Z');
    expect(formatAgo(undefined, now)).toBe('never');
    expect(formatAgo('2026-12-03T11:59:30Z', now)).toBe('just now');
    expect(formatAgo('2026-12-03T11:55:00Z', now)).toBe('5 min ago');
    expect(formatAgo('2026-12-03T09:00:00Z', now)).toBe('3 h ago');
    expect(formatAgo('2026-12-02T09:00:00Z', now)).toBe('yesterday');
    expect(formatAgo('2026-11-21T12:00:00Z', now)).toBe('12 days ago');
  });

  it('rounds rates to whole percent', () => {
    expect(formatRate(undefined)).toBe('–');
    expect(formatRate(11 / 12)).toBe('92%');
    expect(formatRate(1)).toBe('100%');
  });
});
