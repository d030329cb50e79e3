/** Fixed digits without the trailing zeros: 1.50 -> 1.5, 2.00 -> 2, 250 stays 250. */
const trim = (n: number, digits: number) => {
  const fixed = n.toFixed(digits);
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
};

/** A duration given in nanoseconds, in the unit a reader expects for its size. */
export function formatDurationNs(ns: number | null | undefined): string {
  if (ns === null || ns === undefined || !Number.isFinite(ns)) return '–';
  if (ns < 1_000) return `${Math.round(ns)} ns`;
  if (ns < 1_000_000) return `${trim(ns / 1_000, ns < 10_000 ? 1 : 0)} µs`;
  if (ns < 1e9) {
    // Three significant digits: 1.23 ms, 12.3 ms, 123 ms.
    return `${trim(
      ns / 1e6,
      Math.max(0, 2 - Math.floor(Math.log10(ns / 1e6))),
    )} ms`;
  }
  if (ns < 60e9) return `${trim(ns / 1e9, 2)} s`;
  const s = Math.round(ns / 1e9);
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}

export const formatDurationMs = (ms: number | null | undefined) =>
  ms === null || ms === undefined ? '–' : formatDurationNs(ms * 1e6);

export function formatRate(perSecond: number | null | undefined): string {
  if (perSecond === null || perSecond === undefined) return '–';
  if (perSecond === 0) return '0/s';
  if (perSecond < 0.1) return `${trim(perSecond * 60, 1)}/min`;
  return `${trim(perSecond, perSecond < 10 ? 2 : 0)}/s`;
}

export function formatPercent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined) return '–';
  const pct = ratio * 100;
  if (pct === 0) return '0%';
  if (pct < 0.1) return '< 0.1%';
  return `${trim(pct, pct < 10 ? 1 : 0)}%`;
}

export const formatCount = (n: number) => n.toLocaleString('en-US');

/** A count and its noun, e.g. "1 span", "2,048 spans"; `plural` for nouns that are not noun + s. */
export function formatCounted(n: number, noun: string, plural = `${noun}s`) {
  return `${formatCount(n)} ${n === 1 ? noun : plural}`;
}

/** Clock time for axes and lists; the date too when the window spans days. */
export function formatClock(t: number, withDate = false): string {
  return new Date(t).toLocaleString([], {
    ...(withDate ? { month: 'short', day: 'numeric' } : {}),
    hour: '2-digit',
    minute: '2-digit',
  });
}

export function formatAgo(t: number, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86400)} d ago`;
}
