import { CHUNK_BYTES, TextArena } from './TextArena';

/** A deterministic generator: the same sequence in every run. */
function random(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

describe('TextArena', () => {
  it('gives back what it was given, multi-byte text included', () => {
    const arena = new TextArena();
    const texts = [
      '',
      'plain',
      'é€😀 mixed',
      '{"a":"\\u0000"}',
      'x'.repeat(5000),
    ];
    const slots = texts.map(t => arena.add(t));
    texts.forEach((t, i) => expect(arena.read(slots[i])).toBe(t));
    arena.replace(slots[1], 'longer than before: ☃☃☃');
    expect(arena.read(slots[1])).toBe('longer than before: ☃☃☃');
    expect(arena.read(slots[2])).toBe('é€😀 mixed');
  });

  it('reuses released slots and refuses to read a free one', () => {
    const arena = new TextArena();
    const a = arena.add('a');
    arena.add('b');
    arena.release(a);
    expect(() => arena.read(a)).toThrow(/holds no text/);
    expect(() => arena.release(a)).toThrow(/holds no text/);
    expect(arena.add('c')).toBe(a);
    expect(arena.read(a)).toBe('c');
  });

  it('keeps a text larger than a chunk in a chunk of its own, freed with it', () => {
    const arena = new TextArena();
    const small = arena.add('small');
    const large = 'é'.repeat(CHUNK_BYTES); // 2 MiB of UTF-8
    const slot = arena.add(large);
    expect(arena.read(slot)).toBe(large);
    expect(arena.bytes).toBe(CHUNK_BYTES + 8 + 2 * CHUNK_BYTES);
    arena.release(slot);
    expect(arena.bytes).toBe(CHUNK_BYTES);
    expect(arena.read(small)).toBe('small');
  });

  /*
   * Churn as a cluster makes it (pods replaced and deleted at random, texts
   * of varying sizes): every slot reads back its latest text, and the
   * chunks never hold more than twice the live bytes plus the chunk being
   * filled (and the tail a chunk closed without filling).
   */
  it('stays correct and bounded in bytes under churn', () => {
    const arena = new TextArena();
    const next = random(7);
    const held = new Map<number, string>();
    const slots: number[] = [];
    let liveBytes = 0;
    let worst = 0;
    for (let i = 0; i < 60_000; i++) {
      const roll = next();
      const text = `${i}:${'p'.repeat(Math.floor(next() * 3000))}`;
      const at = Math.floor(next() * slots.length);
      const victim = slots[at];
      if (roll < 0.5 || victim === undefined) {
        const slot = arena.add(text);
        held.set(slot, text);
        slots.push(slot);
        liveBytes += 8 + text.length;
      } else if (roll < 0.8) {
        liveBytes += text.length - held.get(victim)!.length;
        arena.replace(victim, text);
        held.set(victim, text);
      } else {
        liveBytes -= 8 + held.get(victim)!.length;
        arena.release(victim);
        held.delete(victim);
        slots[at] = slots[slots.length - 1];
        slots.pop();
      }
      worst = Math.max(worst, arena.bytes / (2.14 * liveBytes + CHUNK_BYTES));
    }
    for (const [slot, text] of held) expect(arena.read(slot)).toBe(text);
    expect(worst).toBeLessThanOrEqual(1);
    // and emptied, it holds at most the chunk being filled
    for (const slot of held.keys()) arena.release(slot);
    expect(arena.bytes).toBeLessThanOrEqual(CHUNK_BYTES);
  });
});
