const MIN_CAPACITY = 64 * 1024;

/**
 * One buffer that the pages of a LIST are read into, one after the other.
 *
 * Gathering each page as the socket's 64 KB chunks and concatenating them
 * allocated a second copy of every page outside the JS heap: ~1.1 GB per
 * list of 100k pods, short-lived, and V8 answers that much external memory
 * with one mark-compact after another on the main thread (the stalls in
 * docs/benchmarks.md, "No stall at 100k pods"). Read into one buffer, a
 * list allocates its largest page once (and the doublings up to it).
 *
 * What `contents()` returns is a view of the buffer: it is valid until the
 * next `reset`, so a reader must be done with one page before the next is
 * read (a paged LIST reads its pages in turn).
 */
export class PageBuffer {
  private buffer: Buffer = Buffer.alloc(0);
  private length = 0;
  private limit = Infinity;

  /**
   * Starts a new body, dropping what the last one held. `expectedBytes`
   * (a declared Content-Length) sizes the buffer at once; it never grows
   * past `maxBytes`.
   */
  reset(options: { maxBytes: number; expectedBytes?: number }) {
    this.length = 0;
    this.limit = options.maxBytes;
    const expected = options.expectedBytes;
    if (expected !== undefined && Number.isFinite(expected) && expected > 0) {
      // a declared length is what arrives: no room to spare
      this.ensure(Math.min(expected, this.limit), true);
    }
  }

  /** Appends a chunk; the caller keeps the total within `maxBytes`. */
  append(chunk: Buffer) {
    const needed = this.length + chunk.length;
    if (needed > this.buffer.length) this.ensure(needed);
    chunk.copy(this.buffer, this.length);
    this.length = needed;
  }

  /** The bytes since the last reset: a view, valid until the next one. */
  contents(): Buffer {
    return this.buffer.subarray(0, this.length);
  }

  /** Bytes allocated now (for tests and the benchmark). */
  get capacity(): number {
    return this.buffer.length;
  }

  private ensure(needed: number, exact = false) {
    if (needed <= this.buffer.length) return;
    let size = exact ? needed : Math.max(this.buffer.length * 2, MIN_CAPACITY);
    while (size < needed) size *= 2;
    size = Math.max(needed, Math.min(size, this.limit));
    // in shared memory, so the list worker reads a page where it is (no
    // copy of each page to hand it over); outside Buffer's shared pool
    const next = Buffer.from(new SharedArrayBuffer(size));
    this.buffer.copy(next, 0, 0, this.length);
    this.buffer = next;
  }
}
