import {
  HEALTH_ORDER,
  HealthCounts,
} from '@workload-status/backstage-plugin-workload-status-common';
import { HEALTH_WORDS } from '../StatusChip';

/** "2 error, 1 warning, 4 healthy": a rollup's counts in words, worst first. */
export function countsInWords(counts: HealthCounts): string {
  const parts = HEALTH_ORDER.filter(h => counts[h] > 0).map(
    h => `${counts[h]} ${HEALTH_WORDS[h]}`,
  );
  return parts.length ? parts.join(', ') : 'no members';
}
