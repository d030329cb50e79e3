import { LoggerService, UrlReaderService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  AppliedObject,
  ClusterSummary,
  DeployPreview,
  DeployRequest,
  Deployment,
  DeploymentAction,
  ObjectDiff,
  WorkloadState,
  deployClustersOf,
  deployNamespaceOf,
  parseImageReference,
} from '@paved/plugin-deployments-common';
import { randomUUID } from 'node:crypto';
import { createTwoFilesPatch } from 'diff';
import { stringify } from 'yaml';
import { DeploymentsConfig } from '../config';
import { DeploymentStore, StoredDeployment } from '../database/DeploymentStore';
import { KubeClient } from '../kube/KubeClient';
import { KubeResources } from '../kube/KubeResources';
import { DeploymentFailure, toDeploymentFailure } from '../kube/errors';
import { followRollout } from '../rollout/followRollout';
import { revisionOf } from '../rollout/rolloutStatus';
import {
  GENERATED_SOURCE,
  loadManifests,
  mainDeployment,
  renderManifests,
} from '../manifests/manifests';

const MAX_REPLICAS = 1000;

interface Cluster {
  summary: ClusterSummary;
  client: KubeClient;
  resources: KubeResources;
}

interface Prepared {
  entityRef: string;
  cluster: Cluster;
  namespace: string;
  name: string;
  objects: AppliedObject[];
  image: string;
  replicas: number | null;
  /**
   * Whether the caller chose the replica count. When not, what runs keeps its count: a new
   * version or a rollback should not undo a scale, as `kubectl rollout undo` does not.
   */
  replicasChosen: boolean;
  manifestSource: string;
}

export interface DeploymentServiceOptions {
  config: DeploymentsConfig;
  store: DeploymentStore;
  reader: UrlReaderService;
  logger: LoggerService;
  /** Told about every change to a deployment row (for live progress in the UI). */
  onChange?: (deployment: Deployment) => void;
  /** Seconds each rollout watch stays open; tests shorten it. */
  watchSeconds?: number;
}

const SERVER_FIELDS = [
  'managedFields',
  'resourceVersion',
  'uid',
  'generation',
  'creationTimestamp',
  'selfLink',
];

/** What a person compares in a diff: no status, no bookkeeping the server keeps. */
function forDiff(obj: any): string {
  if (!obj) return '';
  const copy = JSON.parse(JSON.stringify(obj));
  delete copy.status;
  for (const f of SERVER_FIELDS) delete copy.metadata?.[f];
  if (copy.metadata?.annotations) {
    delete copy.metadata.annotations['deployment.kubernetes.io/revision'];
    if (!Object.keys(copy.metadata.annotations).length)
      delete copy.metadata.annotations;
  }
  return stringify(copy, { sortMapEntries: true });
}

/**
 * Deploys entities to their clusters and keeps the history: validates the request, renders the
 * manifests, applies them with server-side apply, follows the rollout and records the outcome.
 * Everything after the request is accepted runs in the background; failures land in the row.
 */
export class DeploymentService {
  private readonly clusters = new Map<string, Cluster>();
  private readonly running = new Map<string, AbortController>();
  private readonly shutdown = new AbortController();

  constructor(private readonly options: DeploymentServiceOptions) {
    for (const c of options.config.clusters) {
      const client = new KubeClient(c);
      this.clusters.set(c.name, {
        summary: {
          name: c.name,
          title: c.title,
          url: c.auth.type === 'serviceAccountToken' ? c.auth.url : '',
        },
        client,
        resources: new KubeResources(client),
      });
    }
  }

  listClusters(): ClusterSummary[] {
    return [...this.clusters.values()].map(c => ({
      ...c.summary,
      url: c.summary.url || c.client.server(),
    }));
  }

