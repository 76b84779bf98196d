import { TooManyRequestsError } from '../service/TooManyRequestsError';

/** A refusal that says when to try again (the Retry-After header). */
export class RunNowTooSoonError extends TooManyRequestsError {
  constructor(
    message: string,
    /** whole seconds until a run is accepted again */
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/**
 * The least time between two run-now of one CronJob, whoever asks: a run
 * starts pods with the plugin's service account, and a script (or a held
 * key) must not start them by the hundred. A slot is taken before the run
 * is created and given back when the run is not created, so two requests
 * at once cannot both pass. Entries older than the interval are dropped on
 * every call: the map holds at most the runs started within one interval.
 */
export class RunNowLimiter {
  /** CronJob key -> when its last run-now was accepted (one object per reservation) */
  private readonly lastRun = new Map<string, { at: number }>();

  constructor(
    private readonly options: { minIntervalMs: number; now: () => number },
  ) {}

  /**
   * Takes the slot of `key` (RunNowTooSoonError when its last run is too
   * recent) and returns the function that gives it back.
   */
  reserve(key: string, what: string): () => void {
    const { minIntervalMs } = this.options;
    if (minIntervalMs <= 0) return () => {};
    const now = this.options.now();
    for (const [k, last] of this.lastRun) {
      if (now - last.at >= minIntervalMs) this.lastRun.delete(k);
    }
    const last = this.lastRun.get(key);
    if (last !== undefined) {
      const waitMs = minIntervalMs - (now - last.at);
      const seconds = Math.max(1, Math.ceil(waitMs / 1000));
      throw new RunNowTooSoonError(
        `${what} was run less than ${formatInterval(
          minIntervalMs,
        )} ago; try again in ${seconds} s`,
        seconds,
      );
    }
    const reservation = { at: now };
    this.lastRun.set(key, reservation);
    return () => {
      if (this.lastRun.get(key) === reservation) this.lastRun.delete(key);
    };
  }
}

function formatInterval(ms: number): string {
  if (ms % 60_000 === 0) {
    const minutes = ms / 60_000;
    return minutes === 1 ? '1 minute' : `${minutes} minutes`;
  }
  return `${Math.ceil(ms / 1000)} s`;
}
