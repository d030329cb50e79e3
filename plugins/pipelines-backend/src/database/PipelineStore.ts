import { HealthStatus, PipelineEntity } from '@paved/plugin-paved-common';
import {
  PipelineHealth,
  PipelineSample,
  RegisteredPipeline,
} from '@paved/plugin-pipelines-common';

export interface SampleWrite {
  entityRef: string;
  sampledAt: Date;
  status: HealthStatus;
  lagMessages: number | null;
  lagSeconds: number | null;
  inputEndSum: number | null;
  positionSum: number | null;
  outputEndSum: number | null;
  inputPerSecond: number | null;
  consumedPerSecond: number | null;
  outputPerSecond: number | null;
  worstPartitions: PipelineSample['worstPartitions'];
  inputs: Array<{
    topic: string;
    consumerGroup: string;
    endSum: number;
    positionSum: number;
  }>;
}

/** Registered pipelines, latest health and lag history; all knex lives in its implementation. */
export interface PipelineStore {
  listRegistered(): Promise<RegisteredPipeline[]>;
  getRegistered(entityRef: string): Promise<RegisteredPipeline | undefined>;
  /** Inserts; rejects with ConflictError when the ref exists. */
  createRegistered(
    entity: PipelineEntity,
    entityRef: string,
    createdBy: string,
  ): Promise<RegisteredPipeline>;
  updateRegistered(
    entity: PipelineEntity,
    entityRef: string,
  ): Promise<RegisteredPipeline>;
  deleteRegistered(entityRef: string): Promise<void>;

  /** Stores one poll's results in one transaction: health, history row, input positions. */
  recordPoll(
    entries: Array<{ health: PipelineHealth; sample: SampleWrite }>,
  ): Promise<void>;
  getHealth(entityRef: string): Promise<PipelineHealth | undefined>;
  listHealth(): Promise<
    Array<
      Pick<
        PipelineHealth,
        'entityRef' | 'status' | 'reasons' | 'lag' | 'sampledAt'
      >
    >
  >;
  /** Removes a pipeline's latest health and its history. */
  deleteHealth(entityRef: string): Promise<void>;

  /** The previous poll's sums, for rates. */
  latestSample(entityRef: string): Promise<SampleWrite | undefined>;
  listSamples(entityRef: string, since: Date): Promise<PipelineSample[]>;
  inputHistory(options: {
    entityRef: string;
    topic: string;
    consumerGroup: string;
    since: Date;
  }): Promise<Array<{ at: Date; endSum: number }>>;
  /** Drops history older than `before`; returns how many rows went. */
  prune(before: Date): Promise<number>;
}
