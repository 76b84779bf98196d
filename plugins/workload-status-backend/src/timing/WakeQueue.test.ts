import { WakeQueue } from './WakeQueue';

describe('WakeQueue', () => {
  it('gives the due entities, earliest first, each once, after their last schedule', () => {
    const q = new WakeQueue();
    q.schedule('a', 300);
    q.schedule('b', 100);
    q.schedule('c', 200);
    q.schedule('a', 150); // rescheduled: the 300 entry is stale
    q.schedule('d', 120);
    q.cancel('d');
    expect(q.size).toBe(3);
    expect(q.next()).toBe(100);
    expect(q.takeDue(99)).toEqual([]);
    expect(q.takeDue(160)).toEqual(['b', 'a']);
    expect(q.takeDue(1000)).toEqual(['c']);
    expect(q.next()).toBeUndefined();
    expect(q.size).toBe(0);
  });

  it('stays ordered under many reschedules', () => {
    const q = new WakeQueue();
    const at = new Map<string, number>();
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let i = 0; i < 20_000; i++) {
      const ref = `e${Math.floor(random() * 500)}`;
      const t = Math.floor(random() * 1_000_000);
      q.schedule(ref, t);
      at.set(ref, t);
    }
    const expected = [...at].sort((x, y) => x[1] - y[1]).map(([r]) => r);
    const seen: string[] = [];
    for (let t = 0; t <= 1_000_000; t += 10_000) seen.push(...q.takeDue(t));
    expect(seen.length).toBe(expected.length);
    // within one step the order is by time too
    const times = seen.map(r => at.get(r)!);
    expect([...times].sort((x, y) => x - y)).toEqual(times);
  });
});
