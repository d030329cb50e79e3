import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  ClusterSummary,
  Deployment,
  DeployPreview,
  DeployRequest,
  DeploymentWithManifests,
  EntityDeploymentState,
} from '@paved/plugin-deployments-common';

/** What `deploy`, `rollback`, `redeploy`, `scale` and `restart` answer: the new deployment. */
export interface StartedDeployment {
  id: string;
}

/** @public */
export interface DeploymentsApi {
  /** The clusters configured under `deployments.clusters`. */
  listClusters(): Promise<ClusterSummary[]>;
  /** What runs in every cluster the entity opted into, and what the caller may do. */
  getState(entityRef: string): Promise<EntityDeploymentState>;
  /** The entity's deployments, newest first. */
  listDeployments(
    entityRef: string,
    options?: { cluster?: string; limit?: number },
  ): Promise<Deployment[]>;
  getDeployment(id: string): Promise<DeploymentWithManifests>;
  /** A server-side dry run: what deploying `request` would change, object by object. */
  preview(
    entityRef: string,
    request: Omit<DeployRequest, 'dryRun'>,
  ): Promise<DeployPreview>;
  deploy(
    entityRef: string,
    request: Omit<DeployRequest, 'dryRun'>,
  ): Promise<StartedDeployment>;
  /** Re-applies the last deployment that succeeded before `id`. */
  rollback(id: string): Promise<StartedDeployment>;
  /** Re-applies the manifests of deployment `id`. */
  redeploy(id: string): Promise<StartedDeployment>;
  scale(
    entityRef: string,
    options: { cluster?: string; replicas: number },
  ): Promise<StartedDeployment>;
  restart(
    entityRef: string,
    options?: { cluster?: string },
  ): Promise<StartedDeployment>;
}

/** @public */
export const deploymentsApiRef = createApiRef<DeploymentsApi>({
  id: 'plugin.deployments.api',
});