  /** The cluster a request means, checked against what the entity opted into. */
  private pickCluster(entity: Entity, requested?: string): Cluster {
    const ref = stringifyEntityRef(entity);
    const optedIn = deployClustersOf(entity);
    if (!optedIn.length) {
      throw new InputError(
        `${ref} does not deploy anywhere: add the paved.dev/deploy-cluster annotation naming one of the configured clusters (${
          [...this.clusters.keys()].join(', ') || 'none configured'
        })`,
      );
    }
    const name = requested ?? optedIn[0];
    if (!optedIn.includes(name)) {
      throw new InputError(
        `${ref} does not deploy to cluster "${name}"; its paved.dev/deploy-cluster annotation names ${optedIn
          .map(c => `"${c}"`)
          .join(', ')}`,
      );
    }
    const cluster = this.clusters.get(name);
    if (!cluster) {
      throw new InputError(
        `Cluster "${name}" (from ${ref}'s paved.dev/deploy-cluster annotation) is not configured in deployments.clusters (configured: ${
          [...this.clusters.keys()].join(', ') || 'none'
        })`,
      );
    }
    return cluster;
  }

  private checkRequest(request: DeployRequest) {
    if (typeof request.image !== 'string') {
      throw new InputError(
        'image is required, e.g. "ghcr.io/acme/checkout:1.4.2"',
      );
    }
    const image = parseImageReference(request.image);
    if (!image.ok) throw new InputError(image.error);
    if (
      request.replicas !== undefined &&
      (!Number.isInteger(request.replicas) ||
        request.replicas < 0 ||
        request.replicas > MAX_REPLICAS)
    ) {
      throw new InputError(
        `replicas must be a whole number from 0 to ${MAX_REPLICAS}, not ${JSON.stringify(
          request.replicas,
        )}`,
      );
    }
  }

  private async prepare(
    entity: Entity,
    request: DeployRequest,
  ): Promise<Prepared> {
    this.checkRequest(request);
    const cluster = this.pickCluster(entity, request.cluster);
    const namespace = deployNamespaceOf(entity);
    const loaded = await loadManifests(entity, this.options.reader, namespace);
    const rendered = renderManifests(loaded.objects, {
      entity,
      namespace,
      image: request.image,
      replicas: request.replicas,
      defaultReplicas: this.options.config.defaultReplicas,
    });
    return {
      entityRef: stringifyEntityRef(entity),
      cluster,
      namespace,
      name: entity.metadata.name,
      objects: rendered.objects,
      image: rendered.image,
      replicas: rendered.replicas,
      replicasChosen: request.replicas !== undefined,
      manifestSource: loaded.source,
    };
  }

  /** The autoscaler that owns the Deployment's replica count, if one does. */
  private async autoscalerOf(
    cluster: Cluster,
    namespace: string,
    name: string,
  ) {
    const hpas = await cluster.resources.listAutoscalers(namespace);
    const hpa = hpas.find(
      h =>
        h.spec?.scaleTargetRef?.kind === 'Deployment' &&
        h.spec?.scaleTargetRef?.name === name,
    );
    return hpa ? `HorizontalPodAutoscaler/${hpa.metadata.name}` : null;
  }

  /**
   * Leaves spec.replicas out when an autoscaler owns it, and refuses cluster-wide objects the
   * manifests hold. Talks to the cluster, so it runs where failures are recorded.
   */
  private async adjustForCluster(p: Prepared): Promise<string | null> {
    const op = { cluster: p.cluster.summary.name, namespace: p.namespace };
    let owner: string | null;
    try {
      owner = await this.autoscalerOf(p.cluster, p.namespace, p.name);
    } catch (e) {
      throw toDeploymentFailure(e, {
        ...op,
        verb: 'list',
        resource: 'horizontalpodautoscalers.autoscaling',
      });
    }
    const main = mainDeployment(p.objects, p.name);
    if (owner) {
      delete main.spec.replicas;
      p.replicas = null;
    } else if (!p.replicasChosen) {
      let live;
      try {
        live = await p.cluster.resources.get(main);
      } catch (e) {
        throw toDeploymentFailure(e, {
          ...op,
          verb: 'get',
          resource: 'deployments.apps',
          name: p.name,
        });
      }
      if (typeof live?.spec?.replicas === 'number') {
        main.spec.replicas = live.spec.replicas;
        p.replicas = live.spec.replicas;
      }
    }
    for (const o of p.objects) {
      let kind;
      try {
        kind = await p.cluster.resources.resolve(o.apiVersion, o.kind);
      } catch (e) {
        throw toDeploymentFailure(e, {
          ...op,
          verb: 'discover',
          resource: `${o.kind} (${o.apiVersion})`,
        });
      }
      if (!kind.namespaced) {
        throw new DeploymentFailure(
          {
            reason: 'Invalid',
            message: `The manifests hold a cluster-wide ${o.kind} "${o.metadata.name}"; Paved deploys only into the entity's namespace`,
          },
          422,
        );
      }
    }
    return owner;
  }

