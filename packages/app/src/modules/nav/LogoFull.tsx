import { makeStyles } from '@material-ui/core';
import { PavedMark } from './LogoIcon';

const useStyles = makeStyles({
  root: { display: 'flex', alignItems: 'center', gap: 10, color: '#7df3e1' },
  word: { fontSize: 26, fontWeight: 700, letterSpacing: 0.5, lineHeight: 1 },
});

export const LogoFull = () => {
  const classes = useStyles();
  return (
    <span className={classes.root}>
      <PavedMark size={30} />
      <span className={classes.word}>Paved</span>
    </span>
  );
};
