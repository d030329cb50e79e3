import { LoggerService } from '@backstage/backend-plugin-api';
import { Admin, AssignerProtocol, Kafka, logLevel } from 'kafkajs';
import { KafkaClusterConfig } from '../config';
import { ClusterRead, GroupRead, KafkaLagSource, TopicRead } from './types';

function describe(error: unknown): string {
  const e = error as { message?: string; type?: string; cause?: { message?: string } };
  const base = e?.message ?? String(error);
  return e?.cause?.message && !base.includes(e.cause.message) ? `${base} (${e.cause.message})` : base;
}

/**
 * Reads lag from Kafka with kafkajs' admin client: topic metadata (leaders), start and end
 * offsets per partition, each group's committed offsets and its state and members. One admin
 * client per cluster, kept connected between polls.
 */
export class KafkajsLagSource implements KafkaLagSource {
  private readonly admins = new Map<string, { admin: Admin; connected: boolean; requests: number }>();

  constructor(
    private readonly clusters: KafkaClusterConfig[],
    private readonly logger: LoggerService,
  ) {}

  private async admin(cluster: string) {
    const config = this.clusters.find(c => c.name === cluster);
    if (!config) throw new Error(`No Kafka cluster named '${cluster}' is configured`);
    let entry = this.admins.get(cluster);
    if (!entry) {
      const kafka = new Kafka({
        clientId: 'paved-pipelines',
        brokers: config.brokers,
        ssl: config.ssl as any,
        sasl: config.sasl as any,
        connectionTimeout: config.connectionTimeoutMs,
        requestTimeout: config.requestTimeoutMs,
        retry: { retries: 1, initialRetryTime: 200, maxRetryTime: 1000 },
        logLevel: logLevel.NOTHING,
      });
      const admin = kafka.admin();
      entry = { admin, connected: false, requests: 0 };
      const counted = entry;
      admin.on(admin.events.REQUEST, () => {
        counted.requests += 1;
      });
      admin.on(admin.events.DISCONNECT, () => {
        counted.connected = false;
      });
      this.admins.set(cluster, entry);
    }
    if (!entry.connected) {
      await entry.admin.connect();
      entry.connected = true;
    }
    return entry;
  }

