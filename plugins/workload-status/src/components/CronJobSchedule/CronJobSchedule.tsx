import { Typography, makeStyles } from '@material-ui/core';
import { Components } from '@workload-status/backstage-plugin-workload-status-common';
import { describeSchedule } from '../../format/cronSchedule';
import { formatRelative, formatTimestamp } from '../../format/relativeTime';

const useStyles = makeStyles(theme => ({
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(0.5),
    margin: theme.spacing(1, 0),
    '& dt': { fontWeight: theme.typography.fontWeightBold },
    '& dd': { margin: 0 },
  },
}));

type CronJobComponent = NonNullable<Components['cronjob']>;

function When(props: { time?: string; now: number; none: string }) {
  const relative = formatRelative(props.time, props.now);
  if (!relative) return <>{props.none}</>;
  return (
    <>
      {relative}{' '}
      <Typography variant="caption" color="textSecondary" component="span">
        ({formatTimestamp(props.time)})
      </Typography>
    </>
  );
}

/** When a CronJob runs, in words, and when it last ran and succeeded. */
export function CronJobSchedule({ cronjob }: { cronjob: CronJobComponent }) {
  const classes = useStyles();
  const now = Date.now();
  const described = describeSchedule(cronjob.schedule);
  const timeZone = cronjob.timeZone ?? described.timeZone;
  return (
    <dl className={classes.facts} aria-label="Schedule">
      <dt>Schedule</dt>
      <dd>
        {described.text ?? 'Not readable'}{' '}
        <Typography variant="caption" color="textSecondary" component="code">
          {cronjob.schedule}
        </Typography>
      </dd>
      <dt>Time zone</dt>
      <dd>
        {timeZone ??
          "Not set: the cluster controller's time zone (usually UTC)"}
      </dd>
      <dt>Next run</dt>
      <dd>
        {cronjob.suspended ? (
          'None: the CronJob is stopped'
        ) : (
          <When time={cronjob.nextScheduleTime} now={now} none="Unknown" />
        )}
      </dd>
      <dt>Last scheduled</dt>
      <dd>
        <When time={cronjob.lastScheduleTime} now={now} none="Never" />
      </dd>
      <dt>Last success</dt>
      <dd>
        <When time={cronjob.lastSuccessfulTime} now={now} none="Never" />
      </dd>
    </dl>
  );
}