  private async applyAll(
    p: Prepared,
    options: { dryRun?: boolean; force?: boolean },
  ): Promise<any[]> {
    const results = [];
    for (const o of p.objects) {
      const kind = await p.cluster.resources
        .resolve(o.apiVersion, o.kind)
        .catch(e => {
          throw toDeploymentFailure(e, {
            cluster: p.cluster.summary.name,
            verb: 'discover',
            resource: o.kind,
          });
        });
      try {
        results.push(
          await p.cluster.resources.apply(o, {
            fieldManager: this.options.config.fieldManager,
            force: options.force,
            dryRun: options.dryRun,
          }),
        );
      } catch (e) {
        throw toDeploymentFailure(e, {
          cluster: p.cluster.summary.name,
          verb: 'patch',
          resource: kind.resource,
          name: o.metadata.name,
          namespace: p.namespace,
        });
      }
    }
    return results;
  }

  /** What applying would change, from a server-side dry run. Nothing is recorded. */
  async preview(
    entity: Entity,
    request: DeployRequest,
  ): Promise<DeployPreview> {
    const p = await this.prepare(entity, request);
    const owner = await this.adjustForCluster(p);
    const objects: ObjectDiff[] = [];
    for (const o of p.objects) {
      let current;
      try {
        current = await p.cluster.resources.get(o);
      } catch (e) {
        throw toDeploymentFailure(e, {
          cluster: p.cluster.summary.name,
          verb: 'get',
          resource: o.kind,
          name: o.metadata.name,
          namespace: p.namespace,
        });
      }
      const [after] = await this.applyAll(
        { ...p, objects: [o] },
        { dryRun: true, force: request.force },
      );
      const before = forDiff(current);
      const next = forDiff(after);
      const label = `${o.kind}/${o.metadata.name}`;
      objects.push({
        kind: o.kind,
        name: o.metadata.name,
        namespace: p.namespace,
        change: changeOf(current, before, next),
        diff:
          before === next
            ? ''
            : createTwoFilesPatch(
                current ? `live/${label}` : '/dev/null',
                `new/${label}`,
                before,
                next,
                undefined,
                undefined,
                { context: 4 },
              ),
      });
    }
    return {
      cluster: p.cluster.summary.name,
      namespace: p.namespace,
      image: p.image,
      replicas: p.replicas,
      manifestSource: p.manifestSource,
      replicasManagedBy: owner,
      objects,
    };
  }

  /** Accepts a deploy: records it as pending and applies it in the background. */
  async deploy(
    entity: Entity,
    request: DeployRequest,
    user: string,
  ): Promise<{ id: string }> {
    const p = await this.prepare(entity, request);
    return this.start(p, { action: 'deploy', user, force: request.force });
  }

  private async start(
    p: Prepared,
    options: {
      action: DeploymentAction;
      user: string;
      force?: boolean;
      sourceDeploymentId?: string;
      rollbackOf?: string;
    },
  ): Promise<{ id: string }> {
    const id = randomUUID();
    await this.options.store.create({
      id,
      entityRef: p.entityRef,
      cluster: p.cluster.summary.name,
      namespace: p.namespace,
      name: p.name,
      action: options.action,
      image: p.image,
      replicas: p.replicas,
      status: 'pending',
      sourceDeploymentId: options.sourceDeploymentId ?? null,
      rollbackOf: options.rollbackOf ?? null,
      manifestSource: p.manifestSource,
      manifests: p.objects,
      createdBy: options.user,
      createdAt: new Date(),
    });
    this.runInBackground(id, () => this.run(id, p, options.force));
    return { id };
  }

  private runInBackground(
    id: string,
    fn: (signal: AbortSignal) => Promise<void>,
  ) {
    const controller = new AbortController();
    this.running.set(id, controller);
    const onShutdown = () => controller.abort();
    this.shutdown.signal.addEventListener('abort', onShutdown, { once: true });
    fn(controller.signal)
      .catch(e =>
        this.options.logger.error(`Deployment ${id} could not be recorded`, e),
      )
      .finally(() => {
        this.running.delete(id);
        this.shutdown.signal.removeEventListener('abort', onShutdown);
      });
  }

