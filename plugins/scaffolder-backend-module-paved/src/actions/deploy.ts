import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { parseImageReference } from '@paved/plugin-deployments-common';

const POLL_INTERVAL_MS = 1000;

interface DeploymentView {
  id: string;
  cluster: string;
  status: 'pending' | 'progressing' | 'succeeded' | 'failed';
  revision: number | null;
  progress: { message: string } | null;
  error: {
    reason: string;
    message: string;
    causes?: Array<{ field?: string; message: string }>;
  } | null;
}

/** The deployments backend's own explanation of a failed call, not just its status line. */
async function explain(res: Response): Promise<string> {
  const text = await res.text();
  try {
    const body = JSON.parse(text);
    const causes: Array<{ field?: string; message: string }> =
      body.details?.causes ?? [];
    return [
      body.error?.message ?? text,
      ...causes.map(c => (c.field ? `${c.field}: ${c.message}` : c.message)),
    ].join('; ');
  } catch {
    return `${res.status} ${res.statusText}${text ? `: ${text}` : ''}`;
  }
}

/**
 * `paved:deploy`: deploys a component through the deployments backend on behalf of the person
 * running the template, so the same permissions apply as on the entity page, and follows the
 * rollout to its end so that the task fails when the rollout does.
 */
export function createDeployAction(options: {
  discovery: DiscoveryService;
  auth: AuthService;
  pollIntervalMs?: number;
}) {
  const { discovery, auth } = options;
  const pollIntervalMs = options.pollIntervalMs ?? POLL_INTERVAL_MS;
  return createTemplateAction({
    id: 'paved:deploy',
    description:
      "Deploys a component to Kubernetes through Paved's deployments backend (the manifests in its repository's k8s/ folder, with the given image) and waits for the rollout.",
    examples: [
      {
        description: 'Deploy a service right after publishing it',
        example: `steps:
  - id: deploy
    action: paved:deploy
    input:
      entityRef: \${{ steps.publish.output.entityRef }}
      image: ghcr.io/acme/\${{ parameters.name }}:0.1.0`,
      },
    ],
    schema: {
      input: {
        entityRef: z =>
          z
            .string()
            .describe(
              'The component to deploy; it names its cluster in paved.dev/deploy-cluster',
            ),
        image: z => z.string().describe('Image reference to deploy'),
        replicas: z =>
          z
            .number()
            .int()
            .min(0)
            .optional()
            .describe('Replica count; the manifests decide when absent'),
        cluster: z =>
          z
            .string()
            .optional()
            .describe(
              'One of the clusters the entity opted into; its first when absent',
            ),
        wait: z =>
          z
            .boolean()
            .optional()
            .describe(
              'Follow the rollout and fail the step if it fails (default true)',
            ),
      },
      output: {
        deploymentId: z =>
          z.string().describe('Id of the deployment in the portal'),
        cluster: z => z.string().describe('Cluster it went to'),
        status: z =>
          z
            .string()
            .describe('succeeded, or pending/progressing when wait is false'),
      },
    },
    async handler(ctx) {
      const { entityRef, image, replicas, cluster } = ctx.input;
      const wait = ctx.input.wait ?? true;
      const image0 = parseImageReference(image);
      if (!image0.ok) throw new Error(image0.error);
      let ref;
      try {
        ref = parseEntityRef(entityRef, { defaultKind: 'component' });
      } catch (e) {
        throw new Error(
          `entityRef '${entityRef}' is not an entity ref: ${
            (e as Error).message
          }`,
        );
      }
      const baseUrl = await discovery.getBaseUrl('deployments');
      const call = async (path: string, init: RequestInit = {}) => {
        const { token } = await auth.getPluginRequestToken({
          onBehalfOf: await ctx.getInitiatorCredentials(),
          targetPluginId: 'deployments',
        });
        return fetch(`${baseUrl}${path}`, {
          ...init,
          headers: {
            ...init.headers,
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
          },
        });
      };
      const entityPath = `/entities/${encodeURIComponent(
        ref.kind,
      )}/${encodeURIComponent(ref.namespace)}/${encodeURIComponent(ref.name)}`;

      const started = await call(`${entityPath}/deployments`, {
        method: 'POST',
        body: JSON.stringify({ image, replicas, cluster }),
      });
      if (started.status !== 202) {
        throw new Error(
          `Could not deploy ${entityRef}: ${await explain(started)}`,
        );
      }
      const { id } = (await started.json()) as { id: string };
      ctx.output('deploymentId', id);

      let last: DeploymentView | undefined;
      let lastMessage = '';
      for (;;) {
        const res = await call(`/deployments/${encodeURIComponent(id)}`);
        if (!res.ok) {
          throw new Error(
            `Could not read deployment ${id}: ${await explain(res)}`,
          );
        }
        last = (await res.json()) as DeploymentView;
        const message = last.progress?.message ?? last.status;
        if (message !== lastMessage) {
          ctx.logger.info(`${last.cluster}: ${message}`);
          lastMessage = message;
        }
        if (
          !wait ||
          last.status === 'succeeded' ||
          last.status === 'failed' ||
          ctx.signal?.aborted
        ) {
          break;
        }
        await new Promise(resolve => setTimeout(resolve, pollIntervalMs));
      }
      ctx.output('cluster', last.cluster);
      ctx.output('status', last.status);
      if (last.status === 'failed') {
        const causes = (last.error?.causes ?? [])
          .map(c => (c.field ? `${c.field}: ${c.message}` : c.message))
          .join('; ');
        throw new Error(
          `Deploying ${entityRef} to ${last.cluster} failed (${
            last.error?.reason ?? 'unknown'
          }): ${last.error?.message ?? 'no reason recorded'}${
            causes ? ` (${causes})` : ''
          }`,
        );
      }
      if (last.status === 'succeeded') {
        ctx.logger.info(
          `Deployed ${image} to ${last.cluster}${
            last.revision ? ` as revision ${last.revision}` : ''
          }`,
        );
      }
    },
  });
}
