import { HealthStatus } from '@paved/plugin-paved-common';
import { ConsumerGroupState, TopicLag } from '@paved/plugin-pipelines-common';

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
function secs(s: number): string {
  if (s < 120) return `${Math.round(s)} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

/**
 * Health of a pipeline from its lag against its SLO. Unknown only when numbers could not be
 * read; lag over the SLO is degraded, and failing beyond `failingFactor` times the SLO,
 * whatever the group's state. A streaming pipeline's group with nobody consuming while
 * messages wait is degraded at least; a batch pipeline's group is empty between runs by design,
 * so only its SLO judges it. Reasons come most important first, remarks last.
 */
export function evaluateHealth(options: {
  topics: TopicLag[];
  groups: ConsumerGroupState[];
  slo: { maxLagMessages?: number; maxLagSeconds?: number };
  failingFactor: number;
  type?: 'streaming' | 'batch';
}): {
  status: HealthStatus;
  reasons: string[];
  lagMessages: number | null;
  lagSeconds: number | null;
} {
  const { topics, groups, slo, failingFactor, type = 'streaming' } = options;
  const unreadable = topics.filter(t => t.error);
  if (unreadable.length > 0) {
    return {
      status: 'unknown',
      reasons: unreadable.map(
        t => `Cannot read ${t.topic} for group ${t.consumerGroup}: ${t.error}`,
      ),
      lagMessages: null,
      lagSeconds: null,
    };
  }
  const lagMessages = topics.reduce((n, t) => n + (t.lag ?? 0), 0);
  const secondsKnown = topics.every(t => t.lagSeconds !== null);
  const lagSeconds = secondsKnown
    ? Math.max(0, ...topics.map(t => t.lagSeconds ?? 0))
    : null;

  const reasons: string[] = [];
  const remarks: string[] = [];
  let ratio = 0;
  if (slo.maxLagMessages !== undefined) {
    const r = lagMessages / slo.maxLagMessages;
    ratio = Math.max(ratio, r);
    if (r > 1) {
      reasons.push(
        `Lag of ${fmt(lagMessages)} messages is over the SLO of ${fmt(
          slo.maxLagMessages,
        )} (${r.toFixed(1)}x)`,
      );
    }
  }
  if (slo.maxLagSeconds !== undefined) {
    if (lagSeconds === null) {
      if (lagMessages > 0) {
        remarks.push(
          `Lag in time cannot be estimated yet (no produce rate observed); ${fmt(
            lagMessages,
          )} messages behind`,
        );
      }
    } else {
      const r = lagSeconds / slo.maxLagSeconds;
      ratio = Math.max(ratio, r);
      if (r > 1) {
        reasons.push(
          `Lag of ${secs(lagSeconds)} is over the SLO of ${secs(
            slo.maxLagSeconds,
          )} (${r.toFixed(1)}x)`,
        );
      }
    }
  }

  let status: HealthStatus = 'healthy';
  if (ratio > failingFactor) status = 'failing';
  else if (ratio > 1) status = 'degraded';
  for (const group of groups) {
    const waiting = topics
      .filter(t => t.consumerGroup === group.groupId)
      .reduce((n, t) => n + (t.lag ?? 0), 0);
    if (group.members.length === 0 && group.state === 'Unknown') {
      remarks.push(
        `The members of consumer group ${group.groupId} cannot be read (it may use Kafka's newer consumer protocol); its lag is measured all the same`,
      );
    } else if (group.members.length === 0) {
      const why =
        group.state === 'Dead'
          ? `Consumer group ${group.groupId} does not exist on the cluster`
          : `Consumer group ${group.groupId} has no active members (state ${group.state})`;
      if (waiting > 0 && type === 'streaming') {
        reasons.push(`${why} while ${fmt(waiting)} messages wait`);
        if (status === 'healthy') status = 'degraded';
      } else {
        remarks.push(
          waiting > 0
            ? `${why}; ${fmt(waiting)} messages wait for the next run`
            : why,
        );
      }
    }
  }
  if (status === 'healthy') {
    const parts = [];
    if (slo.maxLagMessages !== undefined)
      parts.push(`${fmt(lagMessages)} of ${fmt(slo.maxLagMessages)} messages`);
    if (slo.maxLagSeconds !== undefined && lagSeconds !== null)
      parts.push(`${secs(lagSeconds)} of ${secs(slo.maxLagSeconds)}`);
    reasons.unshift(
      parts.length
        ? `Within its SLO: lag ${parts.join(', ')}`
        : `No SLO breach seen: lag ${fmt(lagMessages)} messages`,
    );
  }
  return { status, reasons: [...reasons, ...remarks], lagMessages, lagSeconds };
}
