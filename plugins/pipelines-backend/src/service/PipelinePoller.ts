import { LoggerService } from '@backstage/backend-plugin-api';
import {
  PipelineEntity,
  pipelineClusterOf,
  pipelineRef,
} from '@paved/plugin-paved-common';
import {
  ConsumerGroupState,
  PipelineHealth,
  TopicLag,
} from '@paved/plugin-pipelines-common';
import { PipelinesConfig } from '../config';
import { PipelineStore, SampleWrite } from '../database/PipelineStore';
import { estimateLagSeconds, partitionLag, sums } from '../health/lag';
import { evaluateHealth } from '../health/evaluate';
import { ClusterRead, GroupRead, KafkaLagSource } from '../kafka/types';

/** How far back lag in time is looked up; older positions are extrapolated. */
const TIME_LAG_WINDOW_MS = 24 * 60 * 60 * 1000;
const WORST_PARTITIONS = 5;

export interface PollResult {
  pipelines: number;
  clusters: number;
  requests: number;
  durationMs: number;
}

/**
 * Reads every pipeline's lag from its Kafka cluster, one read per cluster for all of its
 * pipelines, derives health and stores it with the history. A cluster that cannot be read makes
 * its pipelines `unknown` with the reason, and the other clusters are still read.
 */
export class PipelinePoller {
  constructor(
    private readonly options: {
      store: PipelineStore;
      source: KafkaLagSource;
      config: PipelinesConfig;
      logger: LoggerService;
      listPipelines: () => Promise<PipelineEntity[]>;
    },
  ) {}

  clusterOf(entity: PipelineEntity): string | undefined {
    return pipelineClusterOf(entity) ?? this.options.config.defaultCluster;
  }

  private inFlight?: Promise<PollResult>;

