/** One partition of a topic as the brokers report it. */
export interface PartitionOffsets {
  partition: number;
  /** Log start offset: the oldest message still kept. */
  start: number;
  /** Log end offset: where the next message will go. */
  end: number;
  /** Leader node id; null when the partition has none. */
  leader: number | null;
}

export type TopicRead = { partitions: PartitionOffsets[] } | { error: string };

export interface GroupRead {
  state: string;
  members: Array<{
    memberId: string;
    clientId: string;
    host: string;
    assignment: Record<string, number[]>;
  }>;
  /** topic -> partition -> committed offset (null: never committed). */
  offsets: Record<string, Record<number, number | null>>;
}

/** What one poll learned about a cluster: per topic and per group, numbers or why not. */
export interface ClusterRead {
  topics: Record<string, TopicRead>;
  groups: Record<string, GroupRead | { error: string }>;
  /** Requests sent to the brokers for this read. */
  requests: number;
  readAt: Date;
}

/**
 * Reads offsets and consumer-group state from one Kafka cluster. The real implementation uses
 * kafkajs' admin client; tests of the arithmetic use fixed reads.
 */
export interface KafkaLagSource {
  read(request: {
    cluster: string;
    topics: string[];
    groups: Array<{ groupId: string; topics: string[] }>;
  }): Promise<ClusterRead>;
  listTopics(
    cluster: string,
  ): Promise<Array<{ name: string; partitions: number }>>;
  listGroups(
    cluster: string,
  ): Promise<Array<{ groupId: string; state: string; topics: string[] }>>;
  /** Disconnects every admin client. */
  close(): Promise<void>;
}
