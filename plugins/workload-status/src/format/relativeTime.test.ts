import { formatAge, formatRelative } from './relativeTime';

describe('relative times', () => {
  const now = Date.parse('2026-11-22T03:00:00Z');
  it('says how long ago or how soon, and nothing for unknown times', () => {
    expect(formatAge('2026-11-22T02:55:00Z', now)).toBe('5m');
    expect(formatRelative('2026-11-22T02:55:00Z', now)).toBe('5m ago');
    expect(formatRelative('2026-11-22T05:00:00Z', now)).toBe('in 2h');
    expect(formatRelative(undefined, now)).toBeUndefined();
    // a second of clock difference either way is now, not "in 0s"
    expect(formatRelative('2026-11-22T03:00:00.400Z', now)).toBe('just now');
    expect(formatRelative('2026-11-22T02:59:59.400Z', now)).toBe('just now');
    expect(formatAge('not a time', now)).toBeUndefined();
  });
});
