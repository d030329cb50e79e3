import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Card from '@material-ui/core/Card';
import CardContent from '@material-ui/core/CardContent';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import {
  Content,
  InfoCard,
  Progress,
  Table,
  TableColumn,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { EntityRefLink, catalogApiRef } from '@backstage/plugin-catalog-react';
import { TemplateUsage } from '@paved/plugin-golden-paths-common';
import {
  DailyRunsChart,
  LifecycleChip,
  formatAgo,
  formatDuration,
  formatRate,
  goldenPathsApiRef,
} from '@paved/plugin-golden-paths-react';
import {
  PAVED_ANNOTATIONS,
  TEMPLATE_LIFECYCLES,
  TemplateLifecycle,
  templateLifecycleOf,
} from '@paved/plugin-paved-common';

const DAYS = 30;

/** Template owners may be short names ("platform-team"); links need the full ref. */
function ownerRef(
  owner: string | undefined,
  namespace = 'default',
): string | undefined {
  return owner
    ? stringifyEntityRef(
        parseEntityRef(owner, {
          defaultKind: 'group',
          defaultNamespace: namespace,
        }),
      )
    : undefined;
}

type Row = {
  ref: string;
  title: string;
  lifecycle: TemplateLifecycle;
  category: string;
  owner?: string;
  version?: string;
  usage?: TemplateUsage;
};

function Stat(props: {
  label: string;
  value: string;
  hint?: string;
  warn?: boolean;
}) {
  return (
    <Card variant="outlined" style={{ height: '100%' }}>
      <CardContent>
        <Typography variant="overline" color="textSecondary">
          {props.label}
        </Typography>
        <Typography
          variant="h4"
          style={props.warn ? { color: '#bf360c' } : undefined}
        >
          {props.value}
        </Typography>
        {props.hint && (
          <Typography variant="caption" color="textSecondary">
            {props.hint}
          </Typography>
        )}
      </CardContent>
    </Card>
  );
}

function sumDaily(usages: TemplateUsage[]) {
  const byDate = new Map<
    string,
    { date: string; succeeded: number; failed: number }
  >();
  for (const u of usages) {
    for (const d of u.daily) {
      const cur = byDate.get(d.date) ?? {
        date: d.date,
        succeeded: 0,
        failed: 0,
      };
      cur.succeeded += d.succeeded;
      cur.failed += d.failed;
      byDate.set(d.date, cur);
    }
  }
  return [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date));
}

/**
 * For platform teams: which golden paths people use, which fail, how long they take, and which
 * deprecated ones still have users to move.
 */
