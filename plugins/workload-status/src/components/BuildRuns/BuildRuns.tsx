import { useState } from 'react';
import {
  Box,
  Button,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import {
  BuildRun,
  WorkloadStatus,
} from '@workload-status/backstage-plugin-workload-status-common';
import { formatDuration } from '../../format/duration';
import { formatRelative, formatTimestamp } from '../../format/relativeTime';
import { BuildRef } from '../../api/types';
import { StatusChip } from '../StatusChip';
import { LogsNotAllowed, useCanReadLogs } from '../LogAccess';
import { BuildLogDialog } from '../BuildLogDialog';

/** How many runs to list; the latest ones are what a developer acts on. */
const RUNS_SHOWN = 5;

/** `revision 4 (cart=registry/cart:a1b2c3d)`: what a failed build left running. */
function runningVersion(workload: WorkloadStatus): string {
  const images = Object.entries(workload.images ?? {})
    .map(([container, image]) => `${container}=${image}`)
    .join(', ');
  if (workload.revision && images)
    return `revision ${workload.revision} (${images})`;
  if (workload.revision) return `revision ${workload.revision}`;
  if (images) return images;
  return 'its current version';
}

function runDuration(run: BuildRun, now: number): string {
  if (run.durationSeconds !== undefined)
    return formatDuration(run.durationSeconds);
  if (run.lifecycle === 'Running' && run.startedAt) {
    const started = Date.parse(run.startedAt);
    if (!Number.isNaN(started))
      return `running for ${formatDuration((now - started) / 1000)}`;
  }
  return '-';
}

/** How the runs table offers build logs: not at all, a note, or a button per run. */
type LogOffer =
  | { kind: 'none' }
  | { kind: 'denied' }
  | { kind: 'allowed'; open: (run: BuildRun) => void };

function BuildRunsTable(props: { workload: WorkloadStatus; logs: LogOffer }) {
  const { workload, logs } = props;
  const now = Date.now();
  const latest = workload.components.build?.latest ?? workload.builds[0];
  const runs = workload.builds.slice(0, RUNS_SHOWN);
  if (!latest && runs.length === 0) return null;
  return (
    <Box>
      <Typography variant="h6" component="h4">
        Builds
      </Typography>
      {latest?.lifecycle === 'Failed' && (
        <Box my={1}>
          <Alert severity="error">
            Build {latest.name} failed: nothing was deployed. {workload.kind}{' '}
            {workload.name} keeps running {runningVersion(workload)}.
          </Alert>
        </Box>
      )}
      <Table size="small" aria-label={`Builds of ${workload.name}`}>
        <TableHead>
          <TableRow>
            <TableCell>Run</TableCell>
            <TableCell>Status</TableCell>
            <TableCell>Started</TableCell>
            <TableCell>Duration</TableCell>
            <TableCell>Commit</TableCell>
            {logs.kind === 'allowed' && <TableCell>Log</TableCell>}
          </TableRow>
        </TableHead>
        <TableBody>
          {runs.map(run => (
            <TableRow key={`${run.kind}/${run.name}`}>
              <TableCell>
                {run.name}
                <Typography
                  variant="caption"
                  color="textSecondary"
                  component="div"
                >
                  {run.kind}
                </Typography>
              </TableCell>
              <TableCell>
                <StatusChip
                  lifecycle={run.lifecycle}
                  health={run.health}
                  reasons={run.reasons}
                />
              </TableCell>
              <TableCell title={formatTimestamp(run.startedAt)}>
                {formatRelative(run.startedAt, now) ?? 'not started'}
              </TableCell>
              <TableCell>{runDuration(run, now)}</TableCell>
              <TableCell>{run.revision ?? 'unknown'}</TableCell>
              {logs.kind === 'allowed' && (
                <TableCell>
                  <Button
                    size="small"
                    variant="outlined"
                    onClick={() => logs.open(run)}
                    aria-haspopup="dialog"
                    aria-label={`Build log of ${run.name}`}
                  >
                    Build log
                  </Button>
                </TableCell>
              )}
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {logs.kind === 'denied' && (
        <Box mt={1}>
          <LogsNotAllowed />
        </Box>
      )}
    </Box>
  );
}

/** The runs with a build log button each, when the user may read logs. */
function BuildRunsWithLogs(props: {
  workload: WorkloadStatus;
  entityRef: string;
  cluster: string;
}) {
  const { workload, entityRef, cluster } = props;
  const permission = useCanReadLogs(entityRef);
  // The run is remembered by reference, not looked up in the latest status,
  // so a refresh (or the run leaving the list) keeps the dialog open.
  const [openBuild, setOpenBuild] = useState<BuildRef | undefined>();
  let logs: LogOffer = { kind: 'none' };
  if (!permission.loading) {
    logs = permission.allowed
      ? {
          kind: 'allowed',
          open: run =>
            setOpenBuild({
              cluster,
              namespace: run.namespace,
              kind: run.kind,
              name: run.name,
            }),
        }
      : { kind: 'denied' };
  }
  return (
    <>
      <BuildRunsTable workload={workload} logs={logs} />
      <BuildLogDialog
        entityRef={entityRef}
        build={openBuild}
        onClose={() => setOpenBuild(undefined)}
      />
    </>
  );
}

/**
 * The Build component's detail: the latest runs, and when the latest failed,
 * that nothing was deployed and which version keeps running (first seed).
 * With `entityRef`, each run opens its build log (logs permission).
 */
export function BuildRuns(props: {
  workload: WorkloadStatus;
  entityRef?: string;
}) {
  const { workload, entityRef } = props;
  if (entityRef && workload.cluster) {
    return (
      <BuildRunsWithLogs
        workload={workload}
        entityRef={entityRef}
        cluster={workload.cluster}
      />
    );
  }
  return <BuildRunsTable workload={workload} logs={{ kind: 'none' }} />;
}
