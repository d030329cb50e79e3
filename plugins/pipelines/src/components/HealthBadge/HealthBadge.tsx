import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import { HealthStatus } from '@paved/plugin-paved-common';

const useStyles = makeStyles({
  healthy: { backgroundColor: '#2e7d32', color: '#fff' },
  degraded: { backgroundColor: '#f9a825', color: '#000' },
  failing: { backgroundColor: '#c62828', color: '#fff' },
  unknown: { backgroundColor: '#9e9e9e', color: '#fff' },
});

const LABELS: Record<HealthStatus, string> = {
  healthy: 'Healthy',
  degraded: 'Degraded',
  failing: 'Failing',
  unknown: 'Unknown',
};

/** A pipeline's health as a coloured label. */
export function HealthBadge(props: {
  status: HealthStatus;
  size?: 'small' | 'medium';
}) {
  const classes = useStyles();
  return (
    <Chip
      label={LABELS[props.status]}
      size={props.size ?? 'small'}
      className={classes[props.status]}
      data-testid={`health-${props.status}`}
    />
  );
}
