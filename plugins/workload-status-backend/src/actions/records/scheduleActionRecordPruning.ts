import {
  PruningSchedule,
  schedulePruning,
} from '../../retention/schedulePruning';
import type { ActionRecorder } from './ActionRecorder';

/** The scheduler task that applies the action records' bounds. */
export const ACTION_RECORD_PRUNING_TASK =
  'workload-status-action-record-pruning';

/** Applies the action records' bounds every `intervalMs`, on one replica at a time. */
export function scheduleActionRecordPruning(
  options: PruningSchedule & { recorder: Pick<ActionRecorder, 'prune'> },
) {
  return schedulePruning({
    ...options,
    id: ACTION_RECORD_PRUNING_TASK,
    prune: () => options.recorder.prune(),
    applied: deleted =>
      `Action records: bounds applied, ${deleted} records pruned`,
  });
}
