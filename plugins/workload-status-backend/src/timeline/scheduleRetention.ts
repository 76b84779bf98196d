import type {
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { ExpiredEventSettings } from '../diagnostics/events/ExpiredEventSettings';
import type { ExpiredEventStore } from '../diagnostics/events/ExpiredEventStore';
import type { TimelineService } from './TimelineService';

/** How often the timeline's and the kept events' bounds are applied. */
export const RETENTION_INTERVAL_MINUTES = 10;
const DAY_MS = 24 * 3600_000;

/**
 * Applies the bounds of the timeline and of the kept events, on one
 * replica at a time: the scheduler's tasks are global (claimed through the
 * database) unless said otherwise.
 */
export async function scheduleRetention(options: {
  scheduler: SchedulerService;
  timeline: Pick<TimelineService, 'prune'>;
  expiredEvents: Pick<ExpiredEventStore, 'prune'>;
  expiredEventSettings: ExpiredEventSettings;
  logger: LoggerService;
  now: () => number;
}) {
  const { logger } = options;
  await options.scheduler.scheduleTask({
    id: 'workload-status-retention',
    frequency: { minutes: RETENTION_INTERVAL_MINUTES },
    timeout: { minutes: 5 },
    initialDelay: { minutes: 1 },
    fn: async () => {
      try {
        const changes = await options.timeline.prune();
        const s = options.expiredEventSettings;
        const events = await options.expiredEvents.prune({
          before: new Date(options.now() - s.maxAgeDays * DAY_MS).toISOString(),
          maxBytes: s.maxBytes,
        });
        if (changes || events) {
          logger.info(
            `Retention: dropped ${changes} timeline changes and ${events} kept events past their bounds`,
          );
        }
      } catch (e) {
        logger.warn(`Retention of the timeline and kept events failed: ${e}`);
      }
    },
  });
}
