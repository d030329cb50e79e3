import { TemplateLifecycle } from '@paved/plugin-paved-common';
import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles({
  recommended: { backgroundColor: '#1b5e20', color: '#fff' },
  supported: { backgroundColor: '#e3f2fd', color: '#0d47a1' },
  deprecated: {
    backgroundColor: '#fff3e0',
    color: '#bf360c',
    border: '1px solid #ffb74d',
  },
});

const LABELS: Record<TemplateLifecycle, string> = {
  recommended: 'Recommended',
  supported: 'Supported',
  deprecated: 'Deprecated',
};

/**
 * A template's lifecycle as a small coloured label.
 *
 * @public
 */
export function LifecycleChip(props: { lifecycle: TemplateLifecycle }) {
  const classes = useStyles();
  return (
    <Chip
      size="small"
      label={LABELS[props.lifecycle]}
      className={classes[props.lifecycle]}
      data-testid={`lifecycle-${props.lifecycle}`}
    />
  );
}
