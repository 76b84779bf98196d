import { Box, Typography } from '@material-ui/core';
import { InfoCard, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useEntityStatus } from '../../hooks/useEntityStatus';
import { StatusChip } from '../StatusChip';

/** How many reasons the overview card lists before sending to the tab. */
const TOP_REASONS = 3;

/** The overview card: the entity's lifecycle, health and top reasons. @public */
export function EntityWorkloadStatusCard() {
  const { status, loading, error } = useEntityStatus();
  return (
    <InfoCard title="Workload status" variant="gridItem">
      {loading && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {status && (
        <>
          <StatusChip
            lifecycle={status.lifecycle}
            health={status.health}
            reasons={status.reasons}
          />
          <Box mt={2}>
            {status.reasons.slice(0, TOP_REASONS).map((r, i) => (
              <Typography key={`${r.code}-${i}`} variant="body2" gutterBottom>
                <strong>{r.code}</strong>: {r.message}
              </Typography>
            ))}
            {status.reasons.length === 0 && (
              <Typography variant="body2">
                {status.workloads.length} workload(s), no problems reported.
              </Typography>
            )}
          </Box>
        </>
      )}
    </InfoCard>
  );
}
