import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import {
  ClusterSummary,
  Deployment,
  DeployPreview,
  DeployRequest,
  DeploymentWithManifests,
  EntityDeploymentState,
} from '@paved/plugin-deployments-common';
import { DeploymentsApi, StartedDeployment } from './DeploymentsApi';

/** Talks to `/api/deployments` with the signed-in user's credentials. */
export class DeploymentsClient implements DeploymentsApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  private async call<T>(path: string, init?: RequestInit): Promise<T> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('deployments');
    const response = await this.options.fetchApi.fetch(`${baseUrl}${path}`, {
      ...init,
      headers: init?.body ? { 'content-type': 'application/json' } : undefined,
    });
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return response.status === 204 ? (undefined as T) : response.json();
  }

  private post<T>(path: string, body: unknown): Promise<T> {
    return this.call<T>(path, { method: 'POST', body: JSON.stringify(body) });
  }

  private entityPath(entityRef: string) {
    const { kind, namespace, name } = parseEntityRef(entityRef);
    return `/entities/${[kind, namespace, name]
      .map(encodeURIComponent)
      .join('/')}`;
  }

  private deploymentPath(id: string) {
    return `/deployments/${encodeURIComponent(id)}`;
  }

  async listClusters() {
    return (await this.call<{ items: ClusterSummary[] }>('/clusters')).items;
  }

  getState(entityRef: string) {
    return this.call<EntityDeploymentState>(
      `${this.entityPath(entityRef)}/state`,
    );
  }

  async listDeployments(
    entityRef: string,
    options: { cluster?: string; limit?: number } = {},
  ) {
    const query = new URLSearchParams();
    if (options.cluster) query.set('cluster', options.cluster);
    if (options.limit) query.set('limit', String(options.limit));
    const qs = query.toString();
    return (
      await this.call<{ items: Deployment[] }>(
        `${this.entityPath(entityRef)}/deployments${qs ? `?${qs}` : ''}`,
      )
    ).items;
  }

  getDeployment(id: string) {
    return this.call<DeploymentWithManifests>(this.deploymentPath(id));
  }

  preview(entityRef: string, request: Omit<DeployRequest, 'dryRun'>) {
    return this.post<DeployPreview>(
      `${this.entityPath(entityRef)}/deployments`,
      { ...request, dryRun: true },
    );
  }

  deploy(entityRef: string, request: Omit<DeployRequest, 'dryRun'>) {
    return this.post<StartedDeployment>(
      `${this.entityPath(entityRef)}/deployments`,
      request,
    );
  }

  rollback(id: string) {
    return this.post<StartedDeployment>(
      `${this.deploymentPath(id)}/rollback`,
      {},
    );
  }

  redeploy(id: string) {
    return this.post<StartedDeployment>(
      `${this.deploymentPath(id)}/redeploy`,
      {},
    );
  }

  scale(entityRef: string, options: { cluster?: string; replicas: number }) {
    return this.post<StartedDeployment>(
      `${this.entityPath(entityRef)}/scale`,
      options,
    );
  }

  restart(entityRef: string, options: { cluster?: string } = {}) {
    return this.post<StartedDeployment>(
      `${this.entityPath(entityRef)}/restart`,
      options,
    );
  }
}
