/**
 * Sends waiting their turn, a few at once: a mass failure (a node lost
 * under a thousand entities) must not open a thousand requests to the
 * notifications backend, nor hold unbounded work in memory.
 */
export class SendQueue {
  private readonly tasks: Array<() => Promise<void>> = [];
  private running = 0;
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly options: { concurrency: number; maxQueued: number },
  ) {}

  /** False when the queue is full and the task was dropped. */
  push(task: () => Promise<void>): boolean {
    if (this.tasks.length >= this.options.maxQueued) return false;
    this.tasks.push(task);
    this.pump();
    return true;
  }

  /** Drops what has not started. */
  clear() {
    this.tasks.length = 0;
    this.settle();
  }

  /** Resolves once nothing is queued or running. */
  idle(): Promise<void> {
    if (this.running === 0 && this.tasks.length === 0) return Promise.resolve();
    return new Promise(resolve => this.idleWaiters.push(resolve));
  }

  private pump() {
    while (this.running < this.options.concurrency && this.tasks.length) {
      const task = this.tasks.shift()!;
      this.running += 1;
      // tasks handle their own errors; a throw must not stop the queue
      task()
        .catch(() => undefined)
        .finally(() => {
          this.running -= 1;
          this.pump();
          this.settle();
        });
    }
  }

  private settle() {
    if (this.running === 0 && this.tasks.length === 0) {
      this.idleWaiters.splice(0).forEach(resolve => resolve());
    }
  }
}
