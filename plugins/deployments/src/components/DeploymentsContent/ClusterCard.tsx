import { ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { InfoCard } from '@backstage/core-components';
import { Deployment, WorkloadState } from '@paved/plugin-deployments-common';
import {
  formatAction,
  formatDuration,
  formatReplicas,
  nameOf,
} from '../../format';
import { DeploymentStatusChip, RelativeTime } from '../common';

const useStyles = makeStyles(theme => ({
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(0.75),
    margin: 0,
    '& dt': { color: theme.palette.text.secondary },
    '& dd': { margin: 0, overflowWrap: 'anywhere' },
  },
}));

function Fact(props: { label: string; children: ReactNode; testId?: string }) {
  return (
    <>
      <dt>{props.label}</dt>
      <dd data-testid={props.testId}>{props.children}</dd>
    </>
  );
}

/** The newest rollout in one line: status, what, who, when and how long. */
export function LastRollout(props: { deployment: Deployment }) {
  const d = props.deployment;
  return (
    <Box
      component="span"
      display="inline-flex"
      flexWrap="wrap"
      alignItems="center"
      style={{ gap: 6 }}
    >
      <DeploymentStatusChip status={d.status} />
      <span>
        {formatAction(d.action)} by {nameOf(d.createdBy)},{' '}
        <RelativeTime iso={d.createdAt} />
        {d.durationMs !== null && `, took ${formatDuration(d.durationMs)}`}
      </span>
    </Box>
  );
}

/**
 * What runs in one cluster: image, replicas, revision and the last rollout, or why that cannot
 * be said (not deployed there yet, cluster unreachable), with what an owner can do about it.
 */
export function ClusterCard(props: {
  workload: WorkloadState;
  title: string;
  canDeploy: boolean;
  onDeploy: () => void;
  onScale: () => void;
  onRestart: () => void;
  onRetry: () => void;
}) {
  const { workload: w, title, canDeploy } = props;
  const classes = useStyles();

  let body: ReactNode;
  let actions: ReactNode = null;
  switch (w.state) {
    case 'missing':
      body = (
        <Alert severity="info" data-testid="workload-missing">
          <AlertTitle>Not deployed to {title} yet</AlertTitle>
          There is no Deployment <code>{w.name}</code> in namespace{' '}
          <code>{w.namespace}</code>.
          {canDeploy
            ? ' Deploy an image to create it.'
            : ' Its owners can deploy it from here.'}
        </Alert>
      );
      actions = canDeploy && (
        <Button variant="contained" color="primary" onClick={props.onDeploy}>
          Deploy
        </Button>
      );
      break;
    case 'unreachable':
    case 'error':
      body = (
        <Alert
          severity={w.state === 'unreachable' ? 'warning' : 'error'}
          data-testid={`workload-${w.state}`}
          action={
            <Button color="inherit" size="small" onClick={props.onRetry}>
              Retry
            </Button>
          }
        >
          <AlertTitle>
            {w.state === 'unreachable'
              ? `Cluster ${title} is unreachable`
              : `Could not read the workload in ${title}${
                  w.error?.reason ? ` (${w.error.reason})` : ''
                }`}
          </AlertTitle>
          {w.error?.message ?? 'The portal got no answer from its API server.'}
        </Alert>
      );
      break;
    default:
      body = (
        <dl className={classes.facts}>
          <Fact label="Image" testId="workload-image">
            <code>{w.image ?? '–'}</code>
          </Fact>
          <Fact label="Replicas" testId="workload-replicas">
            {formatReplicas(w.ready)}/{formatReplicas(w.desired)} ready
            <Typography variant="body2" component="span" color="textSecondary">
              {' '}
              ({formatReplicas(w.updated)} updated,{' '}
              {formatReplicas(w.available)} available)
            </Typography>
            {w.replicasManagedBy && (
              <Typography
                variant="body2"
                color="textSecondary"
                data-testid="workload-hpa"
              >
                Replicas managed by {w.replicasManagedBy}
              </Typography>
            )}
          </Fact>
          <Fact label="Revision">{w.revision ?? '–'}</Fact>
        </dl>
      );
      actions = canDeploy && (
        <>
          <Button variant="contained" color="primary" onClick={props.onDeploy}>
            Deploy
          </Button>
          {w.replicasManagedBy ? (
            <Tooltip
              title={`${w.replicasManagedBy} owns the replica count; change its minReplicas/maxReplicas instead`}
            >
              {/* A disabled button fires no events, so the tooltip needs a wrapper. */}
              <span>
                <Button disabled>Scale</Button>
              </span>
            </Tooltip>
          ) : (
            <Button onClick={props.onScale}>Scale</Button>
          )}
          <Button onClick={props.onRestart}>Restart</Button>
        </>
      );
  }

  return (
    <div data-testid={`cluster-card-${w.cluster}`}>
      <InfoCard
        title={title}
        subheader={`namespace ${w.namespace}`}
        actions={actions || undefined}
        variant="gridItem"
      >
        {body}
        {w.lastDeployment && (
          <Box mt={2}>
            <dl className={classes.facts}>
              <Fact label="Last rollout" testId="workload-last-rollout">
                <LastRollout deployment={w.lastDeployment} />
              </Fact>
            </dl>
          </Box>
        )}
      </InfoCard>
    </div>
  );
}