export function CurationPage() {
  const catalogApi = useApi(catalogApiRef);
  const goldenPathsApi = useApi(goldenPathsApiRef);
  const [syncing, setSyncing] = useState(false);
  const [syncError, setSyncError] = useState<Error>();

  const data = useAsyncRetry(async () => {
    // Read the scaffolder first, so a run that just ended shows as ended rather than running;
    // if that fails, the figures of the last good read are still worth showing.
    await goldenPathsApi.sync().catch(() => undefined);
    const [templates, usage] = await Promise.all([
      catalogApi.getEntities({ filter: { kind: 'Template' } }),
      goldenPathsApi.getUsage({ days: DAYS }),
    ]);
    const usageOf = new Map(
      usage.templates.map(u => [u.templateRef.toLowerCase(), u]),
    );
    const rows: Row[] = templates.items.map(t => {
      const ref = stringifyEntityRef(t);
      return {
        ref,
        title: t.metadata.title ?? t.metadata.name,
        lifecycle: templateLifecycleOf(t),
        category: String((t.spec as { type?: string })?.type ?? 'other'),
        owner: ownerRef(
          (t.spec as { owner?: string })?.owner,
          t.metadata.namespace,
        ),
        version: t.metadata.annotations?.[PAVED_ANNOTATIONS.templateVersion],
        usage: usageOf.get(ref.toLowerCase()),
      };
    });
    rows.sort(
      (a, b) =>
        TEMPLATE_LIFECYCLES.indexOf(a.lifecycle) -
          TEMPLATE_LIFECYCLES.indexOf(b.lifecycle) ||
        (b.usage?.runs ?? 0) - (a.usage?.runs ?? 0) ||
        a.title.localeCompare(b.title),
    );
    return { rows, usage };
  }, [catalogApi, goldenPathsApi]);

  const refresh = async () => {
    setSyncing(true);
    setSyncError(undefined);
    try {
      await goldenPathsApi.sync();
      data.retry();
    } catch (e) {
      setSyncError(e as Error);
    } finally {
      setSyncing(false);
    }
  };

  if (data.loading && !data.value) return <Progress />;
  if (data.error) {
    return (
      <Content>
        <WarningPanel severity="error" title="Could not load golden-path usage">
          {data.error.message}
        </WarningPanel>
      </Content>
    );
  }
  const { rows, usage } = data.value!;
  const usages = rows
    .map(r => r.usage)
    .filter((u): u is TemplateUsage => Boolean(u));
  const daily = sumDaily(usages);
  const runs30 = daily.reduce((n, d) => n + d.succeeded + d.failed, 0);
  const failed30 = daily.reduce((n, d) => n + d.failed, 0);
  const deprecatedInUse = rows.filter(
    r =>
      r.lifecycle === 'deprecated' &&
      (r.usage?.daily.some(d => d.succeeded + d.failed > 0) ?? false),
  );
  const medians = usages
    .map(u => u.medianDurationMs)
    .filter((m): m is number => m !== undefined);

  const columns: TableColumn<Row>[] = [
    {
      title: 'Golden path',
      field: 'title',
      width: '28%',
      render: r => (
        <>
          <EntityRefLink entityRef={r.ref} title={r.title} />
          <Typography variant="caption" color="textSecondary" component="div">
            {r.category}
            {r.version ? ` · v${r.version}` : ''}
          </Typography>
        </>
      ),
    },
    {
      title: 'Lifecycle',
      field: 'lifecycle',
      render: r => <LifecycleChip lifecycle={r.lifecycle} />,
    },
    {
      title: 'Owner',
      field: 'owner',
      render: r => (r.owner ? <EntityRefLink entityRef={r.owner} /> : '–'),
    },
    {
      title: 'Runs',
      field: 'usage.runs',
      type: 'numeric',
      render: r =>
        r.usage?.inProgress
          ? `${r.usage.runs} (+${r.usage.inProgress} running)`
          : r.usage?.runs ?? 0,
    },
    {
      title: 'Succeeded',
      field: 'usage.successRate',
      type: 'numeric',
      render: r => formatRate(r.usage?.successRate),
    },
    {
      title: 'Median duration',
      field: 'usage.medianDurationMs',
      type: 'numeric',
      render: r => formatDuration(r.usage?.medianDurationMs),
    },
    {
      title: 'Last used',
      field: 'usage.lastRunAt',
      render: r => formatAgo(r.usage?.lastRunAt),
    },
    {
      title: `Last ${DAYS} days`,
      sorting: false,
      width: '100px',
      render: r =>
        r.usage ? (
          <DailyRunsChart daily={r.usage.daily} width={90} height={24} />
        ) : (
          '–'
        ),
    },
  ];

  return (
    <Content>
      <Typography variant="body1" paragraph>
        Every golden path people can start from on the Create page, and how it
        is used: how often it runs, how often it succeeds, how long it takes and
        when it was last used. Deprecated paths that still have users are the
        ones to move teams off.
      </Typography>
      <Box
        display="flex"
        justifyContent="space-between"
        alignItems="center"
        mb={2}
      >
        <Typography
          variant="body2"
          color="textSecondary"
          data-testid="sync-status"
        >
          Usage read from the scaffolder {formatAgo(usage.syncedAt)}
          {usage.syncedAt
            ? ` (${new Date(usage.syncedAt).toLocaleString()})`
            : ''}
          .
        </Typography>
        <Button variant="outlined" onClick={refresh} disabled={syncing}>
          {syncing ? 'Reading the scaffolder…' : 'Refresh now'}
        </Button>
      </Box>
      {(usage.syncError || syncError) && (
        <Box mb={2}>
          <WarningPanel
            severity="warning"
            title="The last read of the scaffolder failed; figures may be stale"
          >
            {syncError?.message ?? usage.syncError}
          </WarningPanel>
        </Box>
      )}
      <Grid container spacing={2}>
        <Grid item xs={12} sm={6} md={3}>
          <Stat
            label={`Runs, last ${DAYS} days`}
            value={String(runs30)}
            hint={`${failed30} failed`}
          />
        </Grid>
        <Grid item xs={12} sm={6} md={3}>
          <Stat
            label="Succeeded"
            value={runs30 ? formatRate((runs30 - failed30) / runs30) : '–'}
            hint="of finished runs, last 30 days"
          />
        </Grid>
        <Grid item xs={12} sm={6} md={3}>
          <Stat
            label="Typical time to a new repository"
            value={formatDuration(
              medians.length
                ? medians.sort((a, b) => a - b)[Math.floor(medians.length / 2)]
                : undefined,
            )}
            hint="median over golden paths"
          />
        </Grid>
        <Grid item xs={12} sm={6} md={3}>
          <Stat
            label="Deprecated paths still used"
            value={String(deprecatedInUse.length)}
            hint={
              deprecatedInUse.length
                ? deprecatedInUse.map(r => r.title).join(', ')
                : 'none in the last 30 days'
            }
            warn={deprecatedInUse.length > 0}
          />
        </Grid>
        <Grid item xs={12}>
          <InfoCard title="Runs per day, all golden paths (green succeeded, red failed)">
            <DailyRunsChart daily={daily} width={1000} height={140} showAxis />
          </InfoCard>
        </Grid>
        <Grid item xs={12}>
          <Table<Row>
            title="Golden paths"
            options={{ paging: false, search: true, padding: 'dense' }}
            columns={columns}
            data={rows}
          />
        </Grid>
      </Grid>
    </Content>
  );
}
