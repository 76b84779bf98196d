import { useState } from 'react';
import {
  Box,
  Button,
  LinearProgress,
  Tooltip,
  Typography,
  makeStyles,
} from '@material-ui/core';
import { getContrastRatio } from '@material-ui/core/styles';
import { Alert } from '@material-ui/lab';
import { InfoCard } from '@backstage/core-components';
import type {
  EntityStatus,
  Health,
  TimelineEntry,
} from '@workload-status/backstage-plugin-workload-status-common';
import { errorMessage } from '../../api/errorMessage';
import { formatRelative, formatTimestamp } from '../../format/relativeTime';
import { useEntityTimeline } from '../../hooks/useEntityTimeline';
import { HEALTH_WORDS } from '../StatusChip';
import { HealthSegment, subjectTitle, timelineRows } from './timelineSegments';

/** Changes listed before "Show all". */
const FIRST_CHANGES = 5;
/** A segment this share of the bar or wider shows its health in words. */
const LABELLED_SHARE = 0.07;

/**
 * A span's colour with the text colour that reads best on it: black or
 * white, whichever contrasts more (the theme's own choice keeps white on
 * the error red, 3.7:1, under AA's 4.5:1 for small text).
 */
function fill(colour: string) {
  const color =
    getContrastRatio(colour, '#000') >= getContrastRatio(colour, '#fff')
      ? '#000'
      : '#fff';
  return { backgroundColor: colour, color };
}

const useStyles = makeStyles(theme => ({
  row: {
    display: 'grid',
    gridTemplateColumns: 'minmax(140px, 22%) 1fr',
    alignItems: 'center',
    gap: theme.spacing(1),
    marginBottom: theme.spacing(1),
  },
  bar: {
    display: 'flex',
    height: 24,
    listStyle: 'none',
    margin: 0,
    padding: 0,
    borderRadius: theme.shape.borderRadius,
    overflow: 'hidden',
    border: `1px solid ${theme.palette.divider}`,
  },
  segment: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    overflow: 'hidden',
    whiteSpace: 'nowrap',
    fontSize: theme.typography.caption.fontSize,
    minWidth: 2,
  },
  ok: fill(theme.palette.success.main),
  progressing: fill(theme.palette.info.main),
  warning: fill(theme.palette.warning.main),
  error: fill(theme.palette.error.main),
  stopped: fill(theme.palette.grey[500]),
  unknown: fill(theme.palette.grey[400]),
  none: {
    backgroundColor: theme.palette.background.default,
    color: theme.palette.text.secondary,
  },
  axis: {
    display: 'flex',
    justifyContent: 'space-between',
    marginLeft: 'calc(max(140px, 22%) + 8px)',
  },
  changes: { margin: 0, paddingLeft: theme.spacing(2) },
  change: { marginBottom: theme.spacing(1) },
}));

function segmentText(s: HealthSegment): string {
  const what = s.health
    ? `${HEALTH_WORDS[s.health]}${s.lifecycle ? ` (${s.lifecycle})` : ''}`
    : 'not recorded';
  return `${what} from ${formatTimestamp(
    new Date(s.start).toISOString(),
  )} to ${formatTimestamp(new Date(s.end).toISOString())}`;
}

/**
 * Where the bars start: 24 hours ago, or later when the records begin
 * inside the window (the oldest change is a first sighting): a day of "no
 * record" before a young installation's first hour would say nothing.
 */
function recordsStart(items: readonly TimelineEntry[], windowStart: number) {
  const oldest = items[items.length - 1];
  if (!oldest || oldest.from) return windowStart;
  const at = Date.parse(oldest.at);
  return Number.isNaN(at) ? windowStart : Math.max(windowStart, at);
}

/** The word inside a span wide enough for one. */
function segmentWord(s: HealthSegment): string {
  return s.health ? HEALTH_WORDS[s.health] : 'no record';
}

function healthChange(e: TimelineEntry): string {
  const to = `${HEALTH_WORDS[e.to.health as Health] ?? e.to.health} (${
    e.to.lifecycle
  })`;
  if (!e.from) return `appeared ${to}`;
  return `${HEALTH_WORDS[e.from.health as Health] ?? e.from.health} (${
    e.from.lifecycle
  }) → ${to}`;
}

/**
 * `Deployment checkout` with the name in its own element: the workload
 * panels below say the same words, and a search for them finds those.
 */
function SubjectName(props: { title: string }) {
  const space = props.title.indexOf(' ');
  if (space < 0) return <>{props.title}</>;
  return (
    <>
      {props.title.slice(0, space + 1)}
      <span>{props.title.slice(space + 1)}</span>
    </>
  );
}

