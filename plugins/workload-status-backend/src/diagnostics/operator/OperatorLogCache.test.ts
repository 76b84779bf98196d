import { OperatorLogCache } from './OperatorLogCache';

describe('OperatorLogCache', () => {
  let now = 0;
  const cache = (options: { maxEntries?: number; maxBytes?: number } = {}) =>
    new OperatorLogCache<string>({
      ttlMs: 10_000,
      maxEntries: options.maxEntries ?? 10,
      maxBytes: options.maxBytes ?? 1000,
      sizeOf: value => value.length,
      clock: () => now,
    });

  beforeEach(() => {
    now = 0;
  });

  it('reads once for concurrent and repeated callers until the answer expires', async () => {
    const c = cache();
    let reads = 0;
    let finish!: (v: string) => void;
    const read = () => {
      reads += 1;
      return new Promise<string>(resolve => {
        finish = resolve;
      });
    };
    const waiting = Array.from({ length: 20 }, () => c.get('a', read));
    finish('answer');
    expect(await Promise.all(waiting)).toEqual(Array(20).fill('answer'));
    now = 9_999;
    expect(await c.get('a', read)).toBe('answer');
    expect(reads).toBe(1);
    now = 10_000;
    const again = c.get('a', read);
    finish('newer');
    expect(await again).toBe('newer');
    expect(reads).toBe(2);
  });

  it('does not keep a failed read', async () => {
    const c = cache();
    await expect(
      c.get('a', () => Promise.reject(new Error('down'))),
    ).rejects.toThrow('down');
    expect(await c.get('a', async () => 'ok')).toBe('ok');
  });

  it('bounds entries and bytes, dropping the least recently used first', async () => {
    const c = cache({ maxEntries: 2, maxBytes: 10 });
    await c.get('a', async () => 'aaaa');
    await c.get('b', async () => 'bbbb');
    await c.get('a', async () => 'not read'); // a is now the most recent
    await c.get('c', async () => 'cc');
    expect(c.size).toBe(2);
    expect(await c.get('a', async () => 'read again')).toBe('aaaa');
    expect(await c.get('b', async () => 'read again')).toBe('read again');
    // bytes: 'read again' (10) leaves room for nothing else
    expect(c.totalBytes).toBeLessThanOrEqual(10);
    // an answer larger than the whole cache is answered, not kept
    expect(await c.get('big', async () => 'x'.repeat(11))).toHaveLength(11);
    expect(await c.get('big', async () => 'small')).toBe('small');
  });
});
