import {
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
} from '@backstage/core-components';
import { DeploymentStatus } from '@paved/plugin-deployments-common';

const LABELS: Record<DeploymentStatus, string> = {
  pending: 'Pending',
  progressing: 'Progressing',
  succeeded: 'Succeeded',
  failed: 'Failed',
};

/** A deployment's status as the catalog shows statuses: an icon and a word. */
export function DeploymentStatusChip(props: { status: DeploymentStatus }) {
  const label = LABELS[props.status] ?? props.status;
  let status;
  switch (props.status) {
    case 'succeeded':
      status = <StatusOK>{label}</StatusOK>;
      break;
    case 'failed':
      status = <StatusError>{label}</StatusError>;
      break;
    case 'progressing':
      status = <StatusRunning>{label}</StatusRunning>;
      break;
    default:
      status = <StatusPending>{label}</StatusPending>;
  }
  return (
    <span data-testid={`deployment-status-${props.status}`}>{status}</span>
  );
}
