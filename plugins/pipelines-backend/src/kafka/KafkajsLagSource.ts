import { LoggerService } from '@backstage/backend-plugin-api';
import {
  Admin,
  AssignerProtocol,
  Kafka,
  KafkaConfig,
  RetryOptions,
  logLevel,
} from 'kafkajs';
import { KafkaClusterConfig } from '../config';
import {
  ClusterRead,
  GroupRead,
  KafkaLagSource,
  PartitionOffsets,
  TopicRead,
} from './types';

function describe(error: unknown): string {
  const e = error as {
    message?: string;
    type?: string;
    cause?: { message?: string };
  };
  const base = e?.message ?? String(error);
  return e?.cause?.message && !base.includes(e.cause.message)
    ? `${base} (${e.cause.message})`
    : base;
}

const ISOLATED_CONCURRENCY = 4;

function adminFor(config: KafkaClusterConfig, retry: RetryOptions): Admin {
  return new Kafka({
    clientId: 'paved-pipelines',
    brokers: config.brokers,
    ssl: config.ssl as KafkaConfig['ssl'],
    sasl: config.sasl as KafkaConfig['sasl'],
    connectionTimeout: config.connectionTimeoutMs,
    requestTimeout: config.requestTimeoutMs,
    retry,
    logLevel: logLevel.NOTHING,
  }).admin();
}

function withLeaders(
  offsets: Array<{ partition: number; low: string; high: string }>,
  metadata: Array<{ partitionId: number; leader: number }>,
): PartitionOffsets[] {
  const leaders = new Map(metadata.map(p => [p.partitionId, p.leader]));
  return offsets
    .map(o => ({
      partition: o.partition,
      start: Number(o.low),
      end: Number(o.high),
      leader: leaders.get(o.partition) ?? null,
    }))
    .sort((a, b) => a.partition - b.partition);
}

/**
 * Reads lag from Kafka with kafkajs' admin client: topic metadata (leaders), start and end
 * offsets per partition, each group's committed offsets and its state and members. One admin
 * client per cluster, kept connected between polls.
 */
export class KafkajsLagSource implements KafkaLagSource {
  private readonly admins = new Map<
    string,
    { admin: Admin; connected: boolean; requests: number }
  >();

  constructor(
    private readonly clusters: KafkaClusterConfig[],
    private readonly logger: LoggerService,
  ) {}

