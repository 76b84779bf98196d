import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import { JobRun } from '@internal/plugin-workload-status-common';
import { formatDuration } from '../../format/duration';
import { formatRelative, formatTimestamp } from '../../format/relativeTime';
import { StatusChip } from '../StatusChip';

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

/** The runs of a CronJob (or a Job's own run), newest first as received. */
export function JobHistoryTable(props: { runs: JobRun[]; label: string }) {
  const { runs, label } = props;
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
        </TableRow>
      </TableHead>
      <TableBody>
        {runs.map(run => (
          <TableRow key={`${run.namespace}/${run.name}`}>
            <TableCell>{run.name}</TableCell>
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
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
