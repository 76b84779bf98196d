import type {
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';

/** What every pruning task is given by the backend. */
export interface PruningSchedule {
  scheduler: SchedulerService;
  logger: LoggerService;
  intervalMs: number;
}

/**
 * Applies a table's bounds every `intervalMs`, on one replica at a time:
 * a scheduler task is global (claimed through the database) unless said
 * otherwise, so several replicas on one database do not all delete the
 * same rows at once.
 */
export async function schedulePruning(
  options: PruningSchedule & {
    /** the task's id, unique within the plugin */
    id: string;
    /** applies the bounds and returns the rows deleted; logs its own failures, never throws */
    prune: () => Promise<number>;
    /** the line logged after each run */
    applied: (deleted: number) => string;
  },
) {
  await options.scheduler.scheduleTask({
    id: options.id,
    scope: 'global',
    frequency: { milliseconds: options.intervalMs },
    timeout: { minutes: 10 },
    fn: async () => {
      const deleted = await options.prune();
      // one line per interval (an hour by default): which replica ran it
      options.logger.info(options.applied(deleted));
    },
  });
}
