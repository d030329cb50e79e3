// The windows the Traces and Dependencies tabs offer, each with a RED step that gives 30 to 100
// points: enough to see a spike, few enough to hover one.
const MIN = 60_000;

export interface TimeRange {
  key: string;
  label: string;
  ms: number;
  stepMs: number;
}

export const TIME_RANGES: TimeRange[] = [
  { key: '15m', label: 'Last 15 minutes', ms: 15 * MIN, stepMs: 30_000 },
  { key: '1h', label: 'Last hour', ms: 60 * MIN, stepMs: MIN },
  { key: '6h', label: 'Last 6 hours', ms: 360 * MIN, stepMs: 5 * MIN },
  { key: '24h', label: 'Last 24 hours', ms: 1440 * MIN, stepMs: 15 * MIN },
  { key: '7d', label: 'Last 7 days', ms: 7 * 1440 * MIN, stepMs: 120 * MIN },
];

export const DEFAULT_RANGE = TIME_RANGES[1];

export function timeRangeOf(key: string | null | undefined): TimeRange {
  return TIME_RANGES.find(r => r.key === key) ?? DEFAULT_RANGE;
}

/**
 * The window ending now, its end rounded up to a whole step so that RED points start on step
 * boundaries and a refresh moves the charts by whole steps.
 */
export function windowOf(range: TimeRange, now = Date.now()) {
  const to = Math.ceil(now / range.stepMs) * range.stepMs;
  return { from: to - range.ms, to };
}
