import { Box, Typography } from '@material-ui/core';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { EntityStatus } from '@workload-status/backstage-plugin-workload-status-common';
import {
  DEFAULT_REFRESH_MS,
  useEntityStatus,
} from '../../hooks/useEntityStatus';
import { HEALTH_WORDS, StatusChip } from '../StatusChip';
import { ReasonList } from '../ReasonList';

/** How many reasons the card lists; the Status tab has the rest. */
const TOP_REASONS = 3;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `2 workloads on 2 clusters; cluster staging cannot be reached` */
function summaryLine(status: EntityStatus): string {
  const clusters = new Set(status.workloads.map(w => w.cluster ?? ''));
  const parts = [
    `${plural(status.workloads.length, 'workload')} on ${plural(
      clusters.size,
      'cluster',
    )}`,
  ];
  // a down cluster that holds nothing of the entity is a note, not news
  for (const c of status.clusters.filter(s => s.affectsEntity !== false)) {
    if (!c.reachable) parts.push(`cluster ${c.name} cannot be reached`);
    else if (c.stale) parts.push(`cluster ${c.name} has stale data`);
  }
  return parts.join('; ');
}

/** @public */
export interface EntityWorkloadStatusCardProps {
  /** How often to refetch when Backstage Signals is not installed (default 15 s). */
  refreshIntervalMs?: number;
}

/** The overview card: the entity's lifecycle, health and top reasons. @public */
export function EntityWorkloadStatusCard(
  props: EntityWorkloadStatusCardProps = {},
) {
  const { status, loading, error } = useEntityStatus({
    refreshIntervalMs: props.refreshIntervalMs ?? DEFAULT_REFRESH_MS,
  });
  return (
    <InfoCard title="Workload status" variant="gridItem">
      {loading && <Progress />}
      {!status && error && <ResponseErrorPanel error={error} />}
      {status && (
        // the marker scopes the browser tests' accessibility scan to the plugin
        <div data-workload-status="overview-card">
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
            />
            <Typography variant="body2">
              Health: <strong>{HEALTH_WORDS[status.health]}</strong>
            </Typography>
          </Box>
          <Box mt={1}>
            <Typography variant="body2" color="textSecondary">
              {status.workloads.length === 0
                ? 'No Kubernetes workloads match this entity on any configured cluster.'
                : summaryLine(status)}
            </Typography>
          </Box>
          {status.workloads.length > 0 && (
            <Box mt={2}>
              <ReasonList reasons={status.reasons.slice(0, TOP_REASONS)} />
              {status.reasons.length > TOP_REASONS && (
                <Typography variant="caption" color="textSecondary">
                  and{' '}
                  {plural(status.reasons.length - TOP_REASONS, 'more reason')}{' '}
                  on the Status tab
                </Typography>
              )}
            </Box>
          )}
        </div>
      )}
    </InfoCard>
  );
}
