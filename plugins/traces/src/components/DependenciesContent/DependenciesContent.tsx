import { useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import {
  EmptyState,
  InfoCard,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import { SystemDependency } from '@paved/plugin-traces-common';
import { tracesApiRef } from '../../api/TracesApi';
import { DEFAULT_RANGE, timeRangeOf } from '../../timeRange';
import { formatCount, formatPercent } from '../../format';
import { LoadState, WindowBar, useTimeWindow } from '../WindowBar';
import { DependencyGraph } from './DependencyGraph';
import { DependencyStatus, shortName, statusOf } from './graphLayout';

const STATUS_LABEL: Record<DependencyStatus, string> = {
  declared: 'declared',
  undeclared: 'undeclared',
  unused: 'unused declared',
};

/** An end of an edge: a link when it is an entity, else the bare service.name. */
function End(props: { ref_: string; service: string | null }) {
  const isEntity = /^[^:/]+:/.test(props.ref_);
  return (
    <Box>
      {isEntity ? (
        <EntityRefLink entityRef={props.ref_}>
          {shortName(props.ref_)}
        </EntityRefLink>
      ) : (
        props.ref_
      )}
      {isEntity && props.service && props.service !== shortName(props.ref_) && (
        <Typography variant="caption" color="textSecondary" display="block">
          service.name {props.service}
        </Typography>
      )}
    </Box>
  );
}

/**
 * The Dependencies tab of a System: calls between services seen in spans beside the
 * dependsOn relations the catalog declares, with the differences flagged.
 */
export function DependenciesContent() {
  const { entity } = useEntity();
  const api = useApi(tracesApiRef);
  const systemRef = stringifyEntityRef(entity);
  const [rangeKey, setRangeKey] = useState(DEFAULT_RANGE.key);
  const range = timeRangeOf(rangeKey);
  const { window, refresh } = useTimeWindow(range);
  const data = useAsync(
    () => api.getSystemDependencies(systemRef, window),
    [api, systemRef, window],
  );

  const rows = useMemo(() => {
    const order: Record<DependencyStatus, number> = {
      undeclared: 0,
      unused: 1,
      declared: 2,
    };
    return [...(data.value?.dependencies ?? [])].sort(
      (a, b) =>
        order[statusOf(a)] - order[statusOf(b)] ||
        b.calls - a.calls ||
        a.from.localeCompare(b.from),
    );
  }, [data.value]);
  const counts = { declared: 0, undeclared: 0, unused: 0 };
  for (const d of rows) counts[statusOf(d)]++;

  const columns: TableColumn<SystemDependency>[] = [
    {
      title: 'From',
      field: 'from',
      render: d => <End ref_={d.from} service={d.fromService} />,
    },
    {
      title: 'To',
      field: 'to',
      render: d => <End ref_={d.to} service={d.toService} />,
    },
    {
      title: 'Status',
      render: d => {
        const status = statusOf(d);
        return (
          <Chip
            size="small"
            label={STATUS_LABEL[status]}
            variant={status === 'declared' ? 'outlined' : 'default'}
            color={status === 'undeclared' ? 'secondary' : 'default'}
            data-testid={`status-${status}`}
          />
        );
      },
    },
    {
      title: 'Calls',
      field: 'calls',
      type: 'numeric',
      render: d => (d.observed ? formatCount(d.calls) : '–'),
    },
    {
      title: 'Errors',
      field: 'errors',
      type: 'numeric',
      render: d => {
        if (!d.observed) return '–';
        if (!d.errors) return 0;
        return (
          <Typography color="error" variant="body2" component="span">
            {formatCount(d.errors)} (
            {formatPercent(d.errors / Math.max(1, d.calls))})
          </Typography>
        );
      },
    },
  ];

  return (
    <Grid container spacing={2}>
      <Grid item xs={12}>
        <WindowBar
          range={range}
          onRangeChange={setRangeKey}
          onRefresh={refresh}
        >
          {data.value && (
            <Typography variant="body2" data-testid="dependency-counts">
              {counts.undeclared} undeclared · {counts.unused} unused declared ·{' '}
              {counts.declared} declared and observed
            </Typography>
          )}
        </WindowBar>
      </Grid>
      <LoadState
        loading={data.loading}
        loaded={!!data.value}
        error={data.error}
        what="the system's dependencies"
      />
      {data.value && rows.length === 0 && (
        <Grid item xs={12}>
          <EmptyState
            missing="data"
            title="No dependencies declared or observed"
            description={`None of this system's ${
              data.value.components.length
            } components declares a dependsOn relation, and no call between services was seen in spans in the ${range.label.toLowerCase()}. Calls appear once services send traces with context propagation, so that a child span names its caller's span as parent.`}
          />
        </Grid>
      )}
      {data.value && rows.length > 0 && (
        <>
          <Grid item xs={12}>
            <InfoCard
              title="Graph"
              subheader="Solid: declared and observed. Orange: observed, not declared. Dashed: declared, not observed. Dashed boxes are outside this system."
            >
              <Box overflow="auto">
                <DependencyGraph data={data.value} />
              </Box>
            </InfoCard>
          </Grid>
          <Grid item xs={12}>
            <Table<SystemDependency>
              title="Dependencies"
              options={{
                search: false,
                paging: rows.length > 20,
                pageSize: 20,
                padding: 'dense',
              }}
              columns={columns}
              data={rows}
            />
          </Grid>
        </>
      )}
    </Grid>
  );
}
