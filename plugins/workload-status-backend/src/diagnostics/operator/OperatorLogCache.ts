/**
 * Operator-log answers per entity, reused for a short time: a page that
 * reloads, or many users looking at one entity, cost one read of the
 * operators' pods, not one each. Requests that come while the answer is
 * being read wait for that read. Bounded in entries and in bytes; the
 * least recently used answers go first, and an answer larger than the
 * whole cache is not kept.
 */
export class OperatorLogCache<T> {
  private readonly entries = new Map<
    string,
    { value: T; bytes: number; expiresAt: number }
  >();
  private readonly reading = new Map<string, Promise<T>>();
  private bytes = 0;

  constructor(
    private readonly options: {
      ttlMs: number;
      maxEntries: number;
      maxBytes: number;
      /** the size of an answer, in bytes (an estimate is enough) */
      sizeOf: (value: T) => number;
      /** monotonic milliseconds */
      clock?: () => number;
    },
  ) {}

  /** The cached answer for `key`, or the one `read` gives (once for concurrent callers). */
  async get(key: string, read: () => Promise<T>): Promise<T> {
    const now = this.now();
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > now) {
      // most recently used last
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value;
    }
    if (hit) this.remove(key);
    const pending = this.reading.get(key);
    if (pending) return pending;
    const started = read().finally(() => this.reading.delete(key));
    this.reading.set(key, started);
    const value = await started;
    this.put(key, value);
    return value;
  }

  get size() {
    return this.entries.size;
  }

  get totalBytes() {
    return this.bytes;
  }

  private put(key: string, value: T) {
    const bytes = this.options.sizeOf(value);
    if (bytes > this.options.maxBytes) return;
    this.remove(key);
    this.entries.set(key, {
      value,
      bytes,
      expiresAt: this.now() + this.options.ttlMs,
    });
    this.bytes += bytes;
    for (const oldest of this.entries.keys()) {
      if (
        this.entries.size <= this.options.maxEntries &&
        this.bytes <= this.options.maxBytes
      ) {
        break;
      }
      this.remove(oldest);
    }
  }

  private remove(key: string) {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }

  private now() {
    return (this.options.clock ?? performance.now.bind(performance))();
  }
}
