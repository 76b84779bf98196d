import {
  PruningSchedule,
  schedulePruning,
} from '../../retention/schedulePruning';
import type { JobHistoryRecorder } from './JobHistoryRecorder';

/** The scheduler task that applies the job history's bounds. */
export const JOB_HISTORY_PRUNING_TASK = 'workload-status-job-history-pruning';

/** Applies the job history's bounds every `intervalMs`, on one replica at a time. */
export function scheduleJobHistoryPruning(
  options: PruningSchedule & { recorder: Pick<JobHistoryRecorder, 'prune'> },
) {
  return schedulePruning({
    ...options,
    id: JOB_HISTORY_PRUNING_TASK,
    prune: () => options.recorder.prune(),
    applied: deleted => `Job history: bounds applied, ${deleted} runs pruned`,
  });
}
