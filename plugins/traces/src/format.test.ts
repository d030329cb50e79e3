import {
  formatDurationNs,
  formatPercent,
  formatRate,
  formatAgo,
  formatCounted,
} from './format';

describe('format', () => {
  it('writes durations in the unit their size calls for', () => {
    expect(formatDurationNs(850)).toBe('850 ns');
    expect(formatDurationNs(1_500)).toBe('1.5 µs');
    expect(formatDurationNs(250_000)).toBe('250 µs');
    expect(formatDurationNs(1_234_567)).toBe('1.23 ms');
    expect(formatDurationNs(42_000_000)).toBe('42 ms');
    expect(formatDurationNs(1_250_000_000)).toBe('1.25 s');
    expect(formatDurationNs(125e9)).toBe('2 min 5 s');
    expect(formatDurationNs(null)).toBe('–');
  });

  it('writes slow rates per minute and small error ratios without rounding them to zero', () => {
    expect(formatRate(0.05)).toBe('3/min');
    expect(formatRate(2.5)).toBe('2.5/s');
    expect(formatRate(1234)).toBe('1234/s');
    expect(formatPercent(0.0004)).toBe('< 0.1%');
    expect(formatPercent(0.025)).toBe('2.5%');
    expect(formatPercent(null)).toBe('–');
  });

  it('writes a count with its noun in the singular only for one', () => {
    expect(formatCounted(1, 'span')).toBe('1 span');
    expect(formatCounted(0, 'service')).toBe('0 services');
    expect(formatCounted(2048, 'span')).toBe('2,048 spans');
  });

  it('says how long ago something started', () => {
    expect(formatAgo(1_000, 31_000)).toBe('30 s ago');
    expect(formatAgo(0, 3 * 3600_000)).toBe('3 h ago');
  });
});
