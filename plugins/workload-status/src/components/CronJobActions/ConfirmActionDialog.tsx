import { ReactNode, useState } from 'react';
import {
  Button,
  CircularProgress,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  TextField,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';

/**
 * Asks before an action on the cluster. With `typeToConfirm`, the action
 * stays disabled until that text is typed (for what cannot be undone).
 * The dialog stays open while the action runs and when it fails, with the
 * error shown, so a status refresh or a failure never loses the reader's
 * place.
 */
export function ConfirmActionDialog(props: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  destructive?: boolean;
  typeToConfirm?: string;
  /** the confirm button stays disabled (a value in the dialog is not valid yet) */
  confirmDisabled?: boolean;
  busy: boolean;
  error?: string;
  onConfirm: () => void;
  onCancel: () => void;
  testId: string;
}) {
  const {
    open,
    title,
    children,
    confirmLabel,
    destructive,
    typeToConfirm,
    confirmDisabled,
    busy,
    error,
    onConfirm,
    onCancel,
    testId,
  } = props;
  const [typed, setTyped] = useState('');
  const titleId = `${testId}-title`;
  const typedOk = !typeToConfirm || typed === typeToConfirm;
  return (
    <Dialog
      open={open}
      onClose={busy ? undefined : onCancel}
      aria-labelledby={titleId}
      data-testid={testId}
      TransitionProps={{ onExited: () => setTyped('') }}
    >
      <DialogTitle id={titleId}>{title}</DialogTitle>
      <DialogContent>
        <DialogContentText component="div">{children}</DialogContentText>
        {typeToConfirm && (
          <TextField
            id={`${testId}-name`}
            fullWidth
            margin="dense"
            label={`Type ${typeToConfirm} to confirm`}
            value={typed}
            onChange={e => setTyped(e.target.value)}
            disabled={busy}
            inputProps={{ 'data-testid': `${testId}-name-input` }}
          />
        )}
        {error && (
          <Alert severity="error" role="alert">
            {error}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel} disabled={busy}>
          Cancel
        </Button>
        <Button
          onClick={onConfirm}
          disabled={busy || !typedOk || !!confirmDisabled}
          variant="contained"
          color={destructive ? 'secondary' : 'primary'}
          data-testid={`${testId}-confirm`}
          startIcon={busy ? <CircularProgress size={16} /> : undefined}
        >
          {confirmLabel}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
