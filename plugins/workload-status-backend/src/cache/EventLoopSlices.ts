/**
 * Event-loop time a LIST may take before it yields: a relist of 100k pods
 * is ~20 s of parsing and projecting, which requests must get through.
 */
const LIST_SLICE_MS = 5;

/**
 * Shares the event loop between the LISTs that run at once (every resource
 * type of every cluster lists at start): one slice of `sliceMs` per turn of
 * the loop, whoever's turn it is, in the order they asked. Each LIST
 * yielding on its own after 5 ms let three of them run back to back in the
 * same turn (their setImmediate callbacks run in one check phase), holding
 * the loop for three slices.
 */
export class EventLoopSlices {
  private readonly waiting: Array<() => void> = [];
  private scheduled = false;
  private sliceStart = 0;

  constructor(private readonly sliceMs: number) {}

  /** Whether the slice running now has had its time. */
  spent(): boolean {
    return performance.now() - this.sliceStart > this.sliceMs;
  }

  /**
   * Resolves in a later turn of the event loop, when the caller's slice
   * starts; a caller that used its slice asks again and is served after
   * the others.
   */
  next(): Promise<void> {
    return new Promise(resolve => {
      this.waiting.push(resolve);
      this.schedule();
    });
  }

  private schedule() {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      const resolve = this.waiting.shift();
      // scheduled from inside a check phase: runs in the next turn
      if (this.waiting.length) this.schedule();
      this.sliceStart = performance.now();
      // the caller continues in the microtasks right after this callback
      resolve?.();
    });
  }
}

/** The slices every reflector of this process lists in. */
export const listSlices = new EventLoopSlices(LIST_SLICE_MS);
