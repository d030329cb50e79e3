import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import Grid from '@material-ui/core/Grid';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { otelServiceNameOf } from '@paved/plugin-traces-common';
import { tracesApiRef } from '../../api/TracesApi';
import { timeRangeOf } from '../../timeRange';
import { formatCount } from '../../format';
import { ProblemPanel } from '../ProblemPanel';
import { LoadState, WindowBar, useTimeWindow } from '../WindowBar';
import { NoTraces } from './NoTraces';
import { RedCharts } from './RedCharts';
import { TraceFiltersForm } from './TraceFiltersForm';
import { TraceList } from './TraceList';
import { TraceFilters, readFilters, writeFilters } from './searchParams';

const LIMIT = 100;

/**
 * The Traces tab of a component: RED charts of its entry spans and a trace search, both over
 * the chosen window and operation, with the state in the URL.
 */
export function TracesContent() {
  const { entity } = useEntity();
  const api = useApi(tracesApiRef);
  const service = otelServiceNameOf(entity);
  const [params, setParams] = useSearchParams();
  const range = timeRangeOf(params.get('range'));
  const filters = useMemo(() => readFilters(params), [params]);
  const { window, refresh } = useTimeWindow(range);

  const setFilters = useCallback(
    (next: TraceFilters) => setParams(p => writeFilters(p, next)),
    [setParams],
  );
  const setRange = (key: string) =>
    setParams(p => {
      const next = new URLSearchParams(p);
      next.set('range', key);
      return next;
    });

  const overview = useAsync(async () => {
    const [operations, red] = await Promise.all([
      api.listOperations(service, window),
      api.getRed(service, {
        ...window,
        stepMs: range.stepMs,
        operation: filters.operation,
      }),
    ]);
    return { operations, red };
  }, [api, service, window, range.stepMs, filters.operation]);

  const search = useAsync(
    () => api.searchTraces({ service, ...window, ...filters, limit: LIMIT }),
    [api, service, window, filters],
  );

  const ingestUrl = useAsync(() => api.getIngestUrl(), [api]);

  const operations = overview.value?.operations ?? [];
  const nothingYet =
    overview.value &&
    operations.length === 0 &&
    overview.value.red.points.every(p => p.count === 0);

  return (
    <Grid container spacing={2}>
      <Grid item xs={12}>
        <WindowBar range={range} onRangeChange={setRange} onRefresh={refresh}>
          <TextField
            select
            label="Operation"
            size="small"
            variant="outlined"
            value={filters.operation ?? ''}
            onChange={e =>
              setFilters({ ...filters, operation: e.target.value || undefined })
            }
            style={{ minWidth: 260 }}
            SelectProps={{ displayEmpty: true }}
            InputLabelProps={{ shrink: true }}
          >
            <MenuItem value="">All operations</MenuItem>
            {filters.operation &&
              !operations.some(o => o.name === filters.operation) && (
                <MenuItem value={filters.operation}>
                  {filters.operation}
                </MenuItem>
              )}
            {operations.map(o => (
              <MenuItem key={o.name} value={o.name}>
                {o.name} ({formatCount(o.count)}
                {o.errors ? `, ${formatCount(o.errors)} errors` : ''})
              </MenuItem>
            ))}
          </TextField>
          <Typography variant="body2" color="textSecondary">
            Spans with service.name <code>{service}</code>
          </Typography>
        </WindowBar>
      </Grid>
      <LoadState
        loading={overview.loading}
        loaded={!!overview.value}
        error={overview.error}
        what="the service's metrics"
      />
      {nothingYet ? (
        <Grid item xs={12}>
          <NoTraces
            service={service}
            ingestUrl={ingestUrl.value}
            rangeLabel={range.label}
          />
        </Grid>
      ) : (
        <>
          {overview.value && (
            <Grid item xs={12}>
              <RedCharts
                red={overview.value.red}
                withDate={range.ms > 86_400_000}
              />
            </Grid>
          )}
          <Grid item xs={12}>
            <InfoCard title="Find traces" noPadding={false}>
              <TraceFiltersForm filters={filters} onChange={setFilters} />
            </InfoCard>
          </Grid>
          <Grid item xs={12}>
            {search.error ? (
              <ProblemPanel error={search.error} what="traces" />
            ) : (
              <TraceList
                traces={search.value ?? []}
                loading={search.loading}
                limit={LIMIT}
              />
            )}
          </Grid>
        </>
      )}
    </Grid>
  );
}
