import { ServiceUnavailableError } from '@backstage/errors';

/**
 * Bounds the follow streams open at once: each holds a connection to a
 * cluster for up to followTimeout, so their number must not grow with the
 * callers.
 */
export class FollowStreamLimit {
  private open = 0;

  constructor(private readonly max: number) {}

  get size() {
    return this.open;
  }

  /** A release function (idempotent), or ServiceUnavailableError when full. */
  acquire(): () => void {
    if (this.open >= this.max) {
      throw new ServiceUnavailableError(
        `Too many log streams are open (${this.max}, workloadStatus.logs.maxFollowStreams); try again later`,
      );
    }
    this.open += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.open -= 1;
    };
  }
}
