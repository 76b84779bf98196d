/**
 * client-go's backoff: `initialMs` doubling to `maxMs` with each failure,
 * jitter 1.0 (a delay in [d, 2d), capped), until something proves the
 * cluster healthy again (`reset`).
 */
export class RetryBackoff {
  private count = 0;

  constructor(
    private readonly options: { initialMs: number; maxMs: number },
    private readonly random: () => number,
  ) {}

  /** failures since the last reset */
  get failures() {
    return this.count;
  }

  /** One more failure: how long to wait before the next attempt, in ms. */
  failed(): number {
    this.count += 1;
    const { initialMs, maxMs } = this.options;
    const base = Math.min(initialMs * 2 ** (this.count - 1), maxMs);
    return Math.min(base * (1 + this.random()), maxMs);
  }

  reset() {
    this.count = 0;
  }
}
