import useAsync from 'react-use/esm/useAsync';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { Content, Progress } from '@backstage/core-components';
import { useApi, useRouteRefParams } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { tracesApiRef } from '../../api/TracesApi';
import { traceRouteRef } from '../../routes';
import { ProblemPanel } from '../ProblemPanel';
import { TraceWaterfall } from '../TraceWaterfall';

/** `/traces/:traceId`: one trace's waterfall, with links to the entities of its services. */
export function TracePage() {
  const { traceId } = useRouteRefParams(traceRouteRef);
  const api = useApi(tracesApiRef);
  const trace = useAsync(() => api.getTrace(traceId), [api, traceId]);

  const root = trace.value?.spans.find(s => !s.parentSpanId);
  return (
    <Content>
      <Box mb={2}>
        <Typography variant="h5">
          {root ? `${root.service}: ${root.name}` : 'Trace'}
        </Typography>
        <Typography
          variant="body2"
          color="textSecondary"
          style={{ fontFamily: 'monospace' }}
        >
          {traceId}
        </Typography>
        {trace.value && (
          <Typography variant="body2" component="div">
            Entities:{' '}
            {Object.entries(trace.value.services)
              .filter((e): e is [string, string] => e[1] !== null)
              .map(([service, ref], i) => (
                <span key={service}>
                  {i > 0 && ', '}
                  <EntityRefLink entityRef={ref}>{service}</EntityRefLink>
                </span>
              ))}
            {Object.values(trace.value.services).every(r => r === null) &&
              'no service of this trace maps to a catalog entity'}
          </Typography>
        )}
      </Box>
      {trace.loading && <Progress />}
      {trace.error && (
        <ProblemPanel error={trace.error} what={`trace ${traceId}`} />
      )}
      {trace.value && trace.value.spans.length === 0 && (
        <Typography color="textSecondary">
          No span of this trace has arrived.
        </Typography>
      )}
      {trace.value && trace.value.spans.length > 0 && (
        <TraceWaterfall key={traceId} trace={trace.value} />
      )}
    </Content>
  );
}
