import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { TemplateRun } from '@paved/plugin-golden-paths-common';
import { Knex } from 'knex';
import { FINAL_STATUSES, RunStore } from './RunStore';

const TABLE = 'golden_path_runs';
const COLUMNS = [
  'task_id',
  'template_ref',
  'status',
  'created_by',
  'created_at',
  'finished_at',
  'duration_ms',
] as const;

type RunRow = {
  task_id: string;
  template_ref: string;
  status: string;
  created_by: string | null;
  created_at: Date | string;
  finished_at: Date | string | null;
  duration_ms: number | string | null;
};

const migrationsDir = resolvePackagePath(
  '@paved/plugin-golden-paths-backend',
  'migrations',
);

/** SQLite hands timestamps back as strings or epoch numbers, PostgreSQL as Dates. */
function toIso(value: Date | string | number): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

/** The knex implementation of {@link RunStore}, on SQLite and PostgreSQL alike. */
export class DatabaseRunStore implements RunStore {
  private constructor(private readonly db: Knex) {}

  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseRunStore> {
    const db = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await db.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseRunStore(db);
  }

  private toRow(run: TemplateRun): RunRow {
    return {
      task_id: run.taskId,
      template_ref: run.templateRef,
      status: run.status,
      created_by: run.createdBy ?? null,
      created_at: new Date(run.createdAt),
      finished_at: run.finishedAt ? new Date(run.finishedAt) : null,
      duration_ms: run.durationMs ?? null,
    };
  }

  private fromRow(row: RunRow): TemplateRun {
    return {
      taskId: row.task_id,
      templateRef: row.template_ref,
      status: row.status,
      createdBy: row.created_by ?? undefined,
      createdAt: toIso(row.created_at),
      finishedAt: row.finished_at ? toIso(row.finished_at) : undefined,
      durationMs:
        row.duration_ms === null ? undefined : Number(row.duration_ms),
    };
  }

  async upsertRuns(runs: TemplateRun[]): Promise<void> {
    if (runs.length === 0) return;
    await this.db.transaction(async tx => {
      // Small batches keep SQLite under its bound-variable limit.
      for (let i = 0; i < runs.length; i += 100) {
        await tx(TABLE)
          .insert(runs.slice(i, i + 100).map(run => this.toRow(run)))
          .onConflict('task_id')
          .merge([
            'status',
            'finished_at',
            'duration_ms',
            'template_ref',
            'created_by',
          ]);
      }
    });
  }

  async finishedTaskIds(taskIds: string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (let i = 0; i < taskIds.length; i += 500) {
      const rows = await this.db(TABLE)
        .whereIn('task_id', taskIds.slice(i, i + 500))
        .whereIn('status', FINAL_STATUSES as unknown as string[])
        .select('task_id');
      rows.forEach(r => found.add(r.task_id));
    }
    return found;
  }

  async unfinishedTaskIds(): Promise<string[]> {
    const rows = await this.db(TABLE)
      .whereNotIn('status', FINAL_STATUSES as unknown as string[])
      .select('task_id');
    return rows.map(r => r.task_id);
  }

  async listRuns(
    options: { templateRef?: string; limit?: number } = {},
  ): Promise<TemplateRun[]> {
    const query = this.db<RunRow>(TABLE)
      .select(...COLUMNS)
      .orderBy('created_at', 'desc')
      .orderBy('task_id', 'asc');
    if (options.templateRef) query.where('template_ref', options.templateRef);
    if (options.limit) query.limit(options.limit);
    return (await query).map(row => this.fromRow(row as RunRow));
  }

  async recordSync(outcome: { at: Date; error?: string }): Promise<void> {
    const row = {
      id: 'scaffolder',
      attempted_at: outcome.at,
      error: outcome.error ?? null,
      ...(outcome.error ? {} : { synced_at: outcome.at }),
    };
    await this.db('golden_path_sync_state')
      .insert({ synced_at: null, ...row })
      .onConflict('id')
      .merge(Object.keys(row).filter(k => k !== 'id'));
  }

  async syncState(): Promise<{ syncedAt?: string; error?: string }> {
    const row = await this.db('golden_path_sync_state')
      .where('id', 'scaffolder')
      .first();
    return {
      syncedAt: row?.synced_at ? toIso(row.synced_at) : undefined,
      error: row?.error ?? undefined,
    };
  }
}