/**
 * The last 24 hours of the entity at a glance: one bar per workload (and
 * one for the entity as a whole) coloured by health, each span also named
 * in words (inside it when wide enough, and in its label for screen
 * readers and tooltips), then the changes as a list, each with a button to
 * the events of that moment.
 */
export function TimelineStrip(props: {
  status: EntityStatus;
  refreshKey?: string;
  /** shows the events around a time (an RFC 3339 string) */
  onShowEvents?: (at: string) => void;
}) {
  const { status, refreshKey, onShowEvents } = props;
  const classes = useStyles();
  const [showAll, setShowAll] = useState(false);
  const { value, loading, error, windowStart, windowEnd } = useEntityTimeline(
    status.entityRef,
    refreshKey,
  );
  const items = value?.items ?? [];
  const start = recordsStart(items, windowStart);
  const rows = value ? timelineRows(items, status, start, windowEnd) : [];
  const span = windowEnd - start;
  const changes = showAll ? items : items.slice(0, FIRST_CHANGES);

  return (
    <InfoCard
      title="Timeline"
      subheader="Health over the last 24 hours, and every change"
    >
      <Box data-testid="timeline-strip">
        {loading && !value && <LinearProgress aria-label="Loading timeline" />}
        {error && (
          <Alert severity="error" role="alert">
            Could not read the timeline: {errorMessage(error)}
          </Alert>
        )}
        {rows.map(row => (
          <div className={classes.row} key={row.key}>
            <div>
              <Typography variant="body2" component="div">
                <SubjectName title={row.title} />
              </Typography>
              {row.detail && (
                <Typography variant="caption" color="textSecondary">
                  {row.detail}
                </Typography>
              )}
            </div>
            <ul
              className={classes.bar}
              aria-label={`Health of ${row.title}${
                row.detail ? `, ${row.detail}` : ''
              }`}
            >
              {row.segments.map(s => {
                const text = segmentText(s);
                const share = (s.end - s.start) / span;
                return (
                  <Tooltip key={s.start} title={text}>
                    <li
                      className={`${classes.segment} ${
                        classes[s.health ?? 'none']
                      }`}
                      style={{ width: `${share * 100}%` }}
                      aria-label={text}
                      data-health={s.health ?? 'none'}
                    >
                      {share >= LABELLED_SHARE ? segmentWord(s) : null}
                    </li>
                  </Tooltip>
                );
              })}
            </ul>
          </div>
        ))}
        {value && (
          <div className={classes.axis} aria-hidden="true">
            <Typography variant="caption">
              {start === windowStart
                ? '24 h ago'
                : `${formatRelative(
                    new Date(start).toISOString(),
                    windowEnd,
                  )}, when recording began`}
            </Typography>
            <Typography variant="caption">now</Typography>
          </div>
        )}
        {value && (
          <Box mt={2}>
            <Typography variant="subtitle2" component="h3" gutterBottom>
              Changes
            </Typography>
            {items.length === 0 ? (
              <Typography variant="body2">
                No change recorded in the last 24 hours.
              </Typography>
            ) : (
              <ol
                className={classes.changes}
                aria-label="Changes, newest first"
              >
                {changes.map(e => (
                  <li key={e.id} className={classes.change}>
                    <Typography variant="body2" component="div">
                      <span title={formatTimestamp(e.at)}>
                        {formatRelative(e.at, windowEnd)}
                      </span>
                      {' · '}
                      <strong>
                        <SubjectName title={subjectTitle(e.subject)} />
                      </strong>{' '}
                      {healthChange(e)}
                      {e.reasonCodes.length > 0 &&
                        ` · ${e.reasonCodes.join(', ')}`}
                    </Typography>
                    {e.message && (
                      <Typography
                        variant="caption"
                        color="textSecondary"
                        component="div"
                      >
                        {e.message}
                      </Typography>
                    )}
                    {onShowEvents && (
                      <Button
                        size="small"
                        onClick={() => onShowEvents(e.at)}
                        aria-label={`Events at that time: ${formatTimestamp(
                          e.at,
                        )} (${subjectTitle(e.subject)})`}
                      >
                        Events at that time
                      </Button>
                    )}
                  </li>
                ))}
              </ol>
            )}
            {changes.length < items.length && (
              <Button size="small" onClick={() => setShowAll(true)}>
                Show all {items.length} changes
              </Button>
            )}
          </Box>
        )}
      </Box>
    </InfoCard>
  );
}
