/** Slots per block: 4,096 references, 32 KiB. */
const BLOCK_BITS = 12;
const BLOCK_SIZE = 1 << BLOCK_BITS;
const IN_BLOCK = BLOCK_SIZE - 1;

/**
 * One value per slot of a store, kept in blocks of 4,096 that never move:
 * growing adds a block. A plain array grows by copying all its elements
 * into a larger one, and past ~170k elements one such growth held the
 * event loop 60-90 ms (one assignment, no GC in it; the store's seven
 * columns grew at the same slot, and a 100k-pod sync stalled 57 ms in one
 * `describe`: docs/benchmarks.md, "Block columns").
 */
export class SlotColumn<T> {
  private readonly blocks: Array<Array<T | undefined>> = [];

  get(slot: number): T | undefined {
    return this.blocks[slot >>> BLOCK_BITS]?.[slot & IN_BLOCK];
  }

  set(slot: number, value: T | undefined): void {
    const b = slot >>> BLOCK_BITS;
    let block = this.blocks[b];
    if (block === undefined) {
      // filled at once: a packed block, not one grown element by element
      while (this.blocks.length < b) this.blocks.push(newBlock<T>());
      block = newBlock<T>();
      this.blocks[b] = block;
    }
    block[slot & IN_BLOCK] = value;
  }
}

function newBlock<T>(): Array<T | undefined> {
  return new Array<T | undefined>(BLOCK_SIZE).fill(undefined);
}
