import { useState } from 'react';
import { Box, LinearProgress } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import { JobRun } from '@workload-status/backstage-plugin-workload-status-common';
import { ClusterObjectRef, workloadStatusApiRef } from '../../api/types';
import { errorMessage } from '../../api/errorMessage';
import {
  JobHistoryRow,
  JobHistoryTable,
  RunLogOffer,
} from '../JobHistoryTable';
import { LogsNotAllowed, useCanReadLogs } from '../LogAccess';
import { JobLogDialog } from '../JobLogDialog';

/** Runs listed; the route allows up to 500. */
const HISTORY_LIMIT = 100;
/**
 * Runs read for a standalone Job: the route filters by CronJob only, so the
 * Job's runs are picked from the entity's newest runs.
 */
const STANDALONE_LIMIT = 500;

/**
 * A CronJob's job history, or a standalone Job's (its runs under that
 * name), from the plugin's database: runs whose Jobs the cluster has
 * deleted stay listed, marked deleted. Until the history arrives
 * (or when it cannot be read) the runs of the status are shown. Each run
 * whose pod still exists opens its log (logs permission).
 */
export function JobHistory(props: {
  entityRef: string;
  cluster: string;
  /** the CronJob whose runs these are */
  cronJob?: string;
  /** or the standalone Job (in `namespace`) */
  job?: string;
  namespace?: string;
  /** the runs carried by the status */
  statusRuns: JobRun[];
  /** refetches when this changes (each new status) */
  refreshKey?: string;
}) {
  const {
    entityRef,
    cluster,
    cronJob,
    job,
    namespace,
    statusRuns,
    refreshKey,
  } = props;
  const api = useApi(workloadStatusApiRef);
  const permission = useCanReadLogs(entityRef);
  const [openJob, setOpenJob] = useState<ClusterObjectRef | undefined>();
  const history = useAsync(
    () =>
      api.getJobHistory(
        entityRef,
        cronJob
          ? { cronJob, limit: HISTORY_LIMIT }
          : { limit: STANDALONE_LIMIT },
      ),
    [api, entityRef, cronJob, refreshKey],
  );

  const runs: JobHistoryRow[] =
    history.value?.items.filter(
      r =>
        r.cluster === cluster &&
        (cronJob ||
          (!r.cronJob &&
            r.name === job &&
            (!namespace || r.namespace === namespace))),
    ) ?? statusRuns;
  const logs: RunLogOffer =
    !permission.loading && permission.allowed
      ? {
          kind: 'allowed',
          open: run =>
            setOpenJob({ cluster, namespace: run.namespace, name: run.name }),
        }
      : { kind: 'none' };

  return (
    <Box>
      {history.loading && !history.value && (
        <LinearProgress aria-label="Loading job history" />
      )}
      {history.error && (
        <Alert severity="warning">
          Could not read the stored job history ({errorMessage(history.error)});
          showing the runs the cluster still has.
        </Alert>
      )}
      <JobHistoryTable
        runs={runs}
        label={`Job history of ${cronJob ?? job}`}
        logs={logs}
      />
      {!permission.loading && !permission.allowed && (
        <Box mt={1}>
          <LogsNotAllowed />
        </Box>
      )}
      <JobLogDialog
        entityRef={entityRef}
        job={openJob}
        onClose={() => setOpenJob(undefined)}
      />
    </Box>
  );
}
