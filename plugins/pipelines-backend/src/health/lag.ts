import { PartitionLag } from '@paved/plugin-pipelines-common';
import { PartitionOffsets } from '../kafka/types';

/**
 * Lag of one partition, counting only messages that exist: a group that never committed is
 * behind by everything still in the log (no arithmetic on Kafka's -1), and a committed offset
 * below the log start after retention counts from the log start.
 */
export function partitionLag(
  offsets: PartitionOffsets,
  committed: number | null | undefined,
): PartitionLag {
  const known =
    committed !== null && committed !== undefined && committed >= 0
      ? committed
      : null;
  const position = Math.min(
    offsets.end,
    Math.max(offsets.start, known ?? offsets.start),
  );
  return {
    partition: offsets.partition,
    startOffset: offsets.start,
    endOffset: offsets.end,
    committedOffset: known,
    lag: offsets.end - position,
    leader: offsets.leader,
  };
}

/** Sums of one input's partitions: where the log ends and where the group effectively is. */
export function sums(partitions: PartitionLag[]): {
  endSum: number;
  positionSum: number;
  lag: number;
} {
  let endSum = 0;
  let lag = 0;
  for (const p of partitions) {
    endSum += p.endOffset;
    lag += p.lag;
  }
  return { endSum, positionSum: endSum - lag, lag };
}

/**
 * How long ago the producer was where the consumer is now: find the moment the log end (summed
 * over partitions) passed the group's position, interpolating between samples; before the first
 * sample, extrapolate at the observed produce rate. Returns null when the history cannot tell.
 */
export function estimateLagSeconds(options: {
  history: Array<{ at: Date; endSum: number }>;
  now: Date;
  endSum: number;
  positionSum: number;
}): number | null {
  const { now, endSum, positionSum } = options;
  if (positionSum >= endSum) return 0;
  const points = [
    ...options.history.filter(h => h.at < now),
    { at: now, endSum },
  ].sort((a, b) => a.at.getTime() - b.at.getTime());
  for (let i = points.length - 2; i >= 0; i--) {
    const a = points[i];
    const b = points[i + 1];
    if (a.endSum <= positionSum && b.endSum > positionSum) {
      const fraction = (positionSum - a.endSum) / (b.endSum - a.endSum);
      const at = a.at.getTime() + fraction * (b.at.getTime() - a.at.getTime());
      return Math.max(0, (now.getTime() - at) / 1000);
    }
  }
  // Behind even the oldest sample: extrapolate at the average produce rate over the history.
  const first = points[0];
  const last = points[points.length - 1];
  const span = (last.at.getTime() - first.at.getTime()) / 1000;
  const rate = span > 0 ? (last.endSum - first.endSum) / span : 0;
  if (rate <= 0) return null;
  return (
    (now.getTime() - first.at.getTime()) / 1000 +
    (first.endSum - positionSum) / rate
  );
}
