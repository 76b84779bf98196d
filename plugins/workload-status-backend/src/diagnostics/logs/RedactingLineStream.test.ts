import { Readable } from 'node:stream';
import { RedactingLineStream } from './RedactingLineStream';

async function run(chunks: string[], maxBytes = 1_000_000) {
  const stream = new RedactingLineStream(maxBytes);
  Readable.from(chunks.map(c => Buffer.from(c))).pipe(stream);
  let out = '';
  for await (const chunk of stream) out += chunk.toString('utf8');
  return { out, stream };
}

describe('RedactingLineStream', () => {
  it('redacts a secret split across chunks, and a key block across lines', async () => {
    const { out, stream } = await run([
      'start\nconnecting to postgres://app:s3',
      'cr3t@db:5432/shop\n-----BEGIN PRIVATE KEY-----\nMIIEvQIB',
      'ADANBg\n-----END PRIVATE KEY-----\nlast line without newline',
    ]);
    expect(out).toBe(
      [
        'start',
        'connecting to postgres://app:[REDACTED]@db:5432/shop',
        '-----BEGIN PRIVATE KEY-----',
        '[REDACTED]',
        '-----END PRIVATE KEY-----',
        'last line without newline',
      ].join('\n'),
    );
    expect(stream.lines).toBe(6);
    expect(stream.cut).toBe(false);
  });

  it('keeps multi-byte characters split across chunks whole', async () => {
    const bytes = Buffer.from('café ☕\n');
    const stream = new RedactingLineStream(1000);
    Readable.from([bytes.subarray(0, 4), bytes.subarray(4)]).pipe(stream);
    let out = '';
    for await (const chunk of stream) out += chunk.toString('utf8');
    expect(out).toBe('café ☕\n');
  });

  it('reads no more than maxBytes', async () => {
    const { out, stream } = await run(['0123456789\n', 'abcdefghij\n'], 15);
    expect(out).toBe('0123456789\nabcd');
    expect(stream.cut).toBe(true);
  });
});
