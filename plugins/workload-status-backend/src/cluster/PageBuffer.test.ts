import { PageBuffer } from './PageBuffer';

describe('PageBuffer', () => {
  it('holds what was appended since the last reset, in order', () => {
    const buffer = new PageBuffer();
    buffer.reset({ maxBytes: 1024 * 1024 });
    buffer.append(Buffer.from('{"items":['));
    buffer.append(Buffer.from(']}'));
    expect(buffer.contents().toString()).toBe('{"items":[]}');
    buffer.reset({ maxBytes: 1024 * 1024 });
    expect(buffer.contents()).toHaveLength(0);
    buffer.append(Buffer.from('second'));
    expect(buffer.contents().toString()).toBe('second');
  });

  it('grows by doubling and reuses its memory for the next page', () => {
    const buffer = new PageBuffer();
    buffer.reset({ maxBytes: 16 * 1024 * 1024 });
    const chunk = Buffer.alloc(64 * 1024, 'a');
    for (let i = 0; i < 20; i++) buffer.append(chunk); // 1.25 MiB
    expect(buffer.capacity).toBe(2 * 1024 * 1024);
    const first = buffer.contents();
    expect(first).toHaveLength(20 * 64 * 1024);
    expect(first.every(b => b === 0x61)).toBe(true);

    buffer.reset({ maxBytes: 16 * 1024 * 1024 });
    for (let i = 0; i < 20; i++) buffer.append(Buffer.alloc(64 * 1024, 'b'));
    const second = buffer.contents();
    // the same memory: a page is a view, valid until the next reset
    expect(second.buffer).toBe(first.buffer);
    expect(buffer.capacity).toBe(2 * 1024 * 1024);
    expect(second.every(b => b === 0x62)).toBe(true);
  });

  it('never allocates past maxBytes for a body within it', () => {
    const buffer = new PageBuffer();
    const maxBytes = 100 * 1024 + 7;
    buffer.reset({ maxBytes });
    buffer.append(Buffer.alloc(70 * 1024, 'x'));
    buffer.append(Buffer.alloc(30 * 1024 + 7, 'y'));
    expect(buffer.contents()).toHaveLength(maxBytes);
    expect(buffer.capacity).toBe(maxBytes);
  });

  it('sizes itself to a declared length at once, within maxBytes', () => {
    const buffer = new PageBuffer();
    buffer.reset({ maxBytes: 8 * 1024 * 1024, expectedBytes: 3_000_000 });
    expect(buffer.capacity).toBe(3_000_000);
    buffer.reset({ maxBytes: 1024 * 1024, expectedBytes: 5_000_000 });
    expect(buffer.capacity).toBe(3_000_000); // not shrunk, not grown
    const fresh = new PageBuffer();
    fresh.reset({ maxBytes: 1024 * 1024, expectedBytes: 5_000_000 });
    expect(fresh.capacity).toBe(1024 * 1024);
    fresh.reset({ maxBytes: 1024 * 1024, expectedBytes: Number.NaN });
    expect(fresh.capacity).toBe(1024 * 1024);
  });
});