  private async update(
    id: string,
    u: Parameters<DeploymentStore['update']>[1],
  ) {
    const row = await this.options.store.update(id, u);
    this.options.onChange?.(row);
    return row;
  }

  private async fail(id: string, e: unknown) {
    let failure: DeploymentFailure;
    if (e instanceof DeploymentFailure) {
      failure = e;
    } else if (e instanceof InputError) {
      failure = new DeploymentFailure(
        { reason: 'Invalid', message: e.message },
        400,
      );
    } else {
      failure = toDeploymentFailure(e, {
        cluster: '?',
        verb: 'deploy',
        resource: 'workload',
      });
    }
    await this.update(id, {
      status: 'failed',
      error: failure.detail,
      finishedAt: new Date(),
    });
  }

  /** Applies, then follows the rollout to its end. */
  private async run(id: string, p: Prepared, force?: boolean) {
    const signal = this.running.get(id)?.signal;
    let generation: number;
    let resourceVersion: string | undefined;
    try {
      await this.adjustForCluster(p);
      await this.update(id, { manifests: p.objects, replicas: p.replicas });
      const results = await this.applyAll(p, { force });
      const applied =
        results[
          p.objects.findIndex(
            o => o.kind === 'Deployment' && o.metadata.name === p.name,
          )
        ];
      generation = Number(applied.metadata.generation);
      resourceVersion = applied.metadata.resourceVersion;
      await this.update(id, {
        status: 'progressing',
        generation,
        revision: revisionOf(applied),
      });
    } catch (e) {
      await this.fail(id, e);
      return;
    }
    await this.follow(
      id,
      p.cluster,
      p.namespace,
      p.name,
      generation,
      resourceVersion,
      signal,
    );
  }

  private async follow(
    id: string,
    cluster: Cluster,
    namespace: string,
    name: string,
    generation: number,
    resourceVersion: string | undefined,
    signal?: AbortSignal,
  ) {
    let lastMessage = '';
    let lastRevision: number | null = null;
    let writes = Promise.resolve();
    const result = await followRollout({
      client: cluster.client,
      namespace,
      name,
      generation,
      resourceVersion,
      timeoutMs: this.options.config.rolloutTimeoutMs,
      signal,
      logger: this.options.logger,
      watchSeconds: this.options.watchSeconds,
      onUpdate: (state, deployment) => {
        const revision = revisionOf(deployment);
        if (state.progress.message === lastMessage && revision === lastRevision)
          return;
        lastMessage = state.progress.message;
        lastRevision = revision;
        // In order, and never blocking the watch.
        writes = writes
          .then(() =>
            this.update(id, {
              progress: state.progress,
              ...(revision !== null ? { revision } : {}),
            }).then(() => undefined),
          )
          .catch(e =>
            this.options.logger.warn(
              `Could not record progress of ${id}: ${e}`,
            ),
          );
      },
    });
    await writes;
    if (signal?.aborted) return; // shutting down: resumed on the next start
    const finishedAt = new Date();
    switch (result.phase) {
      case 'succeeded':
        await this.update(id, {
          status: 'succeeded',
          progress: result.progress,
          finishedAt,
        });
        return;
      case 'failed':
        await this.update(id, {
          status: 'failed',
          progress: result.progress,
          error: { reason: result.reason, message: result.message },
          finishedAt,
        });
        return;
      case 'superseded':
        await this.update(id, {
          status: 'failed',
          progress: result.progress,
          error: {
            reason: 'Superseded',
            message: `A later change to Deployment "${name}" replaced this one before its rollout finished`,
          },
          finishedAt,
        });
        return;
      case 'deleted':
      case 'timeout':
        await this.update(id, {
          status: 'failed',
          error: {
            reason: result.phase === 'deleted' ? 'Deleted' : 'Timeout',
            message: result.message,
          },
          finishedAt,
        });
        return;
      default:
        // followRollout returns only final states.
        return;
    }
  }

