import type {
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { JobHistoryRecorder } from './JobHistoryRecorder';

/** The scheduler task that applies the job history's bounds. */
export const JOB_HISTORY_PRUNING_TASK = 'workload-status-job-history-pruning';

/**
 * Applies the job history's bounds every `intervalMs`, on one replica at a
 * time: a scheduler task is global (claimed through the database) unless
 * said otherwise, so several replicas on one database do not all delete the
 * same rows at once.
 */
export async function scheduleJobHistoryPruning(options: {
  scheduler: SchedulerService;
  recorder: Pick<JobHistoryRecorder, 'prune'>;
  intervalMs: number;
  logger: LoggerService;
}) {
  await options.scheduler.scheduleTask({
    id: JOB_HISTORY_PRUNING_TASK,
    scope: 'global',
    frequency: { milliseconds: options.intervalMs },
    timeout: { minutes: 10 },
    fn: async () => {
      // prune() logs its own failures and never throws
      const deleted = await options.recorder.prune();
      // one line per interval (an hour by default): which replica ran it
      options.logger.info(
        `Job history: bounds applied, ${deleted} runs pruned`,
      );
    },
  });
}
