import { LineSplitter, LineTooLongError } from './LineSplitter';

describe('LineSplitter', () => {
  it('splits lines across chunks and keeps a character split between chunks intact', () => {
    const splitter = new LineSplitter(1024);
    const bytes = Buffer.from('{"a":"ж😀"}\n{"b":1}\n{"c"', 'utf8');
    const lines: string[] = [];
    // one byte at a time: every multi-byte character is split
    for (const byte of bytes) lines.push(...splitter.push(Buffer.of(byte)));
    expect(lines).toEqual(['{"a":"ж😀"}', '{"b":1}']);
    expect(splitter.end()).toBe('{"c"');
    expect(splitter.end()).toBeUndefined();
  });

  it('accepts a line of exactly the cap and refuses one byte more', () => {
    const splitter = new LineSplitter(10);
    expect(splitter.push(Buffer.from(`${'x'.repeat(10)}\n`))).toEqual([
      'x'.repeat(10),
    ]);
    expect(() => splitter.push(Buffer.from('x'.repeat(6)))).not.toThrow();
    expect(() => splitter.push(Buffer.from('x'.repeat(5)))).toThrow(
      LineTooLongError,
    );
  });

  it('holds at most the cap of an endless line, in time linear in its length', () => {
    const cap = 8 * 1024 * 1024;
    const splitter = new LineSplitter(cap);
    const chunk = Buffer.alloc(16 * 1024, 'x');
    const start = process.hrtime.bigint();
    let pushed = 0;
    expect(() => {
      for (;;) {
        splitter.push(chunk);
        pushed += chunk.length;
      }
    }).toThrow('a line is longer than 8388608 bytes');
    expect(pushed).toBeLessThanOrEqual(cap);
    // 512 chunks: each scanned once (the old splitter rescanned the whole
    // buffered line per chunk, 2 GB of scanning for this line)
    expect(Number(process.hrtime.bigint() - start) / 1e6).toBeLessThan(1000);
  });
});
