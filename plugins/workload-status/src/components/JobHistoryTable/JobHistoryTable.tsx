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
import DeleteOutlineIcon from '@material-ui/icons/DeleteOutline';
import { JobRun } from '@workload-status/backstage-plugin-workload-status-common';
import { formatDuration } from '../../format/duration';
import { formatRelative, formatTimestamp } from '../../format/relativeTime';
import { StatusChip } from '../StatusChip';

/** A run as the table shows it: from the status, or from the job history route. */
export type JobHistoryRow = JobRun & {
  /** the Job no longer exists in the cluster: no log to read */
  deleted?: boolean;
};

/** Whether each run offers its log: not at all, or a button per readable run. */
export type RunLogOffer =
  | { kind: 'none' }
  | { kind: 'allowed'; open: (run: JobHistoryRow) => void };

function runDuration(run: JobRun, now: number): string {
  if (run.durationSeconds !== undefined)
    return formatDuration(run.durationSeconds);
  // A failed run may have no completion time; only an active one is "running".
  const active = run.lifecycle === 'Executing' || run.lifecycle === 'Waiting';
  if (active && run.startedAt) {
    const started = Date.parse(run.startedAt);
    if (!Number.isNaN(started))
      return `running for ${formatDuration((now - started) / 1000)}`;
  }
  return '-';
}

function RunLog(props: { run: JobHistoryRow; logs: RunLogOffer }) {
  const { run, logs } = props;
  if (logs.kind !== 'allowed') return null;
  if (run.deleted) {
    return (
      <Typography variant="body2" color="textSecondary">
        gone with the Job
      </Typography>
    );
  }
  if (run.pods.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        no pods left
      </Typography>
    );
  }
  return (
    <Button
      size="small"
      variant="outlined"
      onClick={() => logs.open(run)}
      aria-haspopup="dialog"
      aria-label={`Log of run ${run.name}`}
    >
      Log
    </Button>
  );
}

/** The runs of a CronJob (or a Job's own run), newest first as received. */
export function JobHistoryTable(props: {
  runs: JobHistoryRow[];
  label: string;
  logs?: RunLogOffer;
}) {
  const { runs, label, logs = { kind: 'none' } } = props;
  const now = Date.now();
  if (runs.length === 0) {
    return <Typography variant="body2">No runs in the history yet.</Typography>;
  }
  return (
    <Table size="small" aria-label={label}>
      <TableHead>
        <TableRow>
          <TableCell>Run</TableCell>
          <TableCell>Status</TableCell>
          <TableCell>Started</TableCell>
          <TableCell>Duration</TableCell>
          <TableCell>Trigger</TableCell>
          {logs.kind === 'allowed' && <TableCell>Log</TableCell>}
        </TableRow>
      </TableHead>
      <TableBody>
        {runs.map(run => (
          <TableRow key={`${run.namespace}/${run.name}`}>
            <TableCell>
              {run.name}
              {run.deleted && (
                <Box
                  display="flex"
                  alignItems="center"
                  color="text.secondary"
                  aria-label="deleted: the Job no longer exists in the cluster"
                >
                  <DeleteOutlineIcon fontSize="small" />
                  <Typography variant="caption" component="span">
                    deleted
                  </Typography>
                </Box>
              )}
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
            <TableCell>
              {run.trigger === 'manual' ? 'manual' : 'scheduled'}
            </TableCell>
            {logs.kind === 'allowed' && (
              <TableCell>
                <RunLog run={run} logs={logs} />
              </TableCell>
            )}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
