import useAsync from 'react-use/esm/useAsync';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  RELATION_DEPENDENCY_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import { pipelinesApiRef } from '../../api/PipelinesApi';
import { HealthBadge } from '../HealthBadge';
import { formatCount, formatSeconds } from '../../format';

/** True for components that run at least one pipeline (the pipeline depends on them). */
export function runsPipelines(entity: {
  relations?: Array<{ type: string; targetRef: string }>;
}): boolean {
  return (entity.relations ?? []).some(
    r =>
      r.type === RELATION_DEPENDENCY_OF && r.targetRef.startsWith('pipeline:'),
  );
}

/** On a component's page: the lag and health of the pipelines it runs. */
export function ComponentLagCard() {
  const { entity } = useEntity();
  const api = useApi(pipelinesApiRef);
  const refs = (entity.relations ?? [])
    .filter(
      r =>
        r.type === RELATION_DEPENDENCY_OF &&
        r.targetRef.startsWith('pipeline:'),
    )
    .map(r => r.targetRef);
  const health = useAsync(
    () => Promise.all(refs.map(ref => api.getHealth(ref))),
    [api, refs.join(',')],
  );
  return (
    <InfoCard
      title="Pipeline lag"
      subheader={`Pipelines ${stringifyEntityRef(entity).split('/')[1]} runs`}
    >
      {health.loading && <Progress />}
      {health.error && (
        <Typography color="error">{health.error.message}</Typography>
      )}
      {health.value?.map(h => (
        <Box
          key={h.entityRef}
          display="flex"
          alignItems="center"
          style={{ gap: 12 }}
          mb={1}
        >
          <HealthBadge status={h.status} />
          <EntityRefLink entityRef={h.entityRef} />
          <Typography variant="body2" color="textSecondary">
            {h.lag.messages === null
              ? h.reasons[0]
              : `lag ${formatCount(h.lag.messages)} messages, ${formatSeconds(
                  h.lag.seconds,
                )} behind`}
          </Typography>
        </Box>
      ))}
    </InfoCard>
  );
}
