/** A line longer than the splitter's cap. */
export class LineTooLongError extends Error {
  constructor(readonly limitBytes: number) {
    super(`a line is longer than ${limitBytes} bytes`);
    this.name = 'LineTooLongError';
  }
}

const NEWLINE = 0x0a;

/**
 * Splits a byte stream into lines, holding at most `maxLineBytes` of an
 * unfinished line (plus the chunk being read). Each chunk is scanned once
 * from where the last one ended, so a long line costs time linear in its
 * length; lines are decoded as UTF-8 whole, so a character split across
 * chunks arrives intact.
 */
export class LineSplitter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  constructor(private readonly maxLineBytes: number) {}

  /** The lines that `chunk` completes; throws LineTooLongError past the cap. */
  push(chunk: Buffer): string[] {
    const lines: string[] = [];
    let start = 0;
    let nl = chunk.indexOf(NEWLINE, start);
    while (nl >= 0) {
      const piece = chunk.subarray(start, nl);
      this.check(piece.length);
      lines.push(this.take(piece));
      start = nl + 1;
      nl = chunk.indexOf(NEWLINE, start);
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start);
      this.check(rest.length);
      this.pending.push(rest);
      this.pendingBytes += rest.length;
    }
    return lines;
  }

  /** What is left when the stream ends: a last line without its newline. */
  end(): string | undefined {
    if (!this.pendingBytes) return undefined;
    return this.take(Buffer.alloc(0));
  }

  private check(more: number) {
    if (this.pendingBytes + more > this.maxLineBytes) {
      this.pending = [];
      this.pendingBytes = 0;
      throw new LineTooLongError(this.maxLineBytes);
    }
  }

  private take(last: Buffer): string {
    const line = this.pendingBytes
      ? Buffer.concat([...this.pending, last]).toString('utf8')
      : last.toString('utf8');
    this.pending = [];
    this.pendingBytes = 0;
    return line;
  }
}
