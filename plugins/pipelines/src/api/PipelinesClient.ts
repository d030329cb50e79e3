import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { PipelineEntity } from '@paved/plugin-paved-common';
import { PipelineCatalogError } from '@paved/plugin-pipelines-common';
import { PipelinesApi } from './PipelinesApi';

/** Talks to `/api/pipelines` with the signed-in user's credentials. */
export class PipelinesClient implements PipelinesApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  private async call<T>(path: string, init?: RequestInit): Promise<T> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('pipelines');
    const response = await this.options.fetchApi.fetch(`${baseUrl}${path}`, {
      ...init,
      headers: init?.body ? { 'content-type': 'application/json' } : undefined,
    });
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return response.status === 204 ? (undefined as T) : response.json();
  }

  private path(entityRef: string) {
    const { namespace, name } = parseEntityRef(entityRef, {
      defaultKind: 'pipeline',
    });
    return `/pipelines/${encodeURIComponent(namespace)}/${encodeURIComponent(
      name,
    )}`;
  }

  async listRegistered() {
    return (await this.call<{ items: any[] }>('/pipelines')).items;
  }
  register(entity: PipelineEntity) {
    return this.call<any>('/pipelines', {
      method: 'POST',
      body: JSON.stringify(entity),
    });
  }
  update(entityRef: string, entity: PipelineEntity) {
    return this.call<any>(this.path(entityRef), {
      method: 'PUT',
      body: JSON.stringify(entity),
    });
  }
  remove(entityRef: string) {
    return this.call<void>(this.path(entityRef), { method: 'DELETE' });
  }
  getHealth(entityRef: string) {
    return this.call<any>(`${this.path(entityRef)}/health`);
  }
  async listHealth() {
    return (await this.call<{ items: any[] }>('/health')).items;
  }
  getHistory(entityRef: string, hours = 6) {
    return this.call<any>(`${this.path(entityRef)}/history?hours=${hours}`);
  }
  async listClusters() {
    return (await this.call<{ items: any[] }>('/clusters')).items;
  }
  async listTopics(cluster: string) {
    return (
      await this.call<{ items: any[] }>(
        `/clusters/${encodeURIComponent(cluster)}/topics`,
      )
    ).items;
  }
  async listGroups(cluster: string, topic?: string) {
    const query = topic ? `?topic=${encodeURIComponent(topic)}` : '';
    return (
      await this.call<{ items: any[] }>(
        `/clusters/${encodeURIComponent(cluster)}/groups${query}`,
      )
    ).items;
  }

  async listCatalogErrors() {
    return (
      await this.call<{ items: PipelineCatalogError[] }>('/catalog-errors')
    ).items;
  }
}
