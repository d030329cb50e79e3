import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';

/** A repository as the git plugin describes it. */
export interface HostedRepository {
  name: string;
  owner?: string;
  description: string;
  defaultBranch: string;
  headCommit?: string;
  updatedAt?: string;
  /** URL that `git clone` accepts without credentials. */
  cloneUrl: string;
  /** Page showing the default branch's tree. */
  webUrl: string;
}

/**
 * Talks to the git plugin's REST API on behalf of another backend plugin, with that plugin's
 * own service credentials.
 *
 * @public
 */
export class GitHostingClient {
  constructor(
    private readonly options: {
      discovery: DiscoveryService;
      auth: AuthService;
    },
  ) {}

  private async call(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<Response> {
    const baseUrl = await this.options.discovery.getBaseUrl('git');
    const { token } = await this.options.auth.getPluginRequestToken({
      onBehalfOf: await this.options.auth.getOwnServiceCredentials(),
      targetPluginId: 'git',
    });
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response;
  }

  /**
   * Creates an empty bare repository; rejects with a 409 ResponseError when the name exists.
   * Members of `owner` (a group entity ref) may push to it; services always may.
   */
  async createRepository(options: {
    name: string;
    description?: string;
    defaultBranch?: string;
    owner?: string;
  }): Promise<HostedRepository> {
    return (await this.call('POST', '/repositories', options)).json();
  }

  async getRepository(name: string): Promise<HostedRepository | undefined> {
    try {
      return await (
        await this.call('GET', `/repositories/${encodeURIComponent(name)}`)
      ).json();
    } catch (error) {
      if (error instanceof ResponseError && error.response.status === 404) {
        return undefined;
      }
      throw error;
    }
  }

  async deleteRepository(name: string): Promise<void> {
    await this.call('DELETE', `/repositories/${encodeURIComponent(name)}`);
  }

  /**
   * A header for `git -c http.extraHeader=...` that lets a push through: pushes need a
   * Backstage token, clones do not.
   */
  async pushAuthorizationHeader(): Promise<string> {
    const { token } = await this.options.auth.getPluginRequestToken({
      onBehalfOf: await this.options.auth.getOwnServiceCredentials(),
      targetPluginId: 'git',
    });
    return `Authorization: Bearer ${token}`;
  }
}
