import { formatCount, formatRate, formatSeconds } from './format';

describe('format', () => {
  it('shows a dash for values that were not measured rather than zero', () => {
    expect(formatCount(null)).toBe('–');
    expect(formatSeconds(undefined)).toBe('–');
    expect(formatRate(null)).toBe('–');
  });

  it('groups counts and picks a readable unit for durations and rates', () => {
    expect(formatCount(1234567.4)).toBe('1,234,567');
    expect(formatSeconds(0.2)).toBe('< 1 s');
    expect(formatSeconds(90)).toBe('90 s');
    expect(formatSeconds(600)).toBe('10 min');
    expect(formatSeconds(4 * 3600)).toBe('4.0 h');
    expect(formatRate(2.345)).toBe('2.3/s');
    expect(formatRate(12345.6)).toBe('12,346/s');
  });
});
