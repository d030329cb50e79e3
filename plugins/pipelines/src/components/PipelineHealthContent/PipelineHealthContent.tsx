import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Card from '@material-ui/core/Card';
import CardContent from '@material-ui/core/CardContent';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import {
  EmptyState,
  InfoCard,
  Progress,
  Table,
  TableColumn,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { PartitionLag, PipelineHealth } from '@paved/plugin-pipelines-common';
import { pipelinesApiRef } from '../../api/PipelinesApi';
import { HealthBadge } from '../HealthBadge';
import { TimeSeriesChart } from '../charts/TimeSeriesChart';
import { PartitionStrip } from '../charts/PartitionStrip';
import { useRefreshEvery } from '../../useRefreshEvery';
import { formatCount, formatRate, formatSeconds } from '../../format';

const REFRESH_MS = 15_000;
const WORST_SHOWN = 10;

function Kpi(props: { label: string; value: string; hint?: string }) {
  return (
    <Card variant="outlined" style={{ height: '100%' }}>
      <CardContent>
        <Typography variant="overline" color="textSecondary">
          {props.label}
        </Typography>
        <Typography variant="h5">{props.value}</Typography>
        {props.hint && (
          <Typography variant="caption" color="textSecondary">
            {props.hint}
          </Typography>
        )}
      </CardContent>
    </Card>
  );
}

function PartitionsSection(props: { topic: PipelineHealth['topics'][number] }) {
  const { topic } = props;
  const [showAll, setShowAll] = useState(false);
  const sorted = [...topic.partitions].sort(
    (a, b) => b.lag - a.lag || a.partition - b.partition,
  );
  const columns: TableColumn<PartitionLag>[] = [
    { title: 'Partition', field: 'partition', type: 'numeric' },
    {
      title: 'Lag',
      field: 'lag',
      type: 'numeric',
      render: p => formatCount(p.lag),
      defaultSort: 'desc',
    },
    {
      title: 'Committed',
      field: 'committedOffset',
      type: 'numeric',
      render: p =>
        p.committedOffset === null ? 'never' : formatCount(p.committedOffset),
    },
    {
      title: 'Log start',
      field: 'startOffset',
      type: 'numeric',
      render: p => formatCount(p.startOffset),
    },
    {
      title: 'Log end',
      field: 'endOffset',
      type: 'numeric',
      render: p => formatCount(p.endOffset),
    },
  ];
  return (
    <InfoCard
      title={`${topic.topic} · group ${topic.consumerGroup}`}
      subheader={
        topic.error
          ? topic.error
          : `${formatCount(
              topic.partitions.length,
            )} partitions, lag ${formatCount(topic.lag)} messages${
              topic.lagSeconds !== null
                ? `, ${formatSeconds(topic.lagSeconds)} behind`
                : ''
            }`
      }
    >
      {topic.partitions.length > 0 && (
        <>
          <PartitionStrip partitions={topic.partitions} topic={topic.topic} />
          <Box mt={2}>
            <Table<PartitionLag>
              title={
                showAll
                  ? `All ${formatCount(sorted.length)} partitions`
                  : `Furthest behind`
              }
              options={{
                paging: showAll && sorted.length > 20,
                pageSize: 20,
                search: false,
                padding: 'dense',
                toolbar: true,
              }}
              columns={columns}
              data={showAll ? sorted : sorted.slice(0, WORST_SHOWN)}
            />
            {sorted.length > WORST_SHOWN && (
              <Button size="small" onClick={() => setShowAll(!showAll)}>
                {showAll
                  ? 'Show the furthest behind only'
                  : `Show all ${formatCount(sorted.length)} partitions`}
              </Button>
            )}
          </Box>
        </>
      )}
    </InfoCard>
  );
}

/**
 * The Health tab of a Pipeline: status with reasons, lag and throughput over time against the
 * SLO, every partition at a glance, and who is consuming.
 */
export function PipelineHealthContent() {
  const { entity } = useEntity();
  const api = useApi(pipelinesApiRef);
  const theme = useTheme();
  const entityRef = stringifyEntityRef(entity);
  const data = useAsyncRetry(async () => {
    const [health, history, clusters] = await Promise.all([
      api.getHealth(entityRef),
      api.getHistory(entityRef, 6),
      api.listClusters(),
    ]);
    return { health, history, clusters };
  }, [api, entityRef]);

  useRefreshEvery(REFRESH_MS, data.retry);

  if (data.loading && !data.value) return <Progress />;
  if (data.error) {
    return (
      <WarningPanel
        severity="error"
        title="Could not load the pipeline's health"
      >
        {data.error.message}
      </WarningPanel>
    );
  }
  const { health, history, clusters } = data.value!;
  if (clusters.length === 0) {
    return (
      <EmptyState
        missing="info"
        title="No Kafka cluster is configured"
        description="The portal reads pipeline lag from the clusters under pipelines.kafka.clusters in its configuration. Locally, ./scripts/start --with-stack runs a broker and configures it."
      />
    );
  }
  const samples = history.samples.map(s => ({
    ...s,
    t: Date.parse(s.sampledAt),
  }));
  const worstAt = new Map(samples.map(s => [s.t, s.worstPartitions]));
  const describe = (t: number) => {
    const worst = worstAt.get(t);
    return worst?.length
      ? `worst partitions: ${worst
          .map(w => `${w.topic}/${w.partition} (${formatCount(w.lag)})`)
          .join(', ')}`
      : undefined;
  };
  const latestWorst = samples.length
    ? samples[samples.length - 1].worstPartitions
    : [];

  return (
    <Grid container spacing={2}>
      <Grid item xs={12}>
        <Card>
          <CardContent>
            <Box display="flex" alignItems="center" style={{ gap: 12 }}>
              <HealthBadge status={health.status} size="medium" />
              <Typography variant="body2" color="textSecondary">
                {health.sampledAt
                  ? `Read from Kafka cluster ${health.cluster} at ${new Date(
                      health.sampledAt,
                    ).toLocaleTimeString()}`
                  : 'Not read from Kafka yet'}
              </Typography>
            </Box>
            <ul data-testid="health-reasons">
              {health.reasons.map(r => (
                <li key={r}>
                  <Typography variant="body1">{r}</Typography>
                </li>
              ))}
            </ul>
          </CardContent>
        </Card>
      </Grid>
      <Grid item xs={12}>
        <Grid container spacing={2}>
          <Grid item xs={6} md>
            <Kpi
              label="Lag (messages)"
              value={formatCount(health.lag.messages)}
              hint={
                health.slo.maxLagMessages
                  ? `SLO ${formatCount(health.slo.maxLagMessages)}`
                  : 'no message SLO'
              }
            />
          </Grid>
          <Grid item xs={6} md>
            <Kpi
              label="Lag (time)"
              value={formatSeconds(health.lag.seconds)}
              hint={
                health.slo.maxLagSeconds
                  ? `SLO ${formatSeconds(health.slo.maxLagSeconds)}`
                  : 'no time SLO'
              }
            />
          </Grid>
          <Grid item xs={4} md>
            <Kpi
              label="Arriving"
              value={formatRate(health.throughput.inputPerSecond)}
              hint="messages into the inputs"
            />
          </Grid>
          <Grid item xs={4} md>
            <Kpi
              label="Consumed"
              value={formatRate(health.throughput.consumedPerSecond)}
              hint="committed by the groups"
            />
          </Grid>
          <Grid item xs={4} md>
            <Kpi
              label="Produced"
              value={formatRate(health.throughput.outputPerSecond)}
              hint="messages into the outputs"
            />
          </Grid>
        </Grid>
      </Grid>
      <Grid item xs={12} lg={6}>
        <InfoCard
          title="Lag over the last 6 hours"
          subheader={
            latestWorst.length
              ? `Furthest behind now: ${latestWorst
                  .map(w => `${w.topic}/${w.partition} (${formatCount(w.lag)})`)
                  .join(', ')}`
              : 'No partition is behind'
          }
        >
          <TimeSeriesChart
            ariaLabel="Lag in messages over time"
            series={[
              {
                name: 'Lag (messages, all partitions)',
                color: theme.palette.primary.main,
                points: samples.map(s => ({ t: s.t, v: s.lagMessages })),
              },
            ]}
            threshold={
              health.slo.maxLagMessages
                ? {
                    value: health.slo.maxLagMessages,
                    label: `SLO ${formatCount(health.slo.maxLagMessages)}`,
                  }
                : undefined
            }
            format={formatCount}
            describe={describe}
          />
          {health.slo.maxLagSeconds !== undefined && (
            <Box mt={2}>
              <TimeSeriesChart
                height={160}
                ariaLabel="Lag in time over time"
                series={[
                  {
                    name: 'Lag (time)',
                    color: theme.palette.secondary.main,
                    points: samples.map(s => ({ t: s.t, v: s.lagSeconds })),
                  },
                ]}
                threshold={{
                  value: health.slo.maxLagSeconds,
                  label: `SLO ${formatSeconds(health.slo.maxLagSeconds)}`,
                }}
                format={formatSeconds}
              />
            </Box>
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12} lg={6}>
        <InfoCard title="Throughput over the last 6 hours">
          <TimeSeriesChart
            ariaLabel="Throughput over time"
            series={[
              {
                name: 'Arriving',
                color: '#1565c0',
                points: samples.map(s => ({ t: s.t, v: s.inputPerSecond })),
              },
              {
                name: 'Consumed',
                color: '#2e7d32',
                points: samples.map(s => ({ t: s.t, v: s.consumedPerSecond })),
              },
              {
                name: 'Produced',
                color: '#6a1b9a',
                points: samples.map(s => ({ t: s.t, v: s.outputPerSecond })),
                dashed: true,
              },
            ]}
            format={formatRate}
          />
        </InfoCard>
      </Grid>
      {health.topics.map(t => (
        <Grid item xs={12} key={`${t.topic}/${t.consumerGroup}`}>
          <PartitionsSection topic={t} />
        </Grid>
      ))}
      <Grid item xs={12}>
        <Table
          title="Consumer groups"
          options={{ paging: false, search: false, padding: 'dense' }}
          columns={[
            { title: 'Group', field: 'groupId' },
            { title: 'State', field: 'state' },
            { title: 'Member', field: 'clientId' },
            { title: 'Host', field: 'host' },
            { title: 'Assigned partitions', field: 'assigned' },
          ]}
          data={health.groups.flatMap(g =>
            g.members.length
              ? g.members.map(m => ({
                  groupId: g.groupId,
                  state: g.state,
                  clientId: m.clientId,
                  host: m.host,
                  assigned: Object.entries(m.assignment)
                    .map(([topic, parts]) => `${topic}: ${parts.length}`)
                    .join(', '),
                }))
              : [
                  {
                    groupId: g.groupId,
                    state: g.state,
                    clientId: 'no members',
                    host: '',
                    assigned: '',
                  },
                ],
          )}
        />
      </Grid>
    </Grid>
  );
}