  /** Prepares re-applying a recorded deployment's manifests. */
  private fromRow(
    row: StoredDeployment,
    entity: Entity,
    mutate?: (main: any) => void,
    replicasChosen = false,
  ): Prepared {
    const cluster = this.pickCluster(entity, row.cluster);
    const objects: AppliedObject[] = JSON.parse(JSON.stringify(row.manifests));
    const main = mainDeployment(objects, row.name);
    if (!main) {
      throw new ConflictError(
        `Deployment ${row.id} recorded no Deployment "${row.name}" to apply again`,
      );
    }
    mutate?.(main);
    return {
      entityRef: row.entityRef,
      cluster,
      namespace: row.namespace,
      name: row.name,
      objects,
      image: row.image,
      replicas: main.spec?.replicas ?? null,
      replicasChosen,
      manifestSource: row.manifestSource,
    };
  }

  async get(id: string): Promise<StoredDeployment> {
    const row = await this.options.store.get(id);
    if (!row) throw new NotFoundError(`No deployment with id ${id}`);
    return row;
  }

  /** Undoes deployment `id` by applying again the last successful deployment before it. */
  async rollback(id: string, entity: Entity, user: string) {
    const row = await this.get(id);
    const target = await this.options.store.lastSucceededBefore(id);
    if (!target) {
      throw new ConflictError(
        `There is nothing to roll back to: no deployment of ${row.entityRef} to cluster "${row.cluster}" succeeded before ${id}`,
      );
    }
    return this.start(this.fromRow(target, entity), {
      action: 'rollback',
      user,
      sourceDeploymentId: target.id,
      rollbackOf: id,
    });
  }

  /** Applies a recorded deployment's own manifests again. */
  async redeploy(id: string, entity: Entity, user: string) {
    const row = await this.get(id);
    return this.start(this.fromRow(row, entity), {
      action: 'redeploy',
      user,
      sourceDeploymentId: row.id,
    });
  }

  private async current(entity: Entity, clusterName?: string) {
    const cluster = this.pickCluster(entity, clusterName);
    const ref = stringifyEntityRef(entity);
    const row = await this.options.store.lastSucceeded(
      ref,
      cluster.summary.name,
    );
    if (!row) {
      throw new ConflictError(
        `${ref} has no successful deployment to cluster "${cluster.summary.name}" yet; deploy it first`,
      );
    }
    return row;
  }

  /** Changes the replica count, recorded as a deployment of the running manifests. */
  async scale(
    entity: Entity,
    clusterName: string | undefined,
    replicas: number,
    user: string,
  ) {
    if (
      !Number.isInteger(replicas) ||
      replicas < 0 ||
      replicas > MAX_REPLICAS
    ) {
      throw new InputError(
        `replicas must be a whole number from 0 to ${MAX_REPLICAS}, not ${JSON.stringify(
          replicas,
        )}`,
      );
    }
    const row = await this.current(entity, clusterName);
    const cluster = this.pickCluster(entity, row.cluster);
    const owner = await this.autoscalerOf(
      cluster,
      row.namespace,
      row.name,
    ).catch(e => {
      throw toDeploymentFailure(e, {
        cluster: row.cluster,
        verb: 'list',
        resource: 'horizontalpodautoscalers.autoscaling',
        namespace: row.namespace,
      });
    });
    if (owner) {
      throw new ConflictError(
        `${owner} owns the replica count of Deployment "${row.name}"; change its minReplicas/maxReplicas instead`,
      );
    }
    return this.start(
      this.fromRow(
        row,
        entity,
        main => {
          main.spec.replicas = replicas;
        },
        true,
      ),
      { action: 'scale', user, sourceDeploymentId: row.id },
    );
  }

  /** Restarts every pod by a rollout, as `kubectl rollout restart` does. */
  async restart(entity: Entity, clusterName: string | undefined, user: string) {
    const row = await this.current(entity, clusterName);
    return this.start(
      this.fromRow(row, entity, main => {
        const meta = (main.spec.template.metadata ??= {});
        meta.annotations = {
          ...(meta.annotations ?? {}),
          'kubectl.kubernetes.io/restartedAt': new Date().toISOString(),
        };
      }),
      { action: 'restart', user, sourceDeploymentId: row.id },
    );
  }

  async history(entityRef: string, cluster: string | undefined, limit: number) {
    return this.options.store.list({ entityRef, cluster, limit });
  }

