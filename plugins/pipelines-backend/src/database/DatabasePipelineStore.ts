import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import { HealthStatus, PipelineEntity } from '@paved/plugin-paved-common';
import {
  PipelineHealth,
  PipelineSample,
  RegisteredPipeline,
} from '@paved/plugin-pipelines-common';
import { Knex } from 'knex';
import { PipelineStore, SampleWrite } from './PipelineStore';

const migrationsDir = resolvePackagePath(
  '@paved/plugin-pipelines-backend',
  'migrations',
);

/** SQLite returns timestamps as strings or epoch numbers, PostgreSQL as Dates. */
const toDate = (v: Date | string | number) =>
  v instanceof Date ? v : new Date(v);
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

type RegisteredRow = {
  entity_ref: string;
  entity: string;
  owner: string;
  created_by: string;
  created_at: Date | string;
  updated_at: Date | string;
};

/** The knex implementation of {@link PipelineStore}, on SQLite and PostgreSQL. */
export class DatabasePipelineStore implements PipelineStore {
  private constructor(private readonly db: Knex) {}

  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabasePipelineStore> {
    const db = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await db.migrate.latest({ directory: migrationsDir });
    }
    return new DatabasePipelineStore(db);
  }

  private registered(row: RegisteredRow): RegisteredPipeline {
    return {
      entityRef: row.entity_ref,
      entity: JSON.parse(row.entity),
      createdBy: row.created_by,
      createdAt: toDate(row.created_at).toISOString(),
      updatedAt: toDate(row.updated_at).toISOString(),
    };
  }

  async listRegistered(): Promise<RegisteredPipeline[]> {
    const rows = await this.db<RegisteredRow>('pipelines_registered').orderBy(
      'entity_ref',
    );
    return rows.map(r => this.registered(r));
  }

  async getRegistered(
    entityRef: string,
  ): Promise<RegisteredPipeline | undefined> {
    const row = await this.db<RegisteredRow>('pipelines_registered')
      .where({ entity_ref: entityRef })
      .first();
    return row ? this.registered(row) : undefined;
  }

  async createRegistered(
    entity: PipelineEntity,
    entityRef: string,
    createdBy: string,
  ) {
    const now = new Date();
    try {
      await this.db('pipelines_registered').insert({
        entity_ref: entityRef,
        entity: JSON.stringify(entity),
        owner: entity.spec.owner,
        created_by: createdBy,
        created_at: now,
        updated_at: now,
      });
    } catch (error) {
      // Unique violation on either engine; the API turns it into a 409.
      if (/unique|duplicate/i.test(String((error as Error).message))) {
        throw new ConflictError(
          `A pipeline named ${entityRef} is already registered`,
        );
      }
      throw error;
    }
    return (await this.getRegistered(entityRef))!;
  }

  async updateRegistered(entity: PipelineEntity, entityRef: string) {
    const count = await this.db('pipelines_registered')
      .where({ entity_ref: entityRef })
      .update({
        entity: JSON.stringify(entity),
        owner: entity.spec.owner,
        updated_at: new Date(),
      });
    if (!count)
      throw new NotFoundError(`No pipeline named ${entityRef} is registered`);
    return (await this.getRegistered(entityRef))!;
  }

  async deleteRegistered(entityRef: string) {
    const count = await this.db('pipelines_registered')
      .where({ entity_ref: entityRef })
      .delete();
    if (!count)
      throw new NotFoundError(`No pipeline named ${entityRef} is registered`);
  }

  async recordPoll(
    entries: Array<{ health: PipelineHealth; sample: SampleWrite }>,
  ): Promise<void> {
    if (!entries.length) return;
    await this.db.transaction(async tx => {
      for (const { health, sample } of entries) {
        const row = {
          entity_ref: health.entityRef,
          status: health.status,
          health: JSON.stringify(health),
          sampled_at: sample.sampledAt,
        };
        await tx('pipelines_health')
          .insert(row)
          .onConflict('entity_ref')
          .merge(['status', 'health', 'sampled_at']);
        await tx('pipelines_samples').insert({
          entity_ref: sample.entityRef,
          sampled_at: sample.sampledAt,
          status: sample.status,
          lag_messages: sample.lagMessages,
          lag_seconds: sample.lagSeconds,
          input_end_sum: sample.inputEndSum,
          position_sum: sample.positionSum,
          output_end_sum: sample.outputEndSum,
          input_per_second: sample.inputPerSecond,
          consumed_per_second: sample.consumedPerSecond,
          output_per_second: sample.outputPerSecond,
          worst_partitions: JSON.stringify(sample.worstPartitions),
        });
        if (sample.inputs.length) {
          await tx('pipelines_input_samples').insert(
            sample.inputs.map(i => ({
              entity_ref: sample.entityRef,
              topic: i.topic,
              consumer_group: i.consumerGroup,
              sampled_at: sample.sampledAt,
              end_sum: i.endSum,
              position_sum: i.positionSum,
            })),
          );
        }
      }
    });
  }

  async getHealth(entityRef: string): Promise<PipelineHealth | undefined> {
    const row = await this.db('pipelines_health')
      .where({ entity_ref: entityRef })
      .first();
    return row ? JSON.parse(row.health) : undefined;
  }

  async listHealth() {
    const rows = await this.db('pipelines_health')
      .select('health')
      .orderBy('entity_ref');
    return rows.map(r => {
      const h = JSON.parse(r.health) as PipelineHealth;
      return {
        entityRef: h.entityRef,
        status: h.status,
        reasons: h.reasons,
        lag: h.lag,
        sampledAt: h.sampledAt,
      };
    });
  }

  async deleteHealth(entityRef: string) {
    await this.db.transaction(async tx => {
      await tx('pipelines_health').where({ entity_ref: entityRef }).delete();
      await tx('pipelines_samples').where({ entity_ref: entityRef }).delete();
      await tx('pipelines_input_samples')
        .where({ entity_ref: entityRef })
        .delete();
    });
  }


  async latestSample(entityRef: string): Promise<SampleWrite | undefined> {
    const row = await this.db('pipelines_samples')
      .where({ entity_ref: entityRef })
      .orderBy('sampled_at', 'desc')
      .first();
    if (!row) return undefined;
    return {
      entityRef,
      sampledAt: toDate(row.sampled_at),
      status: row.status as HealthStatus,
      lagMessages: num(row.lag_messages),
      lagSeconds: num(row.lag_seconds),
      inputEndSum: num(row.input_end_sum),
      positionSum: num(row.position_sum),
      outputEndSum: num(row.output_end_sum),
      inputPerSecond: num(row.input_per_second),
      consumedPerSecond: num(row.consumed_per_second),
      outputPerSecond: num(row.output_per_second),
      worstPartitions: row.worst_partitions
        ? JSON.parse(row.worst_partitions)
        : [],
      inputs: [],
    };
  }

  async listSamples(entityRef: string, since: Date): Promise<PipelineSample[]> {
    const rows = await this.db('pipelines_samples')
      .where({ entity_ref: entityRef })
      .where('sampled_at', '>=', since)
      .orderBy('sampled_at', 'asc');
    return rows.map(row => ({
      sampledAt: toDate(row.sampled_at).toISOString(),
      status: row.status as HealthStatus,
      lagMessages: num(row.lag_messages),
      lagSeconds: num(row.lag_seconds),
      inputPerSecond: num(row.input_per_second),
      consumedPerSecond: num(row.consumed_per_second),
      outputPerSecond: num(row.output_per_second),
      worstPartitions: row.worst_partitions
        ? JSON.parse(row.worst_partitions)
        : [],
    }));
  }

  async inputHistory(options: {
    entityRef: string;
    topic: string;
    consumerGroup: string;
    since: Date;
  }) {
    const rows = await this.db('pipelines_input_samples')
      .where({
        entity_ref: options.entityRef,
        topic: options.topic,
        consumer_group: options.consumerGroup,
      })
      .where('sampled_at', '>=', options.since)
      .orderBy('sampled_at', 'asc')
      .select('sampled_at', 'end_sum');
    return rows.map(r => ({
      at: toDate(r.sampled_at),
      endSum: Number(r.end_sum),
    }));
  }

  async prune(before: Date): Promise<number> {
    const a = await this.db('pipelines_samples')
      .where('sampled_at', '<', before)
      .delete();
    const b = await this.db('pipelines_input_samples')
      .where('sampled_at', '<', before)
      .delete();
    // A pipeline that left the catalog is no longer polled; its last health goes with the
    // history it belonged to.
    const c = await this.db('pipelines_health')
      .where('sampled_at', '<', before)
      .delete();
    return a + b + c;
  }
}
