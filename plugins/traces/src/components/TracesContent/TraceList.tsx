import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { Link, Table, TableColumn } from '@backstage/core-components';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import { TraceSummary } from '@paved/plugin-traces-common';
import { traceRouteRef } from '../../routes';
import { serviceColor } from '../serviceColor';
import { formatAgo, formatDurationNs } from '../../format';

/** Search results, newest first; each root operation links to the trace's waterfall. */
export function TraceList(props: {
  traces: TraceSummary[];
  loading: boolean;
  limit: number;
}) {
  const traceLink = useRouteRef(traceRouteRef);
  const longest = Math.max(1, ...props.traces.map(t => t.durationNs));
  const columns: TableColumn<TraceSummary>[] = [
    {
      title: 'Root operation',
      field: 'rootName',
      // Room for "service: METHOD /route" and the 32-digit trace id on one line each.
      cellStyle: { minWidth: 320 },
      render: t => {
        const label = `${t.rootService}: ${t.rootName}`;
        return (
          <Box>
            {traceLink ? (
              <Link to={traceLink({ traceId: t.traceId })}>{label}</Link>
            ) : (
              label
            )}
            {!t.hasRoot && (
              <Chip
                size="small"
                variant="outlined"
                label="root span missing"
                style={{ marginLeft: 8 }}
              />
            )}
            <Typography
              variant="caption"
              color="textSecondary"
              display="block"
              style={{ fontFamily: 'monospace' }}
            >
              {t.traceId}
            </Typography>
          </Box>
        );
      },
    },
    {
      title: 'Services',
      field: 'services',
      sorting: false,
      render: t => (
        <Box display="flex" flexWrap="wrap" style={{ gap: 4 }}>
          {t.services.map(s => (
            <Typography key={s} variant="body2" component="span" noWrap>
              <span style={{ color: serviceColor(s) }}>■</span> {s}
            </Typography>
          ))}
        </Box>
      ),
    },
    { title: 'Spans', field: 'spanCount', type: 'numeric' },
    {
      title: 'Errors',
      field: 'errorCount',
      type: 'numeric',
      render: t =>
        t.errorCount > 0 ? (
          <Typography color="error" variant="body2" component="span">
            {t.errorCount}
          </Typography>
        ) : (
          0
        ),
    },
    {
      title: 'Duration',
      field: 'durationNs',
      type: 'numeric',
      render: t => (
        <Box minWidth={90}>
          {formatDurationNs(t.durationNs)}
          <Box
            height={4}
            mt={0.5}
            ml="auto"
            bgcolor={t.errorCount ? 'error.main' : 'primary.main'}
            width={`${Math.max(2, (t.durationNs / longest) * 100)}%`}
            aria-hidden
          />
        </Box>
      ),
    },
    {
      title: 'Started',
      field: 'startMs',
      type: 'numeric',
      defaultSort: 'desc',
      render: t => (
        <span title={new Date(t.startMs).toLocaleString()}>
          {formatAgo(t.startMs)}
        </span>
      ),
    },
  ];
  return (
    <Table<TraceSummary>
      title={`Traces (${props.traces.length}${
        props.traces.length >= props.limit ? '+, newest first' : ''
      })`}
      isLoading={props.loading}
      options={{
        search: false,
        paging: props.traces.length > 20,
        pageSize: 20,
        padding: 'dense',
      }}
      columns={columns}
      data={props.traces}
      emptyContent={
        <Box p={2}>
          <Typography color="textSecondary">
            No trace matches these filters in the window.
          </Typography>
        </Box>
      }
    />
  );
}