  /** What runs in each cluster the entity opted into, read live. */
  async state(entity: Entity): Promise<WorkloadState[]> {
    const ref = stringifyEntityRef(entity);
    const namespace = deployNamespaceOf(entity);
    const name = entity.metadata.name;
    return Promise.all(
      deployClustersOf(entity).map(async clusterName => {
        const lastDeployment =
          (await this.options.store.latest(ref, clusterName)) ?? null;
        const base: WorkloadState = {
          cluster: clusterName,
          namespace,
          name,
          state: 'ok',
          error: null,
          image: null,
          desired: null,
          ready: null,
          updated: null,
          available: null,
          revision: null,
          replicasManagedBy: null,
          lastDeployment,
        };
        const cluster = this.clusters.get(clusterName);
        if (!cluster) {
          return {
            ...base,
            state: 'error' as const,
            error: {
              reason: 'NotConfigured',
              message: `Cluster "${clusterName}" is not configured in deployments.clusters`,
            },
          };
        }
        try {
          const [deployment, owner] = await Promise.all([
            cluster.resources.get({
              apiVersion: 'apps/v1',
              kind: 'Deployment',
              metadata: { name, namespace },
            }),
            this.autoscalerOf(cluster, namespace, name),
          ]);
          if (!deployment)
            return {
              ...base,
              state: 'missing' as const,
              replicasManagedBy: owner,
            };
          const containers: any[] =
            deployment.spec?.template?.spec?.containers ?? [];
          const container =
            containers.find(c => c.name === name) ?? containers[0];
          return {
            ...base,
            image: container?.image ?? null,
            desired: deployment.spec?.replicas ?? 1,
            ready: deployment.status?.readyReplicas ?? 0,
            updated: deployment.status?.updatedReplicas ?? 0,
            available: deployment.status?.availableReplicas ?? 0,
            revision: revisionOf(deployment),
            replicasManagedBy: owner,
          };
        } catch (e) {
          const failure = toDeploymentFailure(e, {
            cluster: clusterName,
            verb: 'get',
            resource: 'deployments.apps',
            name,
            namespace,
          });
          return {
            ...base,
            state:
              failure.detail.reason === 'Unreachable'
                ? ('unreachable' as const)
                : ('error' as const),
            error: failure.detail,
          };
        }
      }),
    );
  }

  /**
   * Picks up what a previous process left unfinished: applies pending rows again (server-side
   * apply makes that safe) and follows progressing ones to their end.
   */
  async resumeUnfinished(
    loadEntity: (ref: string) => Promise<Entity | undefined>,
  ) {
    for (const row of await this.options.store.listUnfinished()) {
      if (this.running.has(row.id)) continue;
      const cluster = this.clusters.get(row.cluster);
      if (!cluster) {
        await this.fail(
          row.id,
          new DeploymentFailure(
            {
              reason: 'NotConfigured',
              message: `Cluster "${row.cluster}" is no longer configured`,
            },
            400,
          ),
        );
        continue;
      }
      if (row.status === 'progressing' && row.generation !== null) {
        const generation = row.generation;
        this.runInBackground(row.id, signal =>
          this.follow(
            row.id,
            cluster,
            row.namespace,
            row.name,
            generation,
            undefined,
            signal,
          ),
        );
        continue;
      }
      const entity = await loadEntity(row.entityRef).catch(() => undefined);
      if (!entity) {
        await this.fail(
          row.id,
          new DeploymentFailure(
            {
              reason: 'Interrupted',
              message: `The portal restarted before applying, and ${row.entityRef} is no longer in the catalog`,
            },
            400,
          ),
        );
        continue;
      }
      let prepared: Prepared;
      try {
        // Recorded after adjusting for the cluster, so the count is the one to apply.
        prepared = this.fromRow(row, entity, undefined, true);
      } catch (e) {
        await this.fail(row.id, e);
        continue;
      }
      this.runInBackground(row.id, () => this.run(row.id, prepared));
    }
  }

  /** Stops following rollouts; their rows stay open and are resumed by the next start. */
  async close() {
    this.shutdown.abort();
  }

  /** Resolves when nothing runs in the background (tests). */
  async idle(): Promise<void> {
    while (this.running.size) await new Promise(r => setTimeout(r, 50));
  }

  static isGenerated(source: string) {
    return source === GENERATED_SOURCE;
  }
}

function changeOf(
  current: unknown,
  before: string,
  next: string,
): ObjectDiff['change'] {
  if (!current) return 'create';
  return before === next ? 'unchanged' : 'update';
}
