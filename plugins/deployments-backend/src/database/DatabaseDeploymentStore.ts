import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { Deployment } from '@paved/plugin-deployments-common';
import { Knex } from 'knex';
import {
  DeploymentStore,
  StoredDeployment,
  DeploymentUpdate,
  NewDeployment,
} from './DeploymentStore';

const migrationsDir = resolvePackagePath(
  '@paved/plugin-deployments-backend',
  'migrations',
);

/** SQLite returns timestamps as strings or epoch numbers, PostgreSQL as Dates. */
const toIso = (v: Date | string | number | null) =>
  v === null || v === undefined
    ? null
    : (v instanceof Date ? v : new Date(v)).toISOString();
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const json = (v: string | null) => (v ? JSON.parse(v) : null);

type Row = {
  seq: number | string;
  id: string;
  entity_ref: string;
  cluster: string;
  namespace: string;
  name: string;
  action: string;
  image: string;
  replicas: number | null;
  revision: number | null;
  generation: number | string | null;
  status: string;
  progress: string | null;
  error: string | null;
  source_deployment_id: string | null;
  rollback_of: string | null;
  manifest_source: string;
  manifests: string;
  created_by: string;
  created_at: Date | string;
  finished_at: Date | string | null;
  duration_ms: number | string | null;
  version: number | string;
};

const SUMMARY_COLUMNS: string[] = [
  'seq',
  'id',
  'entity_ref',
  'cluster',
  'namespace',
  'name',
  'action',
  'image',
  'replicas',
  'revision',
  'status',
  'progress',
  'error',
  'source_deployment_id',
  'rollback_of',
  'manifest_source',
  'created_by',
  'created_at',
  'finished_at',
  'duration_ms',
  'version',
];

function toDeployment(row: Row): Deployment {
  return {
    id: row.id,
    entityRef: row.entity_ref,
    cluster: row.cluster,
    namespace: row.namespace,
    name: row.name,
    action: row.action as Deployment['action'],
    image: row.image,
    replicas: num(row.replicas),
    revision: num(row.revision),
    status: row.status as Deployment['status'],
    progress: json(row.progress),
    error: json(row.error),
    sourceDeploymentId: row.source_deployment_id,
    rollbackOf: row.rollback_of,
    manifestSource: row.manifest_source,
    createdBy: row.created_by,
    createdAt: toIso(row.created_at)!,
    finishedAt: toIso(row.finished_at),
    durationMs: num(row.duration_ms),
    version: Number(row.version),
  };
}

function withManifests(row: Row): StoredDeployment {
  return {
    ...toDeployment(row),
    manifests: JSON.parse(row.manifests),
    generation: num(row.generation),
  };
}

/** The knex implementation of {@link DeploymentStore}, on SQLite and PostgreSQL. */
export class DatabaseDeploymentStore implements DeploymentStore {
  private constructor(private readonly db: Knex) {}

  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseDeploymentStore> {
    const db = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await db.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseDeploymentStore(db);
  }

  async create(d: NewDeployment): Promise<void> {
    await this.db('deployments').insert({
      id: d.id,
      entity_ref: d.entityRef,
      cluster: d.cluster,
      namespace: d.namespace,
      name: d.name,
      action: d.action,
      image: d.image,
      replicas: d.replicas,
      status: d.status,
      source_deployment_id: d.sourceDeploymentId ?? null,
      rollback_of: d.rollbackOf ?? null,
      manifest_source: d.manifestSource,
      manifests: JSON.stringify(d.manifests),
      created_by: d.createdBy,
      created_at: d.createdAt,
    });
  }

  async update(id: string, u: DeploymentUpdate): Promise<Deployment> {
    const patch: Record<string, unknown> = {};
    if (u.status !== undefined) patch.status = u.status;
    if (u.progress !== undefined)
      patch.progress = u.progress ? JSON.stringify(u.progress) : null;
    if (u.error !== undefined)
      patch.error = u.error ? JSON.stringify(u.error) : null;
    if (u.revision !== undefined) patch.revision = u.revision;
    if (u.generation !== undefined) patch.generation = u.generation;
    if (u.replicas !== undefined) patch.replicas = u.replicas;
    if (u.manifests !== undefined)
      patch.manifests = JSON.stringify(u.manifests);
    if (u.finishedAt !== undefined) {
      const row = await this.db<Row>('deployments')
        .where({ id })
        .first('created_at');
      if (!row) throw new NotFoundError(`No deployment ${id}`);
      patch.finished_at = u.finishedAt;
      patch.duration_ms = Math.max(
        0,
        u.finishedAt.getTime() - new Date(toIso(row.created_at)!).getTime(),
      );
    }
    if (Object.keys(patch).length) {
      await this.db('deployments')
        .where({ id })
        .update({ ...patch, version: this.db.raw('?? + 1', ['version']) });
    }
    const row = (await this.db('deployments')
      .where({ id })
      .first(...SUMMARY_COLUMNS)) as Row | undefined;
    if (!row) throw new NotFoundError(`No deployment ${id}`);
    return toDeployment(row);
  }

  async get(id: string): Promise<StoredDeployment | undefined> {
    const row = await this.db<Row>('deployments').where({ id }).first();
    return row ? withManifests(row) : undefined;
  }

  async list(options: {
    entityRef: string;
    cluster?: string;
    limit: number;
  }): Promise<Deployment[]> {
    const q = this.db('deployments')
      .where({ entity_ref: options.entityRef })
      .orderBy('seq', 'desc')
      .limit(options.limit)
      .select(...SUMMARY_COLUMNS);
    if (options.cluster) q.andWhere({ cluster: options.cluster });
    return ((await q) as Row[]).map(toDeployment);
  }

  async latest(
    entityRef: string,
    cluster: string,
  ): Promise<Deployment | undefined> {
    const row = (await this.db('deployments')
      .where({ entity_ref: entityRef, cluster })
      .orderBy('seq', 'desc')
      .first(...SUMMARY_COLUMNS)) as Row | undefined;
    return row ? toDeployment(row) : undefined;
  }

  async lastSucceededBefore(id: string): Promise<StoredDeployment | undefined> {
    const ref = await this.db<Row>('deployments')
      .where({ id })
      .first('seq', 'entity_ref', 'cluster');
    if (!ref) throw new NotFoundError(`No deployment ${id}`);
    const row = await this.db<Row>('deployments')
      .where({
        entity_ref: ref.entity_ref,
        cluster: ref.cluster,
        status: 'succeeded',
      })
      .andWhere('seq', '<', ref.seq)
      .orderBy('seq', 'desc')
      .first();
    return row ? withManifests(row) : undefined;
  }

  async lastSucceeded(
    entityRef: string,
    cluster: string,
  ): Promise<StoredDeployment | undefined> {
    const row = await this.db<Row>('deployments')
      .where({ entity_ref: entityRef, cluster, status: 'succeeded' })
      .orderBy('seq', 'desc')
      .first();
    return row ? withManifests(row) : undefined;
  }

  async listUnfinished(): Promise<StoredDeployment[]> {
    const rows = await this.db<Row>('deployments')
      .whereIn('status', ['pending', 'progressing'])
      .orderBy('seq', 'asc');
    return rows.map(withManifests);
  }
}
