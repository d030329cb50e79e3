import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { InfoCard } from '@backstage/core-components';
import { Deployment } from '@paved/plugin-deployments-common';
import { inFlight } from '../../hooks/useLiveDeployments';
import { formatAction, formatDuration, imageTag, nameOf } from '../../format';
import { CauseList } from '../common';

function describe(d: Deployment, clusterTitle: string) {
  return `${formatAction(d.action)} of ${imageTag(d.image)} to ${clusterTitle}`;
}

function InFlight(props: { deployment: Deployment; clusterTitle: string }) {
  const d = props.deployment;
  const fraction = d.progress?.fraction;
  return (
    <Box mb={2} data-testid="rollout-in-flight" data-deployment-id={d.id}>
      <Typography variant="subtitle2">
        {describe(d, props.clusterTitle)} by {nameOf(d.createdBy)}:{' '}
        {d.status === 'pending' ? 'applying the manifests' : 'rolling out'}
      </Typography>
      <LinearProgress
        variant={fraction === undefined ? 'indeterminate' : 'determinate'}
        value={fraction === undefined ? undefined : Math.round(fraction * 100)}
        aria-label={`Rollout progress of ${d.image}`}
      />
      <Typography variant="body2" color="textSecondary">
        {d.progress?.message ?? 'Waiting for the cluster to accept the change'}
      </Typography>
    </Box>
  );
}

function Settled(props: {
  deployment: Deployment;
  clusterTitle: string;
  onDismiss: () => void;
}) {
  const d = props.deployment;
  const what = describe(d, props.clusterTitle);
  if (d.status === 'succeeded') {
    return (
      <Box mb={1}>
        <Alert
          severity="success"
          onClose={props.onDismiss}
          data-testid="rollout-succeeded"
        >
          {what} succeeded
          {d.durationMs !== null && ` in ${formatDuration(d.durationMs)}`}
          {d.revision !== null && `, now at revision ${d.revision}`}.
        </Alert>
      </Box>
    );
  }
  return (
    <Box mb={1}>
      <Alert
        severity="error"
        onClose={props.onDismiss}
        data-testid="rollout-failed"
      >
        <AlertTitle>
          {what} failed{d.error ? `: ${d.error.reason}` : ''}
        </AlertTitle>
        {d.error?.message ?? d.progress?.message}
        <CauseList causes={d.error?.causes ?? []} />
      </Alert>
    </Box>
  );
}

/**
 * Rollouts as they happen: a progress bar per deployment in flight, then how each one that
 * finished while the page was open ended.
 */
export function LiveRollouts(props: {
  deployments: Deployment[];
  settledHere: ReadonlySet<string>;
  clusterTitles: Record<string, string>;
  pollError?: Error;
  onDismiss: (id: string) => void;
}) {
  const running = props.deployments.filter(inFlight);
  const settled = props.deployments.filter(
    d => !inFlight(d) && props.settledHere.has(d.id),
  );
  if (running.length === 0 && settled.length === 0) return null;
  const titleOf = (d: Deployment) =>
    props.clusterTitles[d.cluster] ?? d.cluster;
  return (
    <div data-testid="live-rollouts">
      <InfoCard title="Rollouts">
        {running.map(d => (
          <InFlight key={d.id} deployment={d} clusterTitle={titleOf(d)} />
        ))}
        {running.length > 0 && props.pollError && (
          <Typography variant="caption" color="error" display="block">
            Could not read the progress just now ({props.pollError.message});
            trying again.
          </Typography>
        )}
        {settled.map(d => (
          <Settled
            key={d.id}
            deployment={d}
            clusterTitle={titleOf(d)}
            onDismiss={() => props.onDismiss(d.id)}
          />
        ))}
      </InfoCard>
    </div>
  );
}
