/**
 * Cuts a streamed log into lines. Network chunks end anywhere, even inside a
 * multi-byte character or between `\r` and `\n`, so the bytes and the text
 * after the last newline wait for the next chunk.
 */
export class LogLineSplitter {
  private readonly decoder = new TextDecoder('utf-8');
  private pending = '';

  /** The lines completed by this chunk. */
  push(chunk: Uint8Array): string[] {
    return this.cut(this.decoder.decode(chunk, { stream: true }));
  }

  /** The last line when the stream ended without a newline. */
  end(): string[] {
    const lines = this.cut(this.decoder.decode());
    const rest = this.pending.replace(/\r$/, '');
    this.pending = '';
    return rest ? [...lines, rest] : lines;
  }

  private cut(text: string): string[] {
    const parts = (this.pending + text).split('\n');
    this.pending = parts.pop() ?? '';
    return parts.map(line => line.replace(/\r$/, ''));
  }
}
