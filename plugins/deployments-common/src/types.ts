/**
 * Where a deployment is in its life: `pending` until the manifests are applied, `progressing`
 * while the rollout runs, then `succeeded` or `failed`.
 *
 * @public
 */
export type DeploymentStatus =
  | 'pending'
  | 'progressing'
  | 'succeeded'
  | 'failed';

/** @public */
export const DEPLOYMENT_STATUSES: readonly DeploymentStatus[] = [
  'pending',
  'progressing',
  'succeeded',
  'failed',
];

/**
 * Why a deployment happened. Every change Paved makes to a workload is a deployment, so the
 * history says who scaled or restarted it as well as who shipped it.
 *
 * @public
 */
export type DeploymentAction =
  | 'deploy'
  | 'rollback'
  | 'redeploy'
  | 'scale'
  | 'restart';

/**
 * Rollout progress, counted the way `kubectl rollout status` counts it.
 *
 * @public
 */
export interface DeploymentProgress {
  /** One line for people, e.g. "2 of 3 updated replicas are available". */
  message: string;
  desired: number;
  updated: number;
  ready: number;
  available: number;
  /** Replicas of earlier revisions still running. */
  old: number;
  /** 0..1, for a progress bar. */
  fraction: number;
}

/**
 * An object Paved applied, as it was sent to the API server.
 *
 * @public
 */
export interface AppliedObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [key: string]: unknown };
  [key: string]: unknown;
}

/**
 * What went wrong, in words a user can act on, with the API server's own details when it sent any.
 *
 * @public
 */
export interface DeploymentError {
  /** e.g. Unreachable, Unauthorized, Forbidden, Conflict, Invalid, ProgressDeadlineExceeded. */
  reason: string;
  message: string;
  /** Field-level causes from the API server (invalid manifests, apply conflicts). */
  causes?: Array<{ field?: string; message: string; reason?: string }>;
}

/**
 * One row of a deployment history.
 *
 * @public
 */
export interface Deployment {
  id: string;
  entityRef: string;
  cluster: string;
  namespace: string;
  /** Name of the Deployment object (the entity's name). */
  name: string;
  action: DeploymentAction;
  image: string;
  replicas: number | null;
  /** The Deployment's `deployment.kubernetes.io/revision` once the rollout is under way. */
  revision: number | null;
  status: DeploymentStatus;
  progress: DeploymentProgress | null;
  error: DeploymentError | null;
  /** For rollbacks and redeploys: the deployment whose manifests were applied again. */
  sourceDeploymentId: string | null;
  /** For rollbacks: the deployment that was undone. */
  rollbackOf: string | null;
  /** Where the manifests came from: the repository URL, or "generated". */
  manifestSource: string;
  createdBy: string;
  createdAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  /**
   * Raised by every change to the row: of two readings of the same deployment (a poll and a
   * signal crossing on the wire), the one with the higher version is the newer.
   */
  version: number;
}

/**
 * A history row with the manifests it applied.
 *
 * @public
 */
export interface DeploymentWithManifests extends Deployment {
  manifests: AppliedObject[];
}

/**
 * Body of `POST /entities/:kind/:namespace/:name/deployments`.
 *
 * @public
 */
export interface DeployRequest {
  image: string;
  replicas?: number;
  cluster?: string;
  dryRun?: boolean;
  /** Take over fields another field manager owns instead of failing with a conflict. */
  force?: boolean;
}

/**
 * How one object would change, from a server-side dry run.
 *
 * @public
 */
export interface ObjectDiff {
  kind: string;
  name: string;
  namespace: string;
  change: 'create' | 'update' | 'unchanged';
  /** Unified diff of the object's YAML (status and server-managed metadata left out). */
  diff: string;
}

/**
 * The answer to a dry run: what applying would change.
 *
 * @public
 */
export interface DeployPreview {
  cluster: string;
  namespace: string;
  image: string;
  replicas: number | null;
  manifestSource: string;
  /** Set when an autoscaler owns the replica count, which Paved then leaves alone. */
  replicasManagedBy: string | null;
  objects: ObjectDiff[];
}

/**
 * A cluster from app-config, as the UI sees it.
 *
 * @public
 */
export interface ClusterSummary {
  name: string;
  title: string;
  url: string;
}

/**
 * What runs in one cluster for one entity, read live from the API server.
 *
 * @public
 */
export interface WorkloadState {
  cluster: string;
  namespace: string;
  name: string;
  /** `ok`, `missing` (never deployed there) or `unreachable` (with `error`). */
  state: 'ok' | 'missing' | 'unreachable' | 'error';
  error: DeploymentError | null;
  image: string | null;
  desired: number | null;
  ready: number | null;
  updated: number | null;
  available: number | null;
  revision: number | null;
  /** Autoscaler owning the replica count, if any. */
  replicasManagedBy: string | null;
  /** The newest deployment Paved recorded for this cluster. */
  lastDeployment: Deployment | null;
}

/**
 * Answer of `GET /entities/:kind/:namespace/:name/state`.
 *
 * @public
 */
export interface EntityDeploymentState {
  entityRef: string;
  /** Clusters the entity opted into, with what runs there. Empty when it opted into none. */
  workloads: WorkloadState[];
  /** Whether the caller may deploy, scale, restart and roll back this entity. */
  canDeploy: boolean;
  canRollback: boolean;
}