  /**
   * Polls every pipeline. Calls while a poll runs share it: the schedule and people asking for a
   * fresh reading at once cost the brokers one poll.
   */
  pollAll(): Promise<PollResult> {
    this.inFlight ??= this.pollAllNow().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async pollAllNow(): Promise<PollResult> {
    const result = await this.poll(await this.options.listPipelines());
    const cutoff = new Date(
      Date.now() - this.options.config.retentionDays * 86_400_000,
    );
    const pruned = await this.options.store.prune(cutoff);
    if (pruned)
      this.options.logger.info('Pruned old lag samples', { rows: pruned });
    return result;
  }

  async poll(pipelines: PipelineEntity[]): Promise<PollResult> {
    const started = Date.now();
    const byCluster = new Map<string, PipelineEntity[]>();
    const unconfigured: PipelineEntity[] = [];
    const known = new Set(this.options.config.clusters.map(c => c.name));
    for (const p of pipelines) {
      const cluster = this.clusterOf(p);
      if (!cluster || !known.has(cluster)) {
        unconfigured.push(p);
        continue;
      }
      byCluster.set(cluster, [...(byCluster.get(cluster) ?? []), p]);
    }
    const now = new Date();
    const entries: Array<{ health: PipelineHealth; sample: SampleWrite }> = [];
    for (const p of unconfigured) {
      const cluster = this.clusterOf(p);
      const reason = cluster
        ? `Kafka cluster '${cluster}' is not configured (pipelines.kafka.clusters)`
        : 'No Kafka cluster is configured (pipelines.kafka.clusters)';
      entries.push(await this.unknown(p, cluster ?? '', now, [reason]));
    }
    let requests = 0;
    const perCluster = await Promise.all(
      [...byCluster.entries()].map(async ([cluster, list]) => {
        let read: ClusterRead;
        try {
          read = await this.options.source.read({
            cluster,
            ...this.requestFor(list),
          });
        } catch (error) {
          this.options.logger.warn('Could not read a Kafka cluster', {
            cluster,
            error: String(error),
          });
          return Promise.all(
            list.map(p =>
              this.unknown(p, cluster, now, [(error as Error).message]),
            ),
          );
        }
        requests += read.requests;
        return Promise.all(list.map(p => this.evaluate(p, cluster, read)));
      }),
    );
    entries.push(...perCluster.flat());
    await this.options.store.recordPoll(entries);
    return {
      pipelines: pipelines.length,
      clusters: byCluster.size,
      requests,
      durationMs: Date.now() - started,
    };
  }

  private requestFor(list: PipelineEntity[]) {
    const topics = new Set<string>();
    const groups = new Map<string, Set<string>>();
    for (const p of list) {
      for (const input of p.spec.inputs) {
        topics.add(input.topic);
        groups.set(
          input.consumerGroup,
          (groups.get(input.consumerGroup) ?? new Set()).add(input.topic),
        );
      }
      for (const output of p.spec.outputs) topics.add(output.topic);
    }
    return {
      topics: [...topics],
      groups: [...groups.entries()].map(([groupId, t]) => ({
        groupId,
        topics: [...t],
      })),
    };
  }

  private async unknown(
    p: PipelineEntity,
    cluster: string,
    now: Date,
    reasons: string[],
  ) {
    const entityRef = pipelineRef(p);
    const health: PipelineHealth = {
      entityRef,
      cluster,
      status: 'unknown',
      reasons,
      lag: { messages: null, seconds: null },
      slo: p.spec.slo,
      topics: p.spec.inputs.map(i => ({
        topic: i.topic,
        consumerGroup: i.consumerGroup,
        lag: null,
        lagSeconds: null,
        partitions: [],
        error: reasons[0],
      })),
      throughput: {
        inputPerSecond: null,
        consumedPerSecond: null,
        outputPerSecond: null,
      },
      groups: [],
      sampledAt: now.toISOString(),
    };
    return {
      health,
      sample: this.sampleOf(health, now, null, null, null, [], []),
    };
  }

  private async evaluate(
    p: PipelineEntity,
    cluster: string,
    read: ClusterRead,
  ) {
    const entityRef = pipelineRef(p);
    const now = read.readAt;
    const topics: TopicLag[] = [];
    const inputs: SampleWrite['inputs'] = [];
    let inputEndSum = 0;
    let positionSum = 0;
    for (const input of p.spec.inputs) {
      const topic = read.topics[input.topic];
      const group = read.groups[input.consumerGroup];
      let error: string | undefined;
      if (!topic) error = 'not read';
      else if ('error' in topic) error = topic.error;
      else if (group && 'error' in group) error = group.error;
      if (error || !topic || 'error' in topic) {
        topics.push({
          topic: input.topic,
          consumerGroup: input.consumerGroup,
          lag: null,
          lagSeconds: null,
          partitions: [],
          error,
        });
        continue;
      }
      const committed =
        (group as GroupRead | undefined)?.offsets[input.topic] ?? {};
      const partitions = topic.partitions.map(part =>
        partitionLag(part, committed[part.partition]),
      );
      const s = sums(partitions);
      const history = await this.options.store.inputHistory({
        entityRef,
        topic: input.topic,
        consumerGroup: input.consumerGroup,
        since: new Date(now.getTime() - TIME_LAG_WINDOW_MS),
      });
      topics.push({
        topic: input.topic,
        consumerGroup: input.consumerGroup,
        lag: s.lag,
        lagSeconds: estimateLagSeconds({
          history,
          now,
          endSum: s.endSum,
          positionSum: s.positionSum,
        }),
        partitions,
      });
      inputs.push({
        topic: input.topic,
        consumerGroup: input.consumerGroup,
        endSum: s.endSum,
        positionSum: s.positionSum,
      });
      inputEndSum += s.endSum;
      positionSum += s.positionSum;
    }
    let outputEndSum: number | null = p.spec.outputs.length ? 0 : null;
    for (const output of p.spec.outputs) {
      const t = read.topics[output.topic];
      if (!t || 'error' in t || outputEndSum === null) {
        outputEndSum = null;
        continue;
      }
      outputEndSum += t.partitions.reduce((n, part) => n + part.end, 0);
    }
    const groups: ConsumerGroupState[] = [
      ...new Set(p.spec.inputs.map(i => i.consumerGroup)),
    ].map(groupId => {
      const g = read.groups[groupId];
      return g && !('error' in g)
        ? { groupId, state: g.state, members: g.members }
        : { groupId, state: 'Unknown', members: [] };
    });
    const verdict = evaluateHealth({
      topics,
      groups,
      slo: p.spec.slo,
      type: p.spec.type,
      failingFactor: this.options.config.failingFactor,
    });
    const readable = topics.every(t => !t.error);
    const previous = await this.options.store.latestSample(entityRef);
    const rate = (
      current: number | null,
      before: number | null | undefined,
    ) => {
      if (
        !previous ||
        current === null ||
        before === null ||
        before === undefined
      )
        return null;
      const seconds = (now.getTime() - previous.sampledAt.getTime()) / 1000;
      return seconds > 0 && current >= before
        ? (current - before) / seconds
        : null;
    };
    const health: PipelineHealth = {
      entityRef,
      cluster,
      status: verdict.status,
      reasons: verdict.reasons,
      lag: { messages: verdict.lagMessages, seconds: verdict.lagSeconds },
      slo: p.spec.slo,
      topics,
      throughput: {
        inputPerSecond: readable
          ? rate(inputEndSum, previous?.inputEndSum)
          : null,
        consumedPerSecond: readable
          ? rate(positionSum, previous?.positionSum)
          : null,
        outputPerSecond: rate(outputEndSum, previous?.outputEndSum),
      },
      groups,
      sampledAt: now.toISOString(),
    };
    const worst = topics
      .flatMap(t =>
        t.partitions.map(part => ({
          topic: t.topic,
          partition: part.partition,
          lag: part.lag,
        })),
      )
      .filter(x => x.lag > 0)
      .sort((a, b) => b.lag - a.lag)
      .slice(0, WORST_PARTITIONS);
    return {
      health,
      sample: this.sampleOf(
        health,
        now,
        readable ? inputEndSum : null,
        readable ? positionSum : null,
        outputEndSum,
        worst,
        inputs,
      ),
    };
  }

  private sampleOf(
    health: PipelineHealth,
    now: Date,
    inputEndSum: number | null,
    positionSum: number | null,
    outputEndSum: number | null,
    worstPartitions: SampleWrite['worstPartitions'],
    inputs: SampleWrite['inputs'],
  ): SampleWrite {
    return {
      entityRef: health.entityRef,
      sampledAt: now,
      status: health.status,
      lagMessages: health.lag.messages,
      lagSeconds: health.lag.seconds,
      inputEndSum,
      positionSum,
      outputEndSum,
      inputPerSecond: health.throughput.inputPerSecond,
      consumedPerSecond: health.throughput.consumedPerSecond,
      outputPerSecond: health.throughput.outputPerSecond,
      worstPartitions,
      inputs,
    };
  }
}
