import { DeploymentProgress } from '@paved/plugin-deployments-common';

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';

export type RolloutState =
  | { phase: 'progressing'; progress: DeploymentProgress }
  | { phase: 'succeeded'; progress: DeploymentProgress }
  | {
      phase: 'failed';
      progress: DeploymentProgress;
      reason: string;
      message: string;
    }
  /** A later change to the Deployment took over; this rollout will never finish as applied. */
  | { phase: 'superseded'; progress: DeploymentProgress };

export function revisionOf(deployment: any): number | null {
  const raw = deployment?.metadata?.annotations?.[REVISION_ANNOTATION];
  const n = Number(raw);
  return raw !== undefined && Number.isInteger(n) ? n : null;
}

/**
 * Where the rollout of `generation` stands, judged as `kubectl rollout status` judges it: the
 * controller must have seen this generation; then every replica updated, none of the old ones
 * left, and all the updated ones available. ProgressDeadlineExceeded is a failure.
 */
export function rolloutStatus(
  deployment: any,
  generation: number,
): RolloutState {
  const spec = deployment?.spec ?? {};
  const status = deployment?.status ?? {};
  const desired = spec.replicas ?? 1;
  const total = status.replicas ?? 0;
  const updated = status.updatedReplicas ?? 0;
  const ready = status.readyReplicas ?? 0;
  const available = status.availableReplicas ?? 0;
  const old = Math.max(0, total - updated);
  const base = { desired, updated, ready, available, old };
  // Updated and available replicas count equally; old replicas leaving close the last step.
  const steps = desired * 2 + old;
  let fraction: number;
  if (desired === 0) {
    // Scaled to zero: done once the old replicas are gone.
    fraction = old === 0 ? 1 : 0.5;
  } else {
    fraction = Math.min(
      1,
      (Math.min(updated, desired) + Math.min(available, updated)) /
        Math.max(steps, 1),
    );
  }
  const progress = (message: string, f = fraction): DeploymentProgress => ({
    ...base,
    message,
    fraction: Number(f.toFixed(3)),
  });

  const current = deployment?.metadata?.generation ?? 0;
  if (current > generation) {
    return {
      phase: 'superseded',
      progress: progress(
        `The Deployment changed again (generation ${current}) before this rollout finished`,
      ),
    };
  }
  const observed = status.observedGeneration ?? 0;
  if (observed < generation) {
    return {
      phase: 'progressing',
      progress: progress(
        'Waiting for the deployment controller to see the change',
        0,
      ),
    };
  }
  const progressing = (status.conditions ?? []).find(
    (c: any) => c.type === 'Progressing',
  );
  if (progressing?.reason === 'ProgressDeadlineExceeded') {
    return {
      phase: 'failed',
      reason: 'ProgressDeadlineExceeded',
      message: `The rollout made no progress within its deadline of ${
        spec.progressDeadlineSeconds ?? 600
      } s (${updated} of ${desired} replicas updated, ${available} available): ${
        progressing.message ?? ''
      }`.trim(),
      progress: progress('Progress deadline exceeded'),
    };
  }
  if (updated < desired) {
    return {
      phase: 'progressing',
      progress: progress(
        `${updated} of ${desired} new replicas have been updated`,
      ),
    };
  }
  if (total > updated) {
    return {
      phase: 'progressing',
      progress: progress(
        `${old} old replica${old === 1 ? ' is' : 's are'} pending termination`,
      ),
    };
  }
  if (available < updated) {
    return {
      phase: 'progressing',
      progress: progress(
        `${available} of ${updated} updated replicas are available`,
      ),
    };
  }
  return {
    phase: 'succeeded',
    progress: progress(
      `Rolled out: ${desired} of ${desired} replica${
        desired === 1 ? '' : 's'
      } updated and available`,
      1,
    ),
  };
}
