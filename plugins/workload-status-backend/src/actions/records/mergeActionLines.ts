import type { OperatorLogLine } from '@workload-status/backstage-plugin-workload-status-common';
import {
  OPERATOR_LOG_LIMIT,
  OperatorLogRead,
} from '../../diagnostics/operator/OperatorLogService';

const LEVEL_RANK: Record<OperatorLogLine['level'], number> = {
  error: 0,
  warning: 1,
  info: 2,
  debug: 3,
};

/**
 * The operators' lines and the plugin's own in one operator log, in its
 * order: errors first, then newest first (a stable sort: lines of one
 * level and time keep their order). Merged after the operators' cache, so
 * an action shows at once.
 */
export function mergeActionLines(
  read: OperatorLogRead,
  actionLines: readonly OperatorLogLine[],
): OperatorLogRead {
  if (!actionLines.length) return read;
  const items = [...read.items, ...actionLines]
    .sort(
      (a, b) =>
        LEVEL_RANK[a.level] - LEVEL_RANK[b.level] ||
        (b.time ?? '').localeCompare(a.time ?? ''),
    )
    .slice(0, OPERATOR_LOG_LIMIT.max);
  return { ...read, items };
}
