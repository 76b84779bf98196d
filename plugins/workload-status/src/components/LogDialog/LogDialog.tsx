import { ReactNode } from 'react';
import {
  Box,
  Dialog,
  DialogContent,
  DialogTitle,
  IconButton,
  Typography,
} from '@material-ui/core';
import CloseIcon from '@material-ui/icons/Close';

/**
 * The frame of the log dialogs (build log, run log): a wide dialog named by
 * its title, with a close button. The content mounts only while open, so a
 * closed dialog fetches nothing.
 */
export function LogDialog(props: {
  open: boolean;
  /** unique per kind of dialog: it names the dialog for screen readers */
  titleId: string;
  title: string;
  onClose: () => void;
  contentTestId?: string;
  children: () => ReactNode;
}) {
  const { open, titleId, title, onClose, contentTestId, children } = props;
  return (
    <Dialog
      open={open}
      onClose={onClose}
      fullWidth
      maxWidth="lg"
      aria-labelledby={titleId}
    >
      {open && (
        <>
          <DialogTitle id={titleId} disableTypography>
            <Box
              display="flex"
              alignItems="center"
              justifyContent="space-between"
            >
              <Typography variant="h6" component="h2">
                {title}
              </Typography>
              <IconButton aria-label="Close" onClick={onClose}>
                <CloseIcon />
              </IconButton>
            </Box>
          </DialogTitle>
          <DialogContent data-testid={contentTestId}>
            {children()}
          </DialogContent>
        </>
      )}
    </Dialog>
  );
}
