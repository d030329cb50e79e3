import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  Deployment,
  WorkloadState,
  deploymentCreatePermission,
} from '@paved/plugin-deployments-common';
import { deploymentsApiRef } from '../../api/DeploymentsApi';
import { toProblem } from '../../errors';
import { formatAction, imageTag } from '../../format';
import {
  inFlight,
  mergeLive,
  useLiveDeployments,
} from '../../hooks/useLiveDeployments';
import { ProblemAlert } from '../common';
import { DeployDialog } from '../DeployDialog';
import { ClusterCard } from './ClusterCard';
import { ConfirmDialog } from './ConfirmDialog';
import { HistoryTable } from './HistoryTable';
import { LiveRollouts } from './LiveRollouts';
import { ManifestsDialog } from './ManifestsDialog';
import { NotConfigured } from './NotConfigured';
import { ScaleDialog } from './ScaleDialog';

const HISTORY_LIMIT = 50;

type OpenDialog =
  | { kind: 'deploy'; cluster: string }
  | { kind: 'scale' | 'restart'; workload: WorkloadState }
  | { kind: 'rollback' | 'redeploy' | 'manifests'; deployment: Deployment };

/**
 * The Deployments tab of a component: what runs in each cluster it deploys to, rollouts as they
 * happen, and the history with rollback. Owners deploy, scale and restart from here.
 */
