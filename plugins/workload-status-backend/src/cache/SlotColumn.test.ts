import { SlotColumn } from './SlotColumn';

describe('SlotColumn', () => {
  it('keeps a value per slot across blocks, undefined where none was set', () => {
    const column = new SlotColumn<string>();
    column.set(0, 'a');
    column.set(4095, 'b');
    column.set(4096, 'c');
    column.set(50_000, 'd');
    expect([0, 4095, 4096, 50_000].map(s => column.get(s))).toEqual([
      'a',
      'b',
      'c',
      'd',
    ]);
    expect(column.get(1)).toBeUndefined();
    expect(column.get(20_000)).toBeUndefined();
    expect(column.get(1_000_000)).toBeUndefined();
    column.set(4096, undefined);
    expect(column.get(4096)).toBeUndefined();
  });

  it('grows without moving what it holds: no step is long at 300k slots', () => {
    // the store's seven columns, all growing at the same slot
    const fill = () => {
      const columns = Array.from({ length: 7 }, () => new SlotColumn<object>());
      const value = { held: true };
      let worst = 0;
      for (let slot = 0; slot < 300_000; slot++) {
        // the main thread's CPU, not the wall clock: a loaded machine may
        // deschedule it in any one step
        const start = process.threadCpuUsage();
        for (const column of columns) column.set(slot, value);
        const used = process.threadCpuUsage(start);
        worst = Math.max(worst, (used.user + used.system) / 1000);
      }
      expect(columns[6].get(299_999)).toBe(value);
      return worst;
    };
    // seven plain arrays took 89-96 ms of CPU in the one step where they
    // grew past ~257k elements, at every run. A collection of the test
    // process's heap may fall into any one step of a run, not into the
    // same step of every run: the best of three runs counts.
    let best = fill();
    for (let run = 1; run < 3 && best >= 50; run++) {
      best = Math.min(best, fill());
    }
    expect(best).toBeLessThan(50);
  });
});
