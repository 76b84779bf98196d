import { cloneElement, ReactElement } from 'react';
import { Chip, Tooltip, makeStyles } from '@material-ui/core';
import ErrorIcon from '@material-ui/icons/Error';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import WarningIcon from '@material-ui/icons/Warning';
import HelpIcon from '@material-ui/icons/Help';
import PauseCircleIcon from '@material-ui/icons/PauseCircleFilled';
import AutorenewIcon from '@material-ui/icons/Autorenew';
import { Health, Reason } from '@internal/plugin-workload-status-common';
import { ReasonList } from '../ReasonList';

const useStyles = makeStyles(theme => ({
  ok: {
    color: theme.palette.success.main,
    borderColor: theme.palette.success.main,
  },
  progressing: {
    color: theme.palette.info.main,
    borderColor: theme.palette.info.main,
  },
  warning: {
    color: theme.palette.warning.dark,
    borderColor: theme.palette.warning.main,
  },
  error: {
    color: theme.palette.error.main,
    borderColor: theme.palette.error.main,
  },
  stopped: {
    color: theme.palette.text.secondary,
    borderColor: theme.palette.text.secondary,
  },
  unknown: {
    color: theme.palette.text.secondary,
    borderColor: theme.palette.text.secondary,
  },
  icon: { color: 'inherit' },
}));

const icons: Record<Health, ReactElement> = {
  ok: <CheckCircleIcon />,
  progressing: <AutorenewIcon />,
  warning: <WarningIcon />,
  error: <ErrorIcon />,
  stopped: <PauseCircleIcon />,
  unknown: <HelpIcon />,
};

/** Health in words, for text beside a chip and for screen readers. */
export const HEALTH_WORDS: Record<Health, string> = {
  ok: 'healthy',
  progressing: 'progressing',
  warning: 'warning',
  error: 'error',
  stopped: 'stopped',
  unknown: 'unknown',
};

/**
 * A lifecycle word with its health as colour and icon (never colour alone),
 * and the reasons in a tooltip. The chip takes keyboard focus so the tooltip
 * opens from the keyboard as well as on hover.
 */
export function StatusChip(props: {
  label?: string;
  lifecycle: string;
  health: Health;
  reasons?: Reason[];
}) {
  const classes = useStyles();
  const text = props.label
    ? `${props.label}: ${props.lifecycle}`
    : props.lifecycle;
  return (
    <Tooltip
      title={
        <ReasonList
          reasons={props.reasons ?? []}
          emptyText={`No problems reported (${HEALTH_WORDS[props.health]}).`}
        />
      }
      arrow
      interactive
    >
      <Chip
        variant="outlined"
        size="small"
        tabIndex={0}
        // the svg itself, so that Chip sizes it for a small chip
        icon={cloneElement(icons[props.health], { className: classes.icon })}
        label={text}
        aria-label={`${text} (${HEALTH_WORDS[props.health]})`}
        data-health={props.health}
        className={classes[props.health]}
      />
    </Tooltip>
  );
}