export function DeploymentsContent() {
  const { entity } = useEntity();
  const api = useApi(deploymentsApiRef);
  const entityRef = stringifyEntityRef(entity);
  const state = useAsyncRetry(() => api.getState(entityRef), [api, entityRef]);
  const history = useAsyncRetry(
    () => api.listDeployments(entityRef, { limit: HISTORY_LIMIT }),
    [api, entityRef],
  );
  const clusters = useAsync(() => api.listClusters(), [api]);
  const [open, setOpen] = useState<OpenDialog>();

  const retryState = state.retry;
  const retryHistory = history.retry;
  const refresh = useCallback(() => {
    retryState();
    retryHistory();
  }, [retryState, retryHistory]);

  const known = useMemo(
    () => [
      ...(state.value?.workloads ?? []).flatMap(w =>
        w.lastDeployment ? [w.lastDeployment] : [],
      ),
      ...(history.value ?? []),
    ],
    [state.value, history.value],
  );
  const live = useLiveDeployments({ entityRef, known, onSettled: refresh });
  const rows = useMemo(
    () => mergeLive(history.value ?? [], live.deployments),
    [history.value, live.deployments],
  );

  // The cluster cards show what the API server says; while a rollout moves, each of its steps
  // is a moment to read that again, so a card never says "not deployed" under a running rollout.
  const rolloutStep = live.deployments
    .filter(inFlight)
    .map(d => `${d.id}:${d.status}:${d.progress?.message ?? ''}`)
    .join('|');
  // retry changes identity whenever loading flips, so it is read through a ref, not a dependency.
  const retryStateRef = useRef(retryState);
  retryStateRef.current = retryState;
  useEffect(() => {
    if (rolloutStep) retryStateRef.current();
  }, [rolloutStep]);

  const clusterTitles = useMemo(
    () =>
      Object.fromEntries((clusters.value ?? []).map(c => [c.name, c.title])),
    [clusters.value],
  );

  if (state.loading && !state.value) return <Progress />;
  if (state.error && !state.value) {
    return (
      <ProblemAlert
        problem={toProblem(state.error)}
        title="Could not read the deployments of this component"
        action={
          <Button color="inherit" size="small" onClick={state.retry}>
            Retry
          </Button>
        }
      />
    );
  }
  const { workloads, canDeploy, canRollback } = state.value!;
  if (workloads.length === 0) {
    return (
      <NotConfigured
        entityName={entity.metadata.name}
        clusters={clusters.value}
      />
    );
  }

  const titleOf = (cluster: string) => clusterTitles[cluster] ?? cluster;
  /** A change the backend accepted: follow it and show its row right away. */
  const started = (id: string) => {
    setOpen(undefined);
    live.follow(id);
    history.retry();
  };
  const close = () => setOpen(undefined);

  return (
    <Grid container spacing={2}>
      {!canDeploy && (
        <Grid item xs={12}>
          <Alert severity="info" data-testid="read-only-note">
            You can see where {entity.metadata.name} runs but not change it:
            deploying, scaling, restarting and rolling back are for its owners
            (permission <code>{deploymentCreatePermission.name}</code>).
          </Alert>
        </Grid>
      )}
      <Grid item xs={12}>
        <LiveRollouts
          deployments={live.deployments}
          settledHere={live.settledHere}
          clusterTitles={clusterTitles}
          pollError={live.pollError}
          onDismiss={live.dismiss}
        />
      </Grid>
      {workloads.map(w => (
        <Grid item xs={12} md={6} key={w.cluster}>
          <ClusterCard
            workload={w}
            title={titleOf(w.cluster)}
            canDeploy={canDeploy}
            onDeploy={() => setOpen({ kind: 'deploy', cluster: w.cluster })}
            onScale={() => setOpen({ kind: 'scale', workload: w })}
            onRestart={() => setOpen({ kind: 'restart', workload: w })}
            onRetry={state.retry}
          />
        </Grid>
      ))}
      <Grid item xs={12}>
        {history.error && (
          <Box mb={2}>
            <ProblemAlert
              problem={toProblem(history.error)}
              title="Could not read the history"
              action={
                <Button color="inherit" size="small" onClick={history.retry}>
                  Retry
                </Button>
              }
            />
          </Box>
        )}
        {history.loading && !history.value ? (
          <Progress />
        ) : (
          <HistoryTable
            deployments={rows}
            clusterTitles={clusterTitles}
            showCluster={workloads.length > 1}
            complete={(history.value?.length ?? 0) < HISTORY_LIMIT}
            canDeploy={canDeploy}
            canRollback={canRollback}
            onRollback={d => setOpen({ kind: 'rollback', deployment: d })}
            onRedeploy={d => setOpen({ kind: 'redeploy', deployment: d })}
            onShowManifests={d => setOpen({ kind: 'manifests', deployment: d })}
          />
        )}
      </Grid>

      {open?.kind === 'deploy' && (
        <DeployDialog
          entityRef={entityRef}
          workloads={workloads}
          clusterTitles={clusterTitles}
          initialCluster={open.cluster}
          onClose={close}
          onStarted={started}
        />
      )}
      {open?.kind === 'scale' && (
        <ScaleDialog
          clusterTitle={titleOf(open.workload.cluster)}
          current={open.workload.desired}
          onClose={close}
          onScale={async replicas => {
            const { id } = await api.scale(entityRef, {
              cluster: open.workload.cluster,
              replicas,
            });
            started(id);
          }}
        />
      )}
      {open?.kind === 'restart' && (
        <ConfirmDialog
          title={`Restart ${entity.metadata.name} in ${titleOf(
            open.workload.cluster,
          )}?`}
          confirmLabel="Restart"
          onClose={close}
          onConfirm={async () => {
            const { id } = await api.restart(entityRef, {
              cluster: open.workload.cluster,
            });
            started(id);
          }}
        >
          <Typography variant="body1">
            Every pod is replaced by a rolling restart, as{' '}
            <code>kubectl rollout restart</code> does. The running image and
            replica count stay as they are.
          </Typography>
        </ConfirmDialog>
      )}
      {open?.kind === 'rollback' && (
        <ConfirmDialog
          title={`Roll back this ${formatAction(
            open.deployment.action,
          ).toLocaleLowerCase('en-US')} in ${titleOf(
            open.deployment.cluster,
          )}?`}
          confirmLabel="Roll back"
          onClose={close}
          onConfirm={async () => {
            const { id } = await api.rollback(open.deployment.id);
            started(id);
          }}
        >
          <Typography variant="body1">
            This undoes {imageTag(open.deployment.image)} by applying again the
            last deployment that succeeded before it, manifests and all.
          </Typography>
        </ConfirmDialog>
      )}
      {open?.kind === 'redeploy' && (
        <ConfirmDialog
          title={`Redeploy ${imageTag(open.deployment.image)} to ${titleOf(
            open.deployment.cluster,
          )}?`}
          confirmLabel="Redeploy"
          onClose={close}
          onConfirm={async () => {
            const { id } = await api.redeploy(open.deployment.id);
            started(id);
          }}
        >
          <Typography variant="body1">
            The manifests this deployment applied are applied again, exactly as
            they were recorded.
          </Typography>
        </ConfirmDialog>
      )}
      {open?.kind === 'manifests' && (
        <ManifestsDialog deployment={open.deployment} onClose={close} />
      )}
    </Grid>
  );
}
