import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';

/** Calls the pipelines plugin's REST API with this module's own service credentials. */
export async function callPipelines<T>(
  deps: { auth: AuthService; discovery: DiscoveryService },
  path: string,
): Promise<T> {
  const baseUrl = await deps.discovery.getBaseUrl('pipelines');
  const { token } = await deps.auth.getPluginRequestToken({
    onBehalfOf: await deps.auth.getOwnServiceCredentials(),
    targetPluginId: 'pipelines',
  });
  const response = await fetch(`${baseUrl}${path}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (!response.ok) throw await ResponseError.fromResponse(response);
  return response.json() as Promise<T>;
}
