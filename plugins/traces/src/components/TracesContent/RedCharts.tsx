import { ComponentProps } from 'react';
import Grid from '@material-ui/core/Grid';
import { useTheme } from '@material-ui/core/styles';
import { InfoCard } from '@backstage/core-components';
import { RedSeries } from '@paved/plugin-traces-common';
import { LineChart } from '../charts/LineChart';
import {
  formatCount,
  formatDurationMs,
  formatPercent,
  formatRate,
} from '../../format';

const LATENCY_COLORS = { p50: '#2e7d32', p95: '#ef6c00', p99: '#c62828' };

/**
 * Rate, errors and duration of the service's entry spans over the window, one card each with a
 * one-line summary above its chart.
 */
export function RedCharts(props: { red: RedSeries; withDate: boolean }) {
  const { points } = props.red;
  const theme = useTheme();
  const times = points.map(p => p.t);
  let requests = 0;
  let errors = 0;
  let worstP95: number | null = null;
  for (const p of points) {
    requests += p.count;
    errors += p.errors;
    if (p.p95 !== null && (worstP95 === null || p.p95 > worstP95)) {
      worstP95 = p.p95;
    }
  }
  const seconds = (points.length * props.red.stepMs) / 1000;
  const cards: Array<{
    title: string;
    subheader: string;
    chart: Omit<ComponentProps<typeof LineChart>, 'times' | 'withDate'>;
  }> = [
    {
      title: 'Requests',
      subheader: `${formatCount(requests)} in the window, ${formatRate(
        seconds ? requests / seconds : 0,
      )} on average`,
      chart: {
        ariaLabel: 'Request rate',
        format: formatRate,
        series: [
          {
            name: 'rate',
            color: theme.palette.primary.main,
            values: points.map(p => p.rate),
          },
        ],
      },
    },
    {
      title: 'Errors',
      subheader: `${formatCount(errors)} failed, ${formatPercent(
        requests ? errors / requests : null,
      )} of requests`,
      chart: {
        ariaLabel: 'Error ratio',
        format: formatPercent,
        // A 0.01% ratio should not fill the chart and look like an outage.
        minMax: 0.01,
        series: [
          {
            name: 'error ratio',
            color: theme.palette.error.main,
            values: points.map(p => p.errorRatio),
          },
        ],
      },
    },
    {
      title: 'Duration',
      subheader: `p95 at most ${formatDurationMs(worstP95)}`,
      chart: {
        ariaLabel: 'Latency percentiles',
        format: formatDurationMs,
        series: (['p50', 'p95', 'p99'] as const).map(q => ({
          name: q,
          color: LATENCY_COLORS[q],
          values: points.map(p => p[q]),
        })),
      },
    },
  ];

  return (
    <Grid container spacing={2} data-testid="red-charts">
      {cards.map(card => (
        <Grid item xs={12} md={4} key={card.title}>
          <InfoCard title={card.title} subheader={card.subheader}>
            <LineChart
              {...card.chart}
              times={times}
              withDate={props.withDate}
            />
          </InfoCard>
        </Grid>
      ))}
    </Grid>
  );
}
