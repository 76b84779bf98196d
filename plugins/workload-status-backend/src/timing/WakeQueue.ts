/**
 * When each entity must be recomputed because time alone changes its
 * status (a grace period ends, a schedule is missed): one time per entity,
 * the earliest first. A binary heap with lazy deletion: a rescheduled or
 * cancelled entity leaves its old entry behind, skipped when it surfaces.
 */
export class WakeQueue {
  private readonly heap: Array<{ at: number; ref: string }> = [];
  private readonly wakes = new Map<string, number>();

  get size() {
    return this.wakes.size;
  }

  /** Wakes `ref` at `at` (epoch ms), replacing its earlier wake. */
  schedule(ref: string, at: number) {
    if (this.wakes.get(ref) === at) return;
    this.wakes.set(ref, at);
    this.push({ at, ref });
    // stale entries must not outgrow the live ones
    if (this.heap.length > 2 * this.wakes.size + 1024) this.compact();
  }

  cancel(ref: string) {
    this.wakes.delete(ref);
  }

  /** The earliest wake, if any. */
  next(): number | undefined {
    this.dropStale();
    return this.heap[0]?.at;
  }

  /** Removes and returns every entity due at `now`. */
  takeDue(now: number): string[] {
    const due: string[] = [];
    for (;;) {
      this.dropStale();
      const top = this.heap[0];
      if (!top || top.at > now) return due;
      this.pop();
      this.wakes.delete(top.ref);
      due.push(top.ref);
    }
  }

  private dropStale() {
    while (
      this.heap.length &&
      this.wakes.get(this.heap[0].ref) !== this.heap[0].at
    ) {
      this.pop();
    }
  }

  private compact() {
    const live = [...this.wakes].map(([ref, at]) => ({ ref, at }));
    this.heap.length = 0;
    for (const e of live) this.push(e);
  }

  private push(entry: { at: number; ref: string }) {
    const h = this.heap;
    h.push(entry);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (h[parent].at <= h[i].at) break;
      [h[parent], h[i]] = [h[i], h[parent]];
      i = parent;
    }
  }

  private pop() {
    const h = this.heap;
    const last = h.pop()!;
    if (!h.length) return;
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let min = i;
      if (l < h.length && h[l].at < h[min].at) min = l;
      if (r < h.length && h[r].at < h[min].at) min = r;
      if (min === i) return;
      [h[min], h[i]] = [h[i], h[min]];
      i = min;
    }
  }
}
