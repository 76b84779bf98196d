/** Texts are appended to chunks of this size. */
export const CHUNK_BYTES = 1 << 20;
/** A text larger than this gets a chunk of its own. */
const LARGE_TEXT_BYTES = CHUNK_BYTES / 16;
/** Each record starts with its slot and its length, 4 bytes each. */
const HEADER_BYTES = 8;

/**
 * Texts kept outside the JavaScript heap, by slot number: UTF-8 bytes in
 * 1 MiB buffers whose memory V8 never copies or scans.
 *
 * Why: the cache keeps hundreds of thousands of projections for as long as
 * the process lives. Kept as objects, every one of them is first copied
 * through V8's young generation; at an initial sync of 100k pods the
 * mark-compact that evacuates it held the event loop up to 50 ms
 * (docs/benchmarks.md). Kept here, what survives on the heap per object is
 * its slot number.
 *
 * A replaced or released text leaves a hole. A chunk, other than the one
 * being appended to, whose live bytes fall under half of what it holds is
 * compacted: its live records are copied to the end and the chunk is
 * dropped. A text over 64 KiB gets a chunk of its own, so a chunk closes
 * at least 15/16 full, and the chunks hold at most 2.14 times the live
 * bytes plus the chunk being filled.
 */
export class TextArena {
  private chunks: (Buffer | undefined)[] = [];
  /** bytes written to each chunk, headers included */
  private used: number[] = [];
  /** bytes of each chunk still read by a slot, headers included */
  private live: number[] = [];
  private freeChunks: number[] = [];
  private current = -1;
  /** chunks to check against the bound (see settle) */
  private unsettled: number[] = [];
  private settling = false;

  private chunkOf = new Int32Array(1024);
  /** where a slot's text starts in its chunk (after its header) */
  private startOf = new Int32Array(1024);
  /** the text's length in bytes; -1 for a free slot */
  private lengthOf = new Int32Array(1024).fill(-1);
  private freeSlots: number[] = [];
  private slotCount = 0;
  private chunkBytes = 0;

  /** Bytes of the chunks held. */
  get bytes(): number {
    return this.chunkBytes;
  }

  /** Stores a text; returns its slot. */
  add(text: string): number {
    const slot = this.freeSlots.pop() ?? this.newSlot();
    this.write(slot, text);
    return slot;
  }

  /** Replaces the text of a slot. */
  replace(slot: number, text: string): void {
    this.forget(slot);
    this.write(slot, text);
  }

  read(slot: number): string {
    const length = this.lengthOf[slot];
    if (length === undefined || length < 0) {
      throw new Error(`slot ${slot} holds no text`);
    }
    const start = this.startOf[slot];
    return this.chunks[this.chunkOf[slot]]!.toString(
      'utf8',
      start,
      start + length,
    );
  }

  /** Frees a slot; its number may be given out again. */
  release(slot: number): void {
    this.forget(slot);
    this.freeSlots.push(slot);
  }

  private newSlot(): number {
    if (this.slotCount === this.lengthOf.length) {
      const size = this.slotCount * 2;
      this.chunkOf = grow(this.chunkOf, size);
      this.startOf = grow(this.startOf, size);
      const lengths = new Int32Array(size).fill(-1);
      lengths.set(this.lengthOf);
      this.lengthOf = lengths;
    }
    return this.slotCount++;
  }

  private write(slot: number, text: string) {
    const length = Buffer.byteLength(text, 'utf8');
    const record = HEADER_BYTES + length;
    const chunk =
      record > LARGE_TEXT_BYTES ? this.openChunk(record) : this.roomFor(record);
    const start = this.place(slot, chunk, length);
    this.chunks[chunk]!.write(text, start, length, 'utf8');
    this.lengthOf[slot] = length;
    this.settle();
  }

  /**
   * Appends the header of a `length`-byte record of `slot` to `chunk`,
   * counts the record live and points the slot at it; returns where its
   * bytes go.
   */
  private place(slot: number, chunk: number, length: number): number {
    const buffer = this.chunks[chunk]!;
    const at = this.used[chunk];
    buffer.writeInt32LE(slot, at);
    buffer.writeInt32LE(length, at + 4);
    this.used[chunk] = at + HEADER_BYTES + length;
    this.live[chunk] += HEADER_BYTES + length;
    this.chunkOf[slot] = chunk;
    this.startOf[slot] = at + HEADER_BYTES;
    return at + HEADER_BYTES;
  }

  /** Stops counting a slot's record as live; compacts its chunk if due. */
  private forget(slot: number) {
    const length = this.lengthOf[slot];
    if (length < 0) throw new Error(`slot ${slot} holds no text`);
    const chunk = this.chunkOf[slot];
    this.live[chunk] -= HEADER_BYTES + length;
    // no longer this slot's text: a compaction now must not move it
    this.lengthOf[slot] = -1;
    if (chunk !== this.current) this.unsettled.push(chunk);
    this.settle();
  }

  /**
   * Compacts or drops the chunks due. Checked once nothing is being
   * written: a compaction itself appends, and may close the chunk being
   * filled, which is then held to the same bound as the rest.
   */
  private settle() {
    if (this.settling) return;
    this.settling = true;
    try {
      for (let chunk = this.unsettled.pop(); chunk !== undefined; ) {
        if (chunk !== this.current && this.chunks[chunk]) {
          if (this.live[chunk] === 0) this.dropChunk(chunk);
          else if (this.live[chunk] * 2 < this.used[chunk]) this.compact(chunk);
        }
        chunk = this.unsettled.pop();
      }
    } finally {
      this.settling = false;
    }
  }

  /** The chunk being filled, a new one when `record` bytes do not fit. */
  private roomFor(record: number): number {
    if (
      this.current < 0 ||
      this.used[this.current] + record > this.chunks[this.current]!.length
    ) {
      if (this.current >= 0) this.unsettled.push(this.current);
      this.current = this.openChunk(CHUNK_BYTES);
    }
    return this.current;
  }

  /** Moves a chunk's live records to the end and drops the chunk. */
  private compact(chunk: number) {
    const buffer = this.chunks[chunk]!;
    const end = this.used[chunk];
    let at = 0;
    while (at < end) {
      const slot = buffer.readInt32LE(at);
      const length = buffer.readInt32LE(at + 4);
      const start = at + HEADER_BYTES;
      if (
        this.lengthOf[slot] === length &&
        this.chunkOf[slot] === chunk &&
        this.startOf[slot] === start
      ) {
        this.move(slot, buffer, start, length);
      }
      at = start + length;
    }
    this.dropChunk(chunk);
  }

  private move(slot: number, from: Buffer, start: number, length: number) {
    const chunk = this.roomFor(HEADER_BYTES + length);
    const at = this.place(slot, chunk, length);
    from.copy(this.chunks[chunk]!, at, start, start + length);
  }

  private openChunk(size: number): number {
    const chunk = this.freeChunks.pop() ?? this.chunks.length;
    // not zero-filled: only written bytes are ever read
    this.chunks[chunk] = Buffer.allocUnsafeSlow(size);
    this.used[chunk] = 0;
    this.live[chunk] = 0;
    this.chunkBytes += size;
    return chunk;
  }

  private dropChunk(chunk: number) {
    this.chunkBytes -= this.chunks[chunk]!.length;
    this.chunks[chunk] = undefined;
    this.used[chunk] = 0;
    this.live[chunk] = 0;
    this.freeChunks.push(chunk);
  }
}

function grow(array: Int32Array, size: number): Int32Array {
  const grown = new Int32Array(size);
  grown.set(array);
  return grown;
}
