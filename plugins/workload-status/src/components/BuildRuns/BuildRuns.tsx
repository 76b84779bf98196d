import {
  Box,
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
} from '@internal/plugin-workload-status-common';
import { formatDuration } from '../../format/duration';
import { formatRelative, formatTimestamp } from '../../format/relativeTime';
import { StatusChip } from '../StatusChip';

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

/**
 * The Build component's detail: the latest runs, and when the latest failed,
 * that nothing was deployed and which version keeps running (first seed).
 */
export function BuildRuns({ workload }: { workload: WorkloadStatus }) {
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
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}
