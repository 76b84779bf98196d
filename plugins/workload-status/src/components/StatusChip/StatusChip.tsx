import { ReactNode } from 'react';
import { Chip, Tooltip, Typography, makeStyles } from '@material-ui/core';
import ErrorIcon from '@material-ui/icons/Error';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import WarningIcon from '@material-ui/icons/Warning';
import HelpIcon from '@material-ui/icons/Help';
import PauseCircleIcon from '@material-ui/icons/PauseCircleFilled';
import AutorenewIcon from '@material-ui/icons/Autorenew';
import { Health, Reason } from '@internal/plugin-workload-status-common';

const useStyles = makeStyles(theme => ({
  ok: { color: theme.palette.success.main, borderColor: theme.palette.success.main },
  progressing: { color: theme.palette.info.main, borderColor: theme.palette.info.main },
  warning: { color: theme.palette.warning.dark, borderColor: theme.palette.warning.main },
  error: { color: theme.palette.error.main, borderColor: theme.palette.error.main },
  stopped: { color: theme.palette.text.secondary, borderColor: theme.palette.text.secondary },
  unknown: { color: theme.palette.text.secondary, borderColor: theme.palette.text.secondary },
  icon: { color: 'inherit' },
  reason: { marginBottom: theme.spacing(1) },
}));

const icons: Record<Health, ReactNode> = {
  ok: <CheckCircleIcon />,
  progressing: <AutorenewIcon />,
  warning: <WarningIcon />,
  error: <ErrorIcon />,
  stopped: <PauseCircleIcon />,
  unknown: <HelpIcon />,
};

/** What a tooltip says: each reason with its hint, or the health alone. */
export function ReasonList({ reasons }: { reasons: Reason[] }) {
  const classes = useStyles();
  if (reasons.length === 0) return <Typography variant="body2">No problems reported.</Typography>;
  return (
    <>
      {reasons.map((r, i) => (
        <div key={`${r.code}-${i}`} className={classes.reason}>
          <Typography variant="body2">
            <strong>{r.code}</strong>: {r.message}
          </Typography>
          {r.hint && <Typography variant="caption">{r.hint}</Typography>}
        </div>
      ))}
    </>
  );
}

/**
 * A lifecycle word with its health as colour and icon (never colour alone),
 * and the reasons in a tooltip that the keyboard reaches too.
 */
export function StatusChip(props: {
  label?: string;
  lifecycle: string;
  health: Health;
  reasons?: Reason[];
}) {
  const classes = useStyles();
  const text = props.label ? `${props.label}: ${props.lifecycle}` : props.lifecycle;
  return (
    <Tooltip title={<ReasonList reasons={props.reasons ?? []} />} arrow>
      <Chip
        variant="outlined"
        size="small"
        tabIndex={0}
        icon={<span className={classes.icon}>{icons[props.health]}</span>}
        label={text}
        aria-label={`${text} (${props.health})`}
        data-health={props.health}
        className={classes[props.health]}
      />
    </Tooltip>
  );
}
