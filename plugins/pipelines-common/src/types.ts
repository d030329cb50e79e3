import { HealthStatus, PipelineEntity } from '@paved/plugin-paved-common';

/**
 * One partition of an input topic as the consumer group sees it. `committedOffset` is null where
 * the group never committed; `lag` then counts every message that exists in the partition.
 *
 * @public
 */
export interface PartitionLag {
  partition: number;
  startOffset: number;
  endOffset: number;
  committedOffset: number | null;
  lag: number;
  /** Node id of the partition's leader; -1 or null when it has none. */
  leader?: number | null;
}

/** @public */
export interface TopicLag {
  topic: string;
  consumerGroup: string;
  /** Sum of the partitions' lag; null when the numbers could not be read. */
  lag: number | null;
  /** How long ago the producer was where the consumer is now, in seconds; null when unknown. */
  lagSeconds: number | null;
  partitions: PartitionLag[];
  /** Why the numbers could not be read, when they could not. */
  error?: string;
}

/** @public */
export interface GroupMember {
  memberId: string;
  clientId: string;
  host: string;
  /** topic -> partitions assigned to this member. */
  assignment: Record<string, number[]>;
}

/** @public */
export interface ConsumerGroupState {
  groupId: string;
  /** Kafka's state name (Stable, Empty, PreparingRebalance, Dead, ...), or Unknown. */
  state: string;
  members: GroupMember[];
}

/**
 * Health of one pipeline from one poll: `GET /api/pipelines/pipelines/:namespace/:name/health`.
 *
 * @public
 */
export interface PipelineHealth {
  entityRef: string;
  cluster: string;
  status: HealthStatus;
  /** Why, in sentences, most important first. */
  reasons: string[];
  lag: { messages: number | null; seconds: number | null };
  slo: { maxLagMessages?: number; maxLagSeconds?: number };
  topics: TopicLag[];
  throughput: {
    /** Messages per second arriving in the input topics. */
    inputPerSecond: number | null;
    /** Messages per second the groups committed past. */
    consumedPerSecond: number | null;
    /** Messages per second arriving in the output topics. */
    outputPerSecond: number | null;
  };
  groups: ConsumerGroupState[];
  /** When the numbers were read from Kafka; absent before the first poll. */
  sampledAt?: string;
}

/**
 * One point of a pipeline's history: `GET .../history`.
 *
 * @public
 */
export interface PipelineSample {
  sampledAt: string;
  status: HealthStatus;
  lagMessages: number | null;
  lagSeconds: number | null;
  inputPerSecond: number | null;
  consumedPerSecond: number | null;
  outputPerSecond: number | null;
  /** The partitions furthest behind at that moment, worst first. */
  worstPartitions: Array<{ topic: string; partition: number; lag: number }>;
}

/** @public */
export interface PipelineHistory {
  entityRef: string;
  samples: PipelineSample[];
}

/**
 * A pipeline registered through the portal (rather than in a repository's descriptor).
 *
 * @public
 */
export interface RegisteredPipeline {
  entityRef: string;
  entity: PipelineEntity;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/** @public */
export interface KafkaClusterInfo {
  name: string;
  brokers: string[];
  isDefault: boolean;
}

/** @public */
export interface KafkaTopicInfo {
  name: string;
  partitions: number;
}

/** @public */
export interface KafkaGroupInfo {
  groupId: string;
  state: string;
  /** Topics the group has committed offsets for. */
  topics: string[];
}

/**
 * Event topic the pipelines backend publishes on when registered pipelines change, so the
 * catalog picks them up at once instead of at its next scheduled read.
 *
 * @public
 */
export const PIPELINES_CHANGED_EVENT_TOPIC = 'paved.pipelines.changed';

/**
 * A Pipeline descriptor the catalog refused, as the catalog reported it: `GET /catalog-errors`.
 *
 * @public
 */
export interface PipelineCatalogError {
  entityRef: string;
  /** Where the descriptor was read from, e.g. `url:https://.../catalog-info.yaml`. */
  location?: string;
  /** The catalog's messages, each naming the field at fault. */
  errors: string[];
  /** When the catalog last reported them. */
  seenAt: string;
}
