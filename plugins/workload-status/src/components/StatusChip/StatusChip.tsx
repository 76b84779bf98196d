import { cloneElement, ReactElement } from 'react';
import { Chip, Tooltip, makeStyles } from '@material-ui/core';
import type { Theme } from '@material-ui/core/styles';
import ErrorIcon from '@material-ui/icons/Error';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import WarningIcon from '@material-ui/icons/Warning';
import HelpIcon from '@material-ui/icons/Help';
import PauseCircleIcon from '@material-ui/icons/PauseCircleFilled';
import AutorenewIcon from '@material-ui/icons/Autorenew';
import {
  Health,
  Reason,
} from '@workload-status/backstage-plugin-workload-status-common';
import { ReasonList } from '../ReasonList';
import { legibleColour } from '../../theme/legibleColour';
import { formatAge } from '../../format/relativeTime';

/** Text and outline in one colour that reads as text on the theme's backgrounds. */
function tone(theme: Theme, colour: string) {
  const legible = legibleColour(theme, colour);
  return { color: legible, borderColor: legible };
}

const useStyles = makeStyles(theme => ({
  ok: tone(theme, theme.palette.success.main),
  progressing: tone(theme, theme.palette.info.main),
  warning: tone(theme, theme.palette.warning.dark),
  error: tone(theme, theme.palette.error.main),
  stopped: tone(theme, theme.palette.text.secondary),
  unknown: tone(theme, theme.palette.text.secondary),
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

/** `error for 2h`, or undefined when the start is unknown. */
export function healthFor(
  health: Health,
  since: string | undefined,
  now: number,
): string | undefined {
  const age = formatAge(since, now);
  return age ? `${HEALTH_WORDS[health]} for ${age}` : undefined;
}

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
  /** when the current health began (RFC 3339): "error for 2h" */
  since?: string;
}) {
  const classes = useStyles();
  const text = props.label
    ? `${props.label}: ${props.lifecycle}`
    : props.lifecycle;
  const lasting = healthFor(props.health, props.since, Date.now());
  return (
    <Tooltip
      title={
        <>
          {lasting && <div data-testid="health-since">{lasting}</div>}
          <ReasonList
            reasons={props.reasons ?? []}
            emptyText={`No problems reported (${HEALTH_WORDS[props.health]}).`}
          />
        </>
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
        aria-label={`${text} (${lasting ?? HEALTH_WORDS[props.health]})`}
        data-health={props.health}
        // scopes the browser tests' accessibility scan to the plugin (the
        // catalog column renders chips inside Backstage's own table)
        data-workload-status="status-chip"
        className={classes[props.health]}
      />
    </Tooltip>
  );
}
