import { countEventLoopTurns } from '../__testUtils__/eventLoopTurns';
import { EventLoopSlices } from './EventLoopSlices';

function busy(ms: number) {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

describe('EventLoopSlices', () => {
  it('runs one slice per turn of the event loop, taking turns between callers', async () => {
    const slices = new EventLoopSlices(1);
    const turns = countEventLoopTurns();
    /** [caller, turn] of each item of work */
    const ran: Array<[string, number]> = [];
    const work = async (name: string) => {
      await slices.next();
      for (let i = 0; i < 12; i++) {
        busy(0.4);
        ran.push([name, turns.turn]);
        if (slices.spent()) await slices.next();
      }
    };
    await Promise.all([work('a'), work('b'), work('c')]);
    turns.stop();

    const callersByTurn = new Map<number, Set<string>>();
    for (const [name, t] of ran) {
      callersByTurn.set(t, (callersByTurn.get(t) ?? new Set()).add(name));
    }
    // never two callers' work in one turn
    expect([...callersByTurn.values()].every(s => s.size === 1)).toBe(true);
    // each caller got several slices, interleaved with the others'
    const order = ran.map(([name]) => name).join('');
    expect(order.replace(/(.)\1+/g, '$1').length).toBeGreaterThan(6);
    expect(ran).toHaveLength(36);
  });

  it('says a slice is spent once it has run its time', async () => {
    const slices = new EventLoopSlices(2);
    await slices.next();
    expect(slices.spent()).toBe(false);
    busy(3);
    expect(slices.spent()).toBe(true);
    await slices.next();
    expect(slices.spent()).toBe(false);
  });
});
