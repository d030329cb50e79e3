import {
  AppliedObject,
  Deployment,
  DeploymentAction,
  DeploymentError,
  DeploymentProgress,
  DeploymentStatus,
  DeploymentWithManifests,
} from '@paved/plugin-deployments-common';

/** A row with what only the backend needs: the manifests and the generation followed. */
export type StoredDeployment = DeploymentWithManifests & {
  generation: number | null;
};

export interface NewDeployment {
  id: string;
  entityRef: string;
  cluster: string;
  namespace: string;
  name: string;
  action: DeploymentAction;
  image: string;
  replicas: number | null;
  status: DeploymentStatus;
  sourceDeploymentId?: string | null;
  rollbackOf?: string | null;
  manifestSource: string;
  manifests: AppliedObject[];
  createdBy: string;
  createdAt: Date;
}

export interface DeploymentUpdate {
  status?: DeploymentStatus;
  progress?: DeploymentProgress | null;
  error?: DeploymentError | null;
  revision?: number | null;
  generation?: number | null;
  replicas?: number | null;
  manifests?: AppliedObject[];
  finishedAt?: Date;
}

/** The deployment history. */
export interface DeploymentStore {
  create(deployment: NewDeployment): Promise<void>;
  update(id: string, update: DeploymentUpdate): Promise<Deployment>;
  get(id: string): Promise<StoredDeployment | undefined>;
  /** Newest first. */
  list(options: {
    entityRef: string;
    cluster?: string;
    limit: number;
  }): Promise<Deployment[]>;
  /** The newest row for the entity in the cluster, whatever its status. */
  latest(entityRef: string, cluster: string): Promise<Deployment | undefined>;
  /** The newest succeeded row inserted before the given one (for rollback), if any. */
  lastSucceededBefore(id: string): Promise<StoredDeployment | undefined>;
  /** The newest succeeded row for the entity in the cluster (what runs now, as far as Paved knows). */
  lastSucceeded(
    entityRef: string,
    cluster: string,
  ): Promise<StoredDeployment | undefined>;
  /** Rows still pending or progressing, oldest first (to resume after a restart). */
  listUnfinished(): Promise<StoredDeployment[]>;
}
