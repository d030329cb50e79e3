import { ResponseError, isError } from '@backstage/errors';
import { DeploymentError } from '@paved/plugin-deployments-common';

/** A failed request, reduced to what the UI shows: the message and any causes to list. */
export interface Problem {
  /** HTTP status when the server answered. */
  status?: number;
  /** e.g. Conflict, Invalid, Forbidden: the Kubernetes reason or the error's name. */
  reason?: string;
  message: string;
  causes: NonNullable<DeploymentError['causes']>;
}

function isDeploymentError(value: unknown): value is DeploymentError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as DeploymentError).message === 'string'
  );
}

/**
 * Turns anything a client call threw into a {@link Problem}. The backend sends Kubernetes
 * failures as a standard error body with `details: DeploymentError` beside it, so the API
 * server's field-level causes reach the user instead of a bare "409 Conflict".
 */
export function toProblem(error: unknown): Problem {
  if (ResponseError.is(error)) {
    const body = error.body as typeof error.body & { details?: unknown };
    const details = isDeploymentError(body.details) ? body.details : undefined;
    return {
      status: error.statusCode,
      reason: details?.reason ?? body.error?.name,
      message: body.error?.message ?? details?.message ?? error.message,
      causes: details?.causes ?? [],
    };
  }
  return {
    message: isError(error) ? error.message : String(error),
    causes: [],
  };
}
