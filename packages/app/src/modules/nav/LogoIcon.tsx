import { makeStyles } from '@material-ui/core';

const useStyles = makeStyles({
  svg: { width: 'auto', height: 28 },
});

/** Paved's mark: a road of paving stones that narrows into the distance. */
export const PavedMark = (props: { className?: string }) => (
  <svg className={props.className} viewBox="0 0 32 32" aria-hidden="true">
    <path d="M12 2h8l10 28H2z" fill="#2e7d6b" />
    <path d="M14.2 6h3.6l.8 4h-5.2zM13.2 13h5.6l1.2 6h-8zM11.7 22h8.6l1.5 6H10.2z" fill="#7df3e1" />
  </svg>
);

export const LogoIcon = () => {
  const classes = useStyles();
  return <PavedMark className={classes.svg} />;
};
