import { Box, Button, Typography } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { InfoCard } from '@backstage/core-components';
import { EntityStatus } from '@workload-status/backstage-plugin-workload-status-common';
import { formatRelative, formatTimestamp } from '../../format/relativeTime';
import { HEALTH_WORDS, StatusChip } from '../StatusChip';
import { ReasonList } from '../ReasonList';

/**
 * The top of the Status tab: the entity's lifecycle and health, how fresh
 * the data is, and the reasons behind it.
 */
export function StatusHeader(props: {
  status: EntityStatus;
  /** the last refresh failed; what is shown is older */
  refreshError?: Error;
  live: boolean;
  refreshIntervalMs: number;
  onRetry: () => void;
}) {
  const { status, refreshError, live, refreshIntervalMs, onRetry } = props;
  const now = Date.now();
  const updated = formatRelative(status.updatedAt, now);
  return (
    <InfoCard title="Workload status">
      <Box
        display="flex"
        alignItems="center"
        flexWrap="wrap"
        style={{ gap: 16 }}
      >
        <StatusChip
          lifecycle={status.lifecycle}
          health={status.health}
          reasons={status.reasons}
          since={status.since}
        />
        <Typography variant="body2">
          Health: <strong>{HEALTH_WORDS[status.health]}</strong>
        </Typography>
        <Typography
          variant="body2"
          color="textSecondary"
          title={formatTimestamp(status.updatedAt)}
        >
          {updated ? `Updated ${updated}` : 'Not updated yet'}
          {' · '}
          {live
            ? 'Live updates on'
            : `Refreshes every ${Math.round(refreshIntervalMs / 1000)} s`}
        </Typography>
      </Box>
      {refreshError && (
        <Box mt={2}>
          <Alert
            severity="warning"
            action={
              <Button color="inherit" size="small" onClick={onRetry}>
                Retry
              </Button>
            }
          >
            Could not refresh the status ({refreshError.message}); showing the
            last data received.
          </Alert>
        </Box>
      )}
      <Box mt={2}>
        <ReasonList
          reasons={status.reasons}
          emptyText={
            status.workloads.length === 0
              ? 'No Kubernetes workloads match this entity on any configured cluster.'
              : 'No problems reported.'
          }
        />
      </Box>
    </InfoCard>
  );
}
