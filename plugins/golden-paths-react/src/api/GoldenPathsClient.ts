import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import {
  TemplateUsageDetailResponse,
  TemplateUsageResponse,
} from '@paved/plugin-golden-paths-common';
import { GoldenPathsApi } from './GoldenPathsApi';

/**
 * Talks to `/api/golden-paths` with the signed-in user's credentials.
 *
 * @public
 */
export class GoldenPathsClient implements GoldenPathsApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  private async request<T>(path: string, init?: RequestInit): Promise<T> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('golden-paths');
    const response = await this.options.fetchApi.fetch(
      `${baseUrl}${path}`,
      init,
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response.json();
  }

  getUsage(options: { days?: number } = {}): Promise<TemplateUsageResponse> {
    const query = options.days ? `?days=${options.days}` : '';
    return this.request(`/usage${query}`);
  }

  getTemplateUsage(
    templateRef: string,
    options: { days?: number } = {},
  ): Promise<TemplateUsageDetailResponse> {
    const { namespace, name } = parseEntityRef(templateRef, {
      defaultKind: 'template',
    });
    const query = options.days ? `?days=${options.days}` : '';
    return this.request(
      `/usage/${encodeURIComponent(namespace)}/${encodeURIComponent(
        name,
      )}${query}`,
    );
  }

  sync(): Promise<{ added: number; updated: number }> {
    return this.request('/sync', { method: 'POST' });
  }
}