  private async admin(cluster: string) {
    const config = this.clusters.find(c => c.name === cluster);
    if (!config)
      throw new Error(`No Kafka cluster named '${cluster}' is configured`);
    let entry = this.admins.get(cluster);
    if (!entry) {
      const admin = adminFor(config, {
        retries: 1,
        initialRetryTime: 200,
        maxRetryTime: 1000,
      });
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

  /**
   * A client of its own for one job, without retries, for reads that must not disturb the shared
   * client: kafkajs remembers every topic a client asked about and refreshes their metadata
   * together, so after one topic's partition loses its leader, every later call of that client
   * fails, including calls about healthy topics.
   */
  private async isolated<T>(
    cluster: string,
    counter: { requests: number },
    fn: (admin: Admin) => Promise<T>,
  ) {
    const config = this.clusters.find(c => c.name === cluster)!;
    const admin = adminFor(config, { retries: 0 });
    admin.on(admin.events.REQUEST, () => {
      counter.requests += 1;
    });
    try {
      await admin.connect();
      return await fn(admin);
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  private async dropAdmin(cluster: string) {
    const entry = this.admins.get(cluster);
    this.admins.delete(cluster);
    await entry?.admin.disconnect().catch(() => undefined);
  }

  /** Start and end offsets of each partition, with its leader, from the shared client. */
  private async readTopics(admin: Admin, cluster: string, wanted: string[]) {
    const topics: Record<string, TopicRead> = {};
    const existing = new Set(await admin.listTopics());
    for (const topic of wanted) {
      if (!existing.has(topic))
        topics[topic] = {
          error: `topic '${topic}' does not exist on cluster '${cluster}'`,
        };
    }
    const present = wanted.filter(t => existing.has(t));
    const metadata = present.length
      ? (await admin.fetchTopicMetadata({ topics: present })).topics
      : [];
    let stale = false;
    await Promise.all(
      metadata.map(async ({ name, partitions }) => {
        try {
          const offsets = await admin.fetchTopicOffsets(name);
          // The offsets follow the client's cached metadata (five minutes old at most), the
          // metadata request above asked the brokers: partitions added since differ.
          if (offsets.length !== partitions.length) stale = true;
          topics[name] = { partitions: withLeaders(offsets, partitions) };
        } catch (error) {
          topics[name] = {
            error: `cannot read the offsets of '${name}': ${describe(error)}`,
          };
        }
      }),
    );
    return { topics, stale };
  }

  /**
   * The same, one topic per client: slower, but a topic whose partition has no leader (a broker
   * is down, or an election is under way) fails alone and says so.
   */
  private async readTopicsOneByOne(
    cluster: string,
    wanted: string[],
    counter: { requests: number },
  ) {
    const topics: Record<string, TopicRead> = {};
    const queue = [...wanted];
    const worker = async () => {
      for (
        let topic = queue.shift();
        topic !== undefined;
        topic = queue.shift()
      ) {
        const name = topic;
        try {
          topics[name] = await this.isolated(cluster, counter, async admin => {
            const {
              topics: [md],
            } = await admin.fetchTopicMetadata({ topics: [name] });
            return {
              partitions: withLeaders(
                await admin.fetchTopicOffsets(name),
                md.partitions,
              ),
            };
          });
        } catch (error) {
          const type =
            (error as { type?: string; cause?: { type?: string } }).cause
              ?.type ?? (error as { type?: string }).type;
          if (type === 'UNKNOWN_TOPIC_OR_PARTITION') {
            topics[name] = {
              error: `topic '${name}' does not exist on cluster '${cluster}'`,
            };
          } else if (
            type === 'LEADER_NOT_AVAILABLE' ||
            type === 'NOT_LEADER_OR_FOLLOWER'
          ) {
            topics[name] = {
              error: `a partition of '${name}' has no leader (a broker is down or a leader election is under way)`,
            };
          } else {
            topics[name] = {
              error: `cannot read '${name}': ${describe(error)}`,
            };
          }
        }
      }
    };
    await Promise.all(
      Array.from(
        { length: Math.min(ISOLATED_CONCURRENCY, wanted.length) },
        worker,
      ),
    );
    return topics;
  }

  async read(request: {
    cluster: string;
    topics: string[];
    groups: Array<{ groupId: string; topics: string[] }>;
  }): Promise<ClusterRead> {
    const counter = { requests: 0 };
    let entry = await this.admin(request.cluster).catch(async error => {
      // A failed connect leaves the client unusable; start afresh next time.
      await this.dropAdmin(request.cluster);
      throw new Error(
        `Cannot reach Kafka cluster '${request.cluster}': ${describe(error)}`,
      );
    });
    let before = entry.requests;
    const uniqueTopics = [...new Set(request.topics)];
    let topics: Record<string, TopicRead>;
    try {
      let read = await this.readTopics(
        entry.admin,
        request.cluster,
        uniqueTopics,
      );
      if (read.stale) {
        // Partitions were added to a topic; a new client knows them all, for the committed
        // offsets below as well.
        counter.requests += entry.requests - before;
        await this.dropAdmin(request.cluster);
        entry = await this.admin(request.cluster);
        before = entry.requests;
        read = await this.readTopics(
          entry.admin,
          request.cluster,
          uniqueTopics,
        );
      }
      topics = read.topics;
    } catch (error) {
      // Listing topics or their metadata fails as a whole when any partition in the answer has
      // no leader. Find out which topics are readable, one client each, and give the shared
      // client (which now remembers the broken topic) up.
      this.logger.warn(
        'Reading Kafka topics together failed; reading them one by one',
        {
          cluster: request.cluster,
          error: describe(error),
        },
      );
      counter.requests += entry.requests - before;
      await this.dropAdmin(request.cluster);
      // A cluster that is gone altogether is said so once, rather than once per topic.
      entry = await this.admin(request.cluster).catch(async e => {
        await this.dropAdmin(request.cluster);
        throw new Error(
          `Cannot reach Kafka cluster '${request.cluster}': ${describe(e)}`,
        );
      });
      before = entry.requests;
      topics = await this.readTopicsOneByOne(
        request.cluster,
        uniqueTopics,
        counter,
      );
      // A client that knows no topic refreshes metadata for all of them, the broken one
      // included, before it can find a group's coordinator: teach it the readable ones.
      await Promise.all(
        Object.entries(topics)
          .filter(([, t]) => !('error' in t))
          .map(([name]) =>
            entry.admin.fetchTopicOffsets(name).catch(() => undefined),
          ),
      );
    }
    const { admin } = entry;
    const groups: ClusterRead['groups'] = {};

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
                    ? AssignerProtocol.MemberAssignment.decode(
                        m.memberAssignment,
                      )?.assignment ?? {}
                    : {};
                } catch {
                  // Non-consumer protocols (e.g. Connect) carry other payloads; no partitions then.
                  assignment = {};
                }
                return {
                  memberId: m.memberId,
                  clientId: m.clientId,
                  host: m.clientHost,
                  assignment,
                };
              }),
              offsets: {},
            },
          ]),
        );
      } catch (error) {
        for (const g of groupIds)
          groups[g] = {
            error: `cannot describe consumer group: ${describe(error)}`,
          };
      }
    }
    await Promise.all(
      request.groups.map(async ({ groupId, topics: groupTopics }) => {
        if ('error' in (groups[groupId] ?? {})) return;
        const base = described.get(groupId) ?? {
          state: 'Unknown',
          members: [],
          offsets: {},
        };
        const wanted = groupTopics.filter(
          t => topics[t] && !('error' in topics[t]),
        );
        try {
          const fetched = wanted.length
            ? await admin.fetchOffsets({ groupId, topics: wanted })
            : [];
          const offsets: GroupRead['offsets'] = {
            ...(groups[groupId] as GroupRead | undefined)?.offsets,
          };
          for (const t of fetched) {
            offsets[t.topic] = Object.fromEntries(
              t.partitions.map(p => [
                p.partition,
                Number(p.offset) >= 0 ? Number(p.offset) : null,
              ]),
            );
          }
          // Groups of Kafka 4's consumer protocol (group.protocol=consumer) are invisible to the
          // classic DescribeGroups kafkajs speaks: "Dead", yet with committed offsets.
          const committed = Object.values(offsets).some(o =>
            Object.values(o).some(v => v !== null),
          );
          const state =
            base.state === 'Dead' && committed ? 'Unknown' : base.state;
          groups[groupId] = { ...base, state, offsets };
        } catch (error) {
          groups[groupId] = {
            error: `cannot read offsets of consumer group '${groupId}': ${describe(
              error,
            )}`,
          };
        }
      }),
    );

    return {
      topics,
      groups,
      requests: counter.requests + entry.requests - before,
      readAt: new Date(),
    };
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
    const consumerGroups = groups.filter(
      g => g.protocolType === 'consumer' || g.protocolType === '',
    );
    const states = consumerGroups.length
      ? new Map(
          (
            await admin.describeGroups(consumerGroups.map(g => g.groupId))
          ).groups.map(g => [g.groupId, g.state]),
        )
      : new Map<string, string>();
    return Promise.all(
      consumerGroups.map(async g => {
        const offsets = await admin
          .fetchOffsets({ groupId: g.groupId })
          .catch(() => []);
        return {
          groupId: g.groupId,
          state: states.get(g.groupId) ?? 'Unknown',
          topics: offsets
            .filter(t => t.partitions.some(p => Number(p.offset) >= 0))
            .map(t => t.topic),
        };
      }),
    ).then(list => list.sort((a, b) => a.groupId.localeCompare(b.groupId)));
  }

  async close(): Promise<void> {
    await Promise.all(
      [...this.admins.values()].map(e =>
        e.admin
          .disconnect()
          .catch(error =>
            this.logger.warn('Could not disconnect from Kafka', {
              error: describe(error),
            }),
          ),
      ),
    );
    this.admins.clear();
  }
}
