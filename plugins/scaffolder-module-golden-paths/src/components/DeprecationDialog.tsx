import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import { parseEntityRef } from '@backstage/catalog-model';
import { TemplateFacts } from './templateFacts';

/** Asks before a deprecated golden path runs, and offers its replacement first. */
export function DeprecationDialog(props: {
  template?: TemplateFacts;
  /** Title of the replacement template, when it is known. */
  replacementTitle?: string;
  onCancel(): void;
  onContinue(): void;
  onUseReplacement(ref: string): void;
}) {
  const { template } = props;
  const replacement = template?.replacedBy
    ? parseEntityRef(template.replacedBy, { defaultKind: 'template' })
    : undefined;
  return (
    <Dialog
      open={Boolean(template)}
      onClose={props.onCancel}
      aria-labelledby="deprecation-title"
    >
      <DialogTitle id="deprecation-title">
        {template?.title} is deprecated
      </DialogTitle>
      <DialogContent>
        <DialogContentText>
          {template?.deprecationMessage ??
            'Its owners no longer recommend it for new services and may remove it.'}
        </DialogContentText>
        <DialogContentText>
          New services made from it will not get the platform's newer defaults.
        </DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onCancel}>Cancel</Button>
        <Button onClick={props.onContinue} color="secondary">
          Use the deprecated template
        </Button>
        {replacement && (
          <Button
            onClick={() => props.onUseReplacement(template!.replacedBy!)}
            color="primary"
            variant="contained"
          >
            Use {props.replacementTitle ?? replacement.name} instead
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}
