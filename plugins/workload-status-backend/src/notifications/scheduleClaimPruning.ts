import { PruningSchedule, schedulePruning } from '../retention/schedulePruning';
import type { EntityNotifier } from './EntityNotifier';

/** The scheduler task that deletes the notification claims past their retention. */
export const CLAIM_PRUNING_TASK = 'workload-status-notification-claim-pruning';
/** claims are kept a day at least: an hour more or less does not matter */
const CLAIM_PRUNE_INTERVAL_MS = 3600_000;

/** Deletes the old notification claims hourly, on one replica at a time. */
export function scheduleClaimPruning(
  options: Omit<PruningSchedule, 'intervalMs'> & {
    notifier: Pick<EntityNotifier, 'pruneClaims'>;
  },
) {
  return schedulePruning({
    ...options,
    intervalMs: CLAIM_PRUNE_INTERVAL_MS,
    id: CLAIM_PRUNING_TASK,
    prune: () => options.notifier.pruneClaims(),
    applied: deleted => `Notifications: ${deleted} old claims pruned`,
  });
}
