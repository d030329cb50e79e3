import { ReactNode, useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import { Problem, toProblem } from '../../errors';
import { ProblemAlert } from '../common';

/**
 * Asks before changing a cluster, runs the change, and stays open with the server's answer
 * when it refuses (e.g. nothing to roll back to), so the reason is read where it was asked.
 */
export function ConfirmDialog(props: {
  title: string;
  confirmLabel: string;
  children: ReactNode;
  onConfirm: () => Promise<void>;
  onClose: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem>();
  const confirm = async () => {
    setBusy(true);
    setProblem(undefined);
    try {
      await props.onConfirm();
    } catch (e) {
      setProblem(toProblem(e));
      setBusy(false);
    }
  };
  return (
    <Dialog
      open
      onClose={busy ? undefined : props.onClose}
      aria-labelledby="confirm-dialog-title"
      maxWidth="sm"
      fullWidth
    >
      <DialogTitle id="confirm-dialog-title">{props.title}</DialogTitle>
      <DialogContent>
        {props.children}
        {problem && (
          <Box mt={2}>
            <ProblemAlert
              problem={problem}
              title={`Could not ${props.confirmLabel.toLocaleLowerCase(
                'en-US',
              )}`}
            />
          </Box>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose} disabled={busy}>
          Cancel
        </Button>
        <Button
          onClick={confirm}
          disabled={busy}
          color="primary"
          variant="contained"
        >
          {props.confirmLabel}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
