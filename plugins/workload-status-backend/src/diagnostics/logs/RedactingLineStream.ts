import { StringDecoder } from 'node:string_decoder';
import { Transform, TransformCallback } from 'node:stream';
import { SecretRedactor } from '../../redaction';

/**
 * Log bytes in, redacted lines out. A line is redacted only once it is
 * complete, so a secret split across two network chunks is still seen
 * whole. At most `maxBytes` are read: whatever the cluster sends past it
 * is dropped, so a server that ignores limitBytes cannot make a response
 * bigger than the plugin allows (and no line is longer than that). The
 * pieces of an unfinished line are kept apart and joined once, so a long
 * line arriving in many chunks is not rescanned for each.
 */
export class RedactingLineStream extends Transform {
  private readonly decoder = new StringDecoder('utf8');
  private readonly redactor = new SecretRedactor();
  /** the unfinished line, in the pieces it arrived in */
  private partial: string[] = [];
  private bytesIn = 0;
  /** lines passed on */
  lines = 0;
  /** input went past maxBytes and was cut */
  cut = false;

  constructor(private readonly maxBytes: number) {
    super();
  }

  override _transform(
    chunk: Buffer,
    _encoding: BufferEncoding,
    callback: TransformCallback,
  ) {
    if (this.cut) {
      callback();
      return;
    }
    let data = chunk;
    if (this.bytesIn + data.length > this.maxBytes) {
      data = data.subarray(0, this.maxBytes - this.bytesIn);
      this.cut = true;
    }
    this.bytesIn += data.length;
    const text = this.decoder.write(data);
    const firstNewline = text.indexOf('\n');
    if (firstNewline < 0) {
      if (text) this.partial.push(text);
      callback();
      return;
    }
    this.partial.push(text.slice(0, firstNewline));
    const lines = [
      this.partial.join(''),
      ...text.slice(firstNewline + 1).split('\n'),
    ];
    const rest = lines.pop()!;
    this.partial = rest ? [rest] : [];
    if (lines.length) {
      this.lines += lines.length;
      this.push(
        `${lines.map(l => this.redactor.redactLine(l)).join('\n')}\n`,
        'utf8',
      );
    }
    callback();
  }

  override _flush(callback: TransformCallback) {
    const rest = this.partial.join('') + this.decoder.end();
    this.partial = [];
    if (rest) {
      this.lines += 1;
      this.push(this.redactor.redactLine(rest), 'utf8');
    }
    callback();
  }
}
