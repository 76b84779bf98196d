import { StringDecoder } from 'node:string_decoder';
import { Transform, TransformCallback } from 'node:stream';
import { SecretRedactor } from './SecretRedactor';

/**
 * Log bytes in, redacted lines out. A line is redacted only once it is
 * complete, so a secret split across two network chunks is still seen
 * whole. At most `maxBytes` are read: whatever the cluster sends past it
 * is dropped, so a server that ignores limitBytes cannot make a response
 * bigger than the plugin allows.
 */
export class RedactingLineStream extends Transform {
  private readonly decoder = new StringDecoder('utf8');
  private readonly redactor = new SecretRedactor();
  private partial = '';
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
    const text = this.partial + this.decoder.write(data);
    const lines = text.split('\n');
    this.partial = lines.pop()!;
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
    const rest = this.partial + this.decoder.end();
    this.partial = '';
    if (rest) {
      this.lines += 1;
      this.push(this.redactor.redactLine(rest), 'utf8');
    }
    callback();
  }
}
