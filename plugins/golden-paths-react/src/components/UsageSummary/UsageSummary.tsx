import { TemplateUsage } from '@paved/plugin-golden-paths-common';
import Typography from '@material-ui/core/Typography';
import Box from '@material-ui/core/Box';
import { formatAgo, formatDuration, formatRate } from '../../format';
import { DailyRunsChart } from '../DailyRunsChart/DailyRunsChart';

/**
 * One line of how a template is used: runs, success rate, median duration and last use, with a
 * sparkline of the last days. Says so plainly when a template never ran.
 *
 * @public
 */
export function UsageSummary(props: {
  usage?: TemplateUsage;
  compact?: boolean;
}) {
  const { usage } = props;
  if (!usage || usage.runs + usage.inProgress === 0) {
    return (
      <Typography
        variant="body2"
        color="textSecondary"
        data-testid="usage-summary"
      >
        Not used yet
      </Typography>
    );
  }
  const parts = [
    `${usage.runs} run${usage.runs === 1 ? '' : 's'}`,
    `${formatRate(usage.successRate)} succeeded`,
    `median ${formatDuration(usage.medianDurationMs)}`,
    `last used ${formatAgo(usage.lastRunAt)}`,
  ];
  return (
    <Box
      display="flex"
      alignItems="center"
      style={{ gap: 12 }}
      data-testid="usage-summary"
    >
      <Typography variant="body2" color="textSecondary">
        {parts.join(' · ')}
      </Typography>
      {!props.compact && (
        <DailyRunsChart daily={usage.daily} width={96} height={24} />
      )}
    </Box>
  );
}
