import { DeploymentError } from '@paved/plugin-deployments-common';
import { KubeApiError, KubeConnectionError } from './KubeClient';
import { UnknownKindError } from './KubeResources';

/** What Paved was doing when the API server said no, for the message. */
export interface KubeOperation {
  cluster: string;
  verb: string;
  /** e.g. deployments.apps */
  resource: string;
  name?: string;
  namespace?: string;
}

/**
 * An error a user can act on, with the HTTP status the portal answers with. Carried through
 * the service so the router and the history store the same words.
 */
export class DeploymentFailure extends Error {
  constructor(readonly detail: DeploymentError, readonly statusCode: number) {
    super(detail.message);
    this.name = 'DeploymentFailure';
  }
}

function target(op: KubeOperation): string {
  return `${op.resource}${op.name ? ` "${op.name}"` : ''}${
    op.namespace ? ` in namespace "${op.namespace}"` : ''
  }`;
}

/** Turns what the API server or the network said into a DeploymentFailure. */
export function toDeploymentFailure(
  e: unknown,
  op: KubeOperation,
): DeploymentFailure {
  if (e instanceof DeploymentFailure) return e;
  if (e instanceof KubeConnectionError) {
    return new DeploymentFailure(
      {
        reason: e.code === 'KUBECONFIG' ? 'Misconfigured' : 'Unreachable',
        message: e.message,
      },
      503,
    );
  }
  if (e instanceof UnknownKindError) {
    return new DeploymentFailure(
      { reason: 'Invalid', message: `Cluster "${op.cluster}": ${e.message}` },
      422,
    );
  }
  if (e instanceof KubeApiError) {
    const said = e.status?.message ?? e.message;
    const causes = (e.status?.details?.causes ?? []).map(c => ({
      field: c.field,
      message: c.message ?? c.reason ?? '',
      reason: c.reason,
    }));
    switch (e.statusCode) {
      case 401:
        return new DeploymentFailure(
          {
            reason: 'Unauthorized',
            message: `Cluster "${
              op.cluster
            }" rejected the portal's credentials (401 Unauthorized) while trying to ${
              op.verb
            } ${target(
              op,
            )}; check the token, client certificate or kubeconfig configured for it`,
          },
          502,
        );
      case 403:
        return new DeploymentFailure(
          {
            reason: 'Forbidden',
            message: `Cluster "${op.cluster}" does not allow the portal to ${
              op.verb
            } ${target(op)} (403 Forbidden: ${said}); grant that verb on ${
              op.resource
            } to the portal's identity with RBAC`,
          },
          403,
        );
      case 404:
        return new DeploymentFailure(
          {
            reason: 'NotFound',
            message: `Cluster "${op.cluster}": ${said}${
              /namespaces? "/.test(said)
                ? ' (create the namespace first, or change paved.dev/deploy-namespace)'
                : ''
            }`,
          },
          404,
        );
      case 409:
        return new DeploymentFailure(
          {
            reason: 'Conflict',
            message: causes.some(c => c.reason === 'FieldManagerConflict')
              ? `Cluster "${op.cluster}": fields of ${target(
                  op,
                )} are owned by another field manager, so applying would overwrite someone else's change: ${said}. Deploy again with force to take them over.`
              : `Cluster "${op.cluster}": conflict on ${target(op)}: ${said}`,
            causes,
          },
          409,
        );
      case 422:
      case 400:
        return new DeploymentFailure(
          {
            reason: 'Invalid',
            message: `Cluster "${op.cluster}" rejected ${target(
              op,
            )} as invalid: ${said}`,
            causes,
          },
          422,
        );
      default:
        return new DeploymentFailure(
          {
            reason: e.status?.reason || `HTTP${e.statusCode}`,
            message: `Cluster "${op.cluster}" answered ${e.statusCode} to ${
              op.verb
            } ${target(op)}: ${said}`,
            causes: causes.length ? causes : undefined,
          },
          502,
        );
    }
  }
  return new DeploymentFailure(
    {
      reason: 'Error',
      message: `Cluster "${op.cluster}": ${op.verb} ${target(op)} failed: ${
        e instanceof Error ? e.message : String(e)
      }`,
    },
    500,
  );
}
