import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import { Problem, toProblem } from '../../errors';
import { ProblemAlert } from '../common';

const MAX_REPLICAS = 1000;

/** Sets the replica count of the running manifests; recorded as a `scale` deployment. */
export function ScaleDialog(props: {
  clusterTitle: string;
  current: number | null;
  onScale: (replicas: number) => Promise<void>;
  onClose: () => void;
}) {
  const [raw, setRaw] = useState(
    props.current === null ? '' : String(props.current),
  );
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem>();
  const n = Number(raw);
  let error: string | undefined;
  if (raw.trim() === '') error = 'How many replicas to run';
  else if (!Number.isInteger(n) || n < 0 || n > MAX_REPLICAS) {
    error = `A whole number from 0 to ${MAX_REPLICAS}`;
  }
  const scale = async () => {
    setBusy(true);
    setProblem(undefined);
    try {
      await props.onScale(n);
    } catch (e) {
      setProblem(toProblem(e));
      setBusy(false);
    }
  };
  return (
    <Dialog
      open
      onClose={busy ? undefined : props.onClose}
      aria-labelledby="scale-dialog-title"
      maxWidth="xs"
      fullWidth
    >
      <DialogTitle id="scale-dialog-title">
        Scale in {props.clusterTitle}
      </DialogTitle>
      <DialogContent>
        <TextField
          id="scale-replicas"
          label="Replicas"
          type="number"
          fullWidth
          variant="outlined"
          value={raw}
          onChange={e => setRaw(e.target.value)}
          error={raw.trim() !== '' && !!error}
          helperText={
            error ?? (n === 0 ? 'Zero stops every pod' : 'Applied right away')
          }
          inputProps={{ min: 0, max: MAX_REPLICAS, step: 1 }}
        />
        {problem && (
          <Box mt={2}>
            <ProblemAlert problem={problem} title="Could not scale" />
          </Box>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose} disabled={busy}>
          Cancel
        </Button>
        <Button
          onClick={scale}
          disabled={busy || !!error}
          color="primary"
          variant="contained"
        >
          Scale
        </Button>
      </DialogActions>
    </Dialog>
  );
}
