/** Polling when Signals is not installed. */
export const DEFAULT_REFRESH_MS = 15_000;
/** Failed refreshes back off up to this. */
const MAX_REFRESH_MS = 5 * 60_000;
/**
 * With Signals, a slow poll still runs: a signal lost to a reconnecting
 * WebSocket must not leave the page stale for good.
 */
const SIGNALS_SAFETY_REFRESH_MS = 2 * 60_000;

/**
 * The delay before the next refresh: the base interval, doubled for each
 * refresh that failed in a row, capped.
 */
export function nextRefreshDelay(
  baseMs: number,
  failuresInARow: number,
  maxMs: number = MAX_REFRESH_MS,
): number {
  return Math.min(Math.max(baseMs, maxMs), baseMs * 2 ** failuresInARow);
}

/** How often to poll: the base interval, or the safety poll with Signals. */
export function pollInterval(baseMs: number, signalsAvailable: boolean) {
  return signalsAvailable
    ? Math.max(baseMs, SIGNALS_SAFETY_REFRESH_MS)
    : baseMs;
}
