import { Box, Typography, makeStyles } from '@material-ui/core';
import { InfoCard } from '@backstage/core-components';
import {
  EntityStatus,
  WorkloadStatus,
  HintTarget,
} from '@workload-status/backstage-plugin-workload-status-common';
import { StatusChip } from '../StatusChip';
import { ComponentChips } from '../ComponentChips';
import { PodsTable } from '../PodsTable';
import { BuildRuns } from '../BuildRuns';
import { CronJobSchedule } from '../CronJobSchedule';
import { JobHistoryTable } from '../JobHistoryTable';
import { JobHistory } from '../JobHistory';
import { CronJobActions } from '../CronJobActions';
import { WorkloadActions } from '../WorkloadActions';

/** The kinds with a workload actions menu (restart, scale, stop, roll back). */
const ACTIONABLE_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet'];

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
 * component has (builds, schedule and job history, pods). Given the entity
 * (`entityRef`), it also offers logs, events and the CronJob actions; an
 * action's answer goes to `onStatus`.
 */
export function WorkloadPanel(props: {
  workload: WorkloadStatus;
  entityRef?: string;
  onStatus?: (status: EntityStatus) => void;
  /** changes with each new status: the job history refetches */
  refreshKey?: string;
}) {
  const { workload, entityRef, onStatus, refreshKey } = props;
  const classes = useStyles();
  const cluster = workload.cluster;
  // where a reason's hint link lands (see ReasonList/HintNavigation)
  const hintTarget = (target: HintTarget) => ({
    'data-hint-target': target,
    'data-cluster': cluster,
    'data-namespace': workload.namespace,
    tabIndex: -1,
  });
  const { cronjob } = workload.components;
  const showPods =
    workload.pods.length > 0 || workload.components.pods !== undefined;
  return (
    <InfoCard
      title={`${workload.kind} ${workload.name}`}
      action={
        <Box
          pt={1}
          pr={1}
          display="flex"
          alignItems="center"
          style={{ gap: 8 }}
        >
          {entityRef && cluster && ACTIONABLE_KINDS.includes(workload.kind) && (
            <WorkloadActions
              entityRef={entityRef}
              workload={{ ...workload, cluster }}
              onStatus={onStatus ?? (() => {})}
            />
          )}
          <StatusChip
            lifecycle={workload.lifecycle}
            health={workload.health}
            reasons={workload.reasons}
            since={workload.since}
          />
        </Box>
      }
    >
      <ComponentChips workload={workload} />
      <WorkloadFacts workload={workload} />
      {(workload.builds.length > 0 || workload.components.build) && (
        <div className={classes.section} {...hintTarget('build-log')}>
          <BuildRuns workload={workload} entityRef={entityRef} />
        </div>
      )}
      {cronjob && (
        <div className={classes.section}>
          <Typography variant="h6" component="h4">
            Schedule
          </Typography>
          <CronJobSchedule cronjob={cronjob} />
          {entityRef && cluster && workload.kind === 'CronJob' && (
            <CronJobActions
              entityRef={entityRef}
              cronJob={{
                cluster,
                namespace: workload.namespace,
                name: workload.name,
              }}
              suspended={cronjob.suspended}
              onStatus={onStatus ?? (() => {})}
            />
          )}
        </div>
      )}
      {(cronjob || workload.jobHistory.length > 0) && (
        <div className={classes.section} {...hintTarget('job-history')}>
          <Typography variant="h6" component="h4">
            Job history
          </Typography>
          {entityRef &&
          cluster &&
          (workload.kind === 'CronJob' || workload.kind === 'Job') ? (
            // the stored history: runs Kubernetes has deleted stay listed
            <JobHistory
              entityRef={entityRef}
              cluster={cluster}
              {...(workload.kind === 'CronJob'
                ? { cronJob: workload.name }
                : { job: workload.name, namespace: workload.namespace })}
              statusRuns={workload.jobHistory}
              refreshKey={refreshKey}
            />
          ) : (
            <JobHistoryTable
              runs={workload.jobHistory}
              label={`Job history of ${workload.name}`}
            />
          )}
        </div>
      )}
      {showPods && (
        <div className={classes.section} {...hintTarget('service-log')}>
          <Typography variant="h6" component="h4">
            Pods
          </Typography>
          <PodsTable
            pods={workload.pods}
            label={`Pods of ${workload.name}`}
            entityRef={entityRef}
            cluster={cluster}
          />
        </div>
      )}
    </InfoCard>
  );
}
