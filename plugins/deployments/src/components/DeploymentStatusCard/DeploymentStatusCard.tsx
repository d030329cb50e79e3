import useAsync from 'react-use/esm/useAsync';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity, useEntityRefLink } from '@backstage/plugin-catalog-react';
import { WorkloadState } from '@paved/plugin-deployments-common';
import { deploymentsApiRef } from '../../api/DeploymentsApi';
import { toProblem } from '../../errors';
import { formatReplicas, imageTag } from '../../format';
import { DeploymentStatusChip } from '../common';

function Line(props: { workload: WorkloadState; title: string }) {
  const w = props.workload;
  let what;
  switch (w.state) {
    case 'ok':
      what = (
        <>
          <code title={w.image ?? undefined}>{imageTag(w.image)}</code>
          {` · ${formatReplicas(w.ready)}/${formatReplicas(w.desired)} ready`}
        </>
      );
      break;
    case 'missing':
      what = 'not deployed yet';
      break;
    case 'unreachable':
      what = 'cluster unreachable';
      break;
    default:
      what = w.error?.reason ?? 'could not be read';
  }
  return (
    <Box
      display="flex"
      alignItems="center"
      flexWrap="wrap"
      style={{ gap: 8 }}
      mb={1}
      data-testid={`status-line-${w.cluster}`}
    >
      <Typography variant="subtitle2">{props.title}</Typography>
      <Typography
        variant="body2"
        color={w.state === 'ok' ? 'textPrimary' : 'textSecondary'}
      >
        {what}
      </Typography>
      {w.lastDeployment && (
        <DeploymentStatusChip status={w.lastDeployment.status} />
      )}
    </Box>
  );
}

/** On a component's overview: what runs where, in one line per cluster, linking to the tab. */
export function DeploymentStatusCard() {
  const { entity } = useEntity();
  const api = useApi(deploymentsApiRef);
  const entityLink = useEntityRefLink();
  const entityRef = stringifyEntityRef(entity);
  const data = useAsync(async () => {
    const [state, clusters] = await Promise.all([
      api.getState(entityRef),
      api.listClusters(),
    ]);
    return {
      state,
      titles: Object.fromEntries(clusters.map(c => [c.name, c.title])),
    };
  }, [api, entityRef]);
  const value = data.value;

  return (
    <InfoCard
      title="Deployment"
      deepLink={{
        title: 'View deployments',
        link: `${entityLink(entityRef)}/deployments`,
      }}
    >
      {data.loading && <Progress />}
      {data.error && (
        <Typography color="error" variant="body2">
          {toProblem(data.error).message}
        </Typography>
      )}
      {value?.state.workloads.length === 0 && (
        <Typography variant="body2" color="textSecondary">
          Deploys to no configured cluster.
        </Typography>
      )}
      {value?.state.workloads.map(w => (
        <Line
          key={w.cluster}
          workload={w}
          title={value.titles[w.cluster] ?? w.cluster}
        />
      ))}
    </InfoCard>
  );
}
