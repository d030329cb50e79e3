/*
 * The latency histogram of the RED rollups: log-scale buckets, eight per doubling from one
 * microsecond, so a percentile read back from it is within 4.5% of the exact one.
 */

const PER_DOUBLING = 8;

/** The bucket a duration falls in: 0 below 1 us, else floor(8 log2(us)) + 1. */
export function latencyBucket(durationNs: number): number {
  const us = durationNs / 1000;
  if (us < 1) return 0;
  return Math.floor(Math.log2(us) * PER_DOUBLING) + 1;
}

/** A duration standing for bucket `le`, in milliseconds: the geometric middle of its range. */
export function bucketValueMs(le: number): number {
  if (le <= 0) return 0.0005;
  return 2 ** ((le - 0.5) / PER_DOUBLING) / 1000;
}

/** The q-quantile (0..1) of a histogram given as bucket -> count; null when it is empty. */
export function quantileMs(
  counts: Map<number, number>,
  q: number,
): number | null {
  let total = 0;
  for (const c of counts.values()) total += c;
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (const le of [...counts.keys()].sort((a, b) => a - b)) {
    seen += counts.get(le)!;
    if (seen >= rank) return bucketValueMs(le);
  }
  return null;
}
