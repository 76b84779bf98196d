import { nextStatusChange } from './nextStatusChange';

const NOW = 1_000_000;
const HOUR = 3_600_000;

/** A status that flips at `flipAt`, and how often it was judged. */
const stepAt = (flipAt: number) => {
  const judged: number[] = [];
  return {
    judged,
    fingerprintAt: (t: number) => {
      judged.push(t);
      return t >= flipAt ? 'after' : 'before';
    },
  };
};

describe('nextStatusChange', () => {
  it('judges once at the horizon when nothing changes before it', () => {
    const s = stepAt(Infinity);
    expect(
      nextStatusChange({ now: NOW, horizonMs: HOUR, current: 'before', ...s }),
    ).toEqual({ at: NOW + HOUR, changes: false });
    expect(s.judged).toEqual([NOW + HOUR]);
  });

  it.each([5_000, 60_000, 10 * 60_000, 59 * 60_000])(
    'finds a change %i ms away, at or after it, within 1/32 of its distance',
    distance => {
      const s = stepAt(NOW + distance);
      const { at, changes } = nextStatusChange({
        now: NOW,
        horizonMs: HOUR,
        current: 'before',
        ...s,
      });
      expect(changes).toBe(true);
      expect(at).toBeGreaterThanOrEqual(NOW + distance);
      expect(at - (NOW + distance)).toBeLessThanOrEqual(
        Math.max(1000, distance / 16),
      );
      expect(s.judged.length).toBeLessThanOrEqual(12);
    },
  );

  it('bisects no closer than the soonest wake: a status that moves with the clock', () => {
    let judged = 0;
    const { at, changes } = nextStatusChange({
      now: NOW,
      horizonMs: HOUR,
      current: String(NOW),
      fingerprintAt: t => {
        judged += 1;
        return String(t);
      },
      soonestMs: 30_000,
    });
    expect(changes).toBe(true);
    expect(at - NOW).toBeLessThanOrEqual(30_000);
    expect(judged).toBeLessThanOrEqual(8);
  });
});
