import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  root: {
    fontFamily: 'monospace',
    fontSize: '0.8rem',
    lineHeight: 1.45,
    margin: 0,
    padding: theme.spacing(1, 0),
    overflowX: 'auto',
    backgroundColor: theme.palette.background.default,
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
    maxHeight: 400,
  },
  line: { padding: theme.spacing(0, 1.5), whiteSpace: 'pre' },
  added: {
    backgroundColor: theme.palette.type === 'dark' ? '#1b3d24' : '#e6ffec',
    color: theme.palette.type === 'dark' ? '#aff5b4' : '#1a7f37',
  },
  removed: {
    backgroundColor: theme.palette.type === 'dark' ? '#4b1e21' : '#ffebe9',
    color: theme.palette.type === 'dark' ? '#ffdcd7' : '#cf222e',
  },
  hunk: { color: theme.palette.info.main },
  header: { color: theme.palette.text.secondary, fontWeight: 'bold' },
  context: {},
}));

export type DiffLineKind = 'added' | 'removed' | 'hunk' | 'header' | 'context';

/** Which kind of line of a unified diff this is; `---`/`+++` name the files, they change nothing. */
export function diffLineKind(line: string): DiffLineKind {
  if (line.startsWith('+++') || line.startsWith('---')) return 'header';
  if (line.startsWith('Index:') || line.startsWith('===')) return 'header';
  if (line.startsWith('@@')) return 'hunk';
  if (line.startsWith('+')) return 'added';
  if (line.startsWith('-')) return 'removed';
  return 'context';
}

/** A unified diff as people read it: additions green, removals red, in a monospace block. */
export function DiffView(props: { diff: string; label?: string }) {
  const classes = useStyles();
  // The patch format's "Index:" and "=====" banner says nothing the object's title does not.
  const lines = props.diff
    .replace(/\n$/, '')
    .split('\n')
    .filter(line => !line.startsWith('Index:') && !line.startsWith('==='));
  return (
    <pre
      className={classes.root}
      aria-label={props.label ?? 'Diff'}
      data-testid="diff"
    >
      {lines.map((line, i) => {
        const kind = diffLineKind(line);
        return (
          <div
            // A diff is static text: the index is its identity.
            key={i}
            className={`${classes.line} ${classes[kind]}`}
            data-line={kind}
          >
            {line || ' '}
          </div>
        );
      })}
    </pre>
  );
}
