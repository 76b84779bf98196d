import {
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';

/** The time statuses are judged at. @public */
export interface WorkloadStatusClock {
  /** epoch milliseconds */
  now(): number;
}

/**
 * The clock the engine's time rules (grace periods, missed schedules) are
 * evaluated with: wall-clock time unless replaced. Tests against the
 * simulated cluster replace it with the simulator's manual clock, so that
 * object timestamps and "now" agree.
 * @public
 */
export const workloadStatusClockServiceRef =
  createServiceRef<WorkloadStatusClock>({
    id: 'workload-status.clock',
    scope: 'root',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: {},
        factory: () => ({ now: () => Date.now() }),
      }),
  });
