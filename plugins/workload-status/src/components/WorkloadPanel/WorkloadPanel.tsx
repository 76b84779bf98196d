import { Box, Typography, makeStyles } from '@material-ui/core';
import { InfoCard } from '@backstage/core-components';
import { WorkloadStatus } from '@internal/plugin-workload-status-common';
import { StatusChip } from '../StatusChip';
import { ComponentChips } from '../ComponentChips';
import { PodsTable } from '../PodsTable';
import { BuildRuns } from '../BuildRuns';
import { CronJobSchedule } from '../CronJobSchedule';
import { JobHistoryTable } from '../JobHistoryTable';

const useStyles = makeStyles(theme => ({
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(0.5),
    margin: theme.spacing(2, 0),
    '& dt': { fontWeight: theme.typography.fontWeightBold },
    '& dd': { margin: 0, wordBreak: 'break-all' },
  },
  section: { marginTop: theme.spacing(3) },
}));

/** Replicas, revision and images: what is running, and how much of it. */
function WorkloadFacts({ workload }: { workload: WorkloadStatus }) {
  const classes = useStyles();
  const { replicas, revision, images } = workload;
  const imageList = Object.entries(images ?? {});
  if (!replicas && !revision && imageList.length === 0) return null;
  return (
    <dl
      className={classes.facts}
      aria-label={`Facts of ${workload.kind} ${workload.name}`}
    >
      {replicas && (
        <>
          <dt>Replicas</dt>
          <dd>
            {replicas.ready}/{replicas.desired} ready, {replicas.updated}{' '}
            updated, {replicas.available} available
          </dd>
        </>
      )}
      {revision && (
        <>
          <dt>Revision</dt>
          <dd>{revision}</dd>
        </>
      )}
      {imageList.length > 0 && (
        <>
          <dt>{imageList.length === 1 ? 'Image' : 'Images'}</dt>
          <dd>
            {imageList.map(([container, image]) => (
              <div key={container}>
                {imageList.length > 1 ? `${container}: ` : ''}
                {image}
              </div>
            ))}
          </dd>
        </>
      )}
    </dl>
  );
}

/**
 * One workload: its status components, what runs, and the details each
 * component has (builds, schedule and job history, pods).
 */
export function WorkloadPanel({ workload }: { workload: WorkloadStatus }) {
  const classes = useStyles();
  const { cronjob } = workload.components;
  const showPods =
    workload.pods.length > 0 || workload.components.pods !== undefined;
  return (
    <InfoCard
      title={`${workload.kind} ${workload.name}`}
      action={
        <Box pt={1} pr={1}>
          <StatusChip
            lifecycle={workload.lifecycle}
            health={workload.health}
            reasons={workload.reasons}
          />
        </Box>
      }
    >
      <ComponentChips workload={workload} />
      <WorkloadFacts workload={workload} />
      {(workload.builds.length > 0 || workload.components.build) && (
        <div className={classes.section}>
          <BuildRuns workload={workload} />
        </div>
      )}
      {cronjob && (
        <div className={classes.section}>
          <Typography variant="h6" component="h4">
            Schedule
          </Typography>
          <CronJobSchedule cronjob={cronjob} />
        </div>
      )}
      {(cronjob || workload.jobHistory.length > 0) && (
        <div className={classes.section}>
          <Typography variant="h6" component="h4">
            Job history
          </Typography>
          <JobHistoryTable
            runs={workload.jobHistory}
            label={`Job history of ${workload.name}`}
          />
        </div>
      )}
      {showPods && (
        <div className={classes.section}>
          <Typography variant="h6" component="h4">
            Pods
          </Typography>
          <PodsTable pods={workload.pods} label={`Pods of ${workload.name}`} />
        </div>
      )}
    </InfoCard>
  );
}
