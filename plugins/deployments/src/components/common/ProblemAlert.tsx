import { ReactNode } from 'react';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { DeploymentError } from '@paved/plugin-deployments-common';
import { Problem } from '../../errors';

type Cause = NonNullable<DeploymentError['causes']>[number];

/** The field manager a server-side apply conflict names, e.g. `kubectl-client-side-apply`. */
export function managerOf(cause: Cause): string | undefined {
  return /conflict with "([^"]+)"/.exec(cause.message)?.[1];
}

/** The API server's causes, one line each: the field first, since that is what to look for. */
export function CauseList(props: { causes: Cause[] }) {
  if (props.causes.length === 0) return null;
  return (
    <ul data-testid="problem-causes" style={{ margin: '8px 0 0' }}>
      {props.causes.map((c, i) => {
        const manager = managerOf(c);
        return (
          <li key={`${c.field ?? ''}-${i}`}>
            <Typography variant="body2" component="span">
              {c.field && <code>{c.field}</code>}
              {c.field && ': '}
              {manager ? `owned by field manager "${manager}"` : c.message}
              {c.reason && !manager && ` (${c.reason})`}
            </Typography>
          </li>
        );
      })}
    </ul>
  );
}

/** A failed request or rollout, with the causes the API server gave. */
export function ProblemAlert(props: {
  problem: Problem | DeploymentError;
  title?: string;
  action?: ReactNode;
}) {
  const { problem } = props;
  const reason = problem.reason;
  return (
    <Alert severity="error" action={props.action} data-testid="problem">
      <AlertTitle>{props.title ?? reason ?? 'Error'}</AlertTitle>
      {props.title && reason && <strong>{reason}: </strong>}
      {problem.message}
      <CauseList causes={problem.causes ?? []} />
    </Alert>
  );
}