  async read(request: {
    cluster: string;
    topics: string[];
    groups: Array<{ groupId: string; topics: string[] }>;
  }): Promise<ClusterRead> {
    const entry = await this.admin(request.cluster).catch(error => {
      // A failed connect leaves the client unusable; start afresh next time.
      this.admins.delete(request.cluster);
      throw new Error(`Cannot reach Kafka cluster '${request.cluster}': ${describe(error)}`);
    });
    const { admin } = entry;
    const before = entry.requests;
    const topics: Record<string, TopicRead> = {};
    const groups: ClusterRead['groups'] = {};

    const uniqueTopics = [...new Set(request.topics)];
    const metadata = new Map<string, Array<{ partitionId: number; leader: number }>>();
    try {
      const existing = new Set(await admin.listTopics());
      for (const topic of uniqueTopics) {
        if (!existing.has(topic)) topics[topic] = { error: `topic '${topic}' does not exist on cluster '${request.cluster}'` };
      }
      const present = uniqueTopics.filter(t => existing.has(t));
      if (present.length) {
        const md = await admin.fetchTopicMetadata({ topics: present });
        for (const t of md.topics) metadata.set(t.name, t.partitions);
      }
    } catch (error) {
      throw new Error(`Cannot read topic metadata from cluster '${request.cluster}': ${describe(error)}`);
    }

    await Promise.all(
      [...metadata.entries()].map(async ([topic, partitions]) => {
        const leaderless = partitions.filter(p => p.leader === undefined || p.leader < 0).map(p => p.partitionId);
        if (leaderless.length > 0) {
          topics[topic] = {
            error: `partition${leaderless.length > 1 ? 's' : ''} ${leaderless.sort((a, b) => a - b).join(', ')} of '${topic}' ${leaderless.length > 1 ? 'have' : 'has'} no leader`,
          };
          return;
        }
        try {
          const offsets = await admin.fetchTopicOffsets(topic);
          const leaders = new Map(partitions.map(p => [p.partitionId, p.leader]));
          topics[topic] = {
            partitions: offsets
              .map(o => ({
                partition: o.partition,
                start: Number(o.low),
                end: Number(o.high),
                leader: leaders.get(o.partition) ?? null,
              }))
              .sort((a, b) => a.partition - b.partition),
          };
        } catch (error) {
          topics[topic] = { error: `cannot read offsets of '${topic}': ${describe(error)}` };
        }
      }),
    );

    const groupIds = [...new Set(request.groups.map(g => g.groupId))];
    let described = new Map<string, GroupRead>();
    if (groupIds.length) {
      try {
        const { groups: list } = await admin.describeGroups(groupIds);
        described = new Map(
          list.map(g => [
            g.groupId,
            {
              state: g.state || 'Unknown',
              members: g.members.map(m => {
                let assignment: Record<string, number[]> = {};
                try {
                  assignment = m.memberAssignment?.length
                    ? (AssignerProtocol.MemberAssignment.decode(m.memberAssignment)?.assignment ?? {})
                    : {};
                } catch {
                  // Non-consumer protocols (e.g. Connect) carry other payloads; no partitions then.
                  assignment = {};
                }
                return { memberId: m.memberId, clientId: m.clientId, host: m.clientHost, assignment };
              }),
              offsets: {},
            },
          ]),
        );
      } catch (error) {
        for (const g of groupIds) groups[g] = { error: `cannot describe consumer group: ${describe(error)}` };
      }
    }
    await Promise.all(
      request.groups.map(async ({ groupId, topics: groupTopics }) => {
        if ('error' in (groups[groupId] ?? {})) return;
        const base = described.get(groupId) ?? { state: 'Unknown', members: [], offsets: {} };
        const wanted = groupTopics.filter(t => topics[t] && !('error' in topics[t]));
        try {
          const fetched = wanted.length ? await admin.fetchOffsets({ groupId, topics: wanted }) : [];
          const offsets: GroupRead['offsets'] = { ...(groups[groupId] as GroupRead | undefined)?.offsets };
          for (const t of fetched) {
            offsets[t.topic] = Object.fromEntries(
              t.partitions.map(p => [p.partition, Number(p.offset) >= 0 ? Number(p.offset) : null]),
            );
          }
          groups[groupId] = { ...base, offsets };
        } catch (error) {
          groups[groupId] = { error: `cannot read offsets of consumer group '${groupId}': ${describe(error)}` };
        }
      }),
    );

    return { topics, groups, requests: entry.requests - before, readAt: new Date() };
  }

  async listTopics(cluster: string) {
    const { admin } = await this.admin(cluster);
    const names = (await admin.listTopics()).filter(n => !n.startsWith('__'));
    if (!names.length) return [];
    const md = await admin.fetchTopicMetadata({ topics: names });
    return md.topics
      .map(t => ({ name: t.name, partitions: t.partitions.length }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  async listGroups(cluster: string) {
    const { admin } = await this.admin(cluster);
    const { groups } = await admin.listGroups();
    const consumerGroups = groups.filter(g => g.protocolType === 'consumer' || g.protocolType === '');
    const states = consumerGroups.length
      ? new Map((await admin.describeGroups(consumerGroups.map(g => g.groupId))).groups.map(g => [g.groupId, g.state]))
      : new Map<string, string>();
    return Promise.all(
      consumerGroups.map(async g => {
        const offsets = await admin.fetchOffsets({ groupId: g.groupId }).catch(() => []);
        return {
          groupId: g.groupId,
          state: states.get(g.groupId) ?? 'Unknown',
          topics: offsets.filter(t => t.partitions.some(p => Number(p.offset) >= 0)).map(t => t.topic),
        };
      }),
    ).then(list => list.sort((a, b) => a.groupId.localeCompare(b.groupId)));
  }

  async close(): Promise<void> {
    await Promise.all(
      [...this.admins.values()].map(e =>
        e.admin.disconnect().catch(error => this.logger.warn('Could not disconnect from Kafka', { error: describe(error) })),
      ),
    );
    this.admins.clear();
  }
}
