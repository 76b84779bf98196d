import { ConfigReader } from '@backstage/config';
import {
  boundedInteger,
  readOptionalDuration,
  readPositiveDuration,
  toMilliseconds,
} from './settingValues';

describe('setting values', () => {
  const config = new ConfigReader({
    ok: { minutes: 2 },
    iso: 'PT30S',
    zero: { seconds: 0 },
    bad: 'soon',
  });

  it('reads durations in milliseconds, naming the key when unreadable', () => {
    expect(toMilliseconds({ days: 1, seconds: 1 })).toBe(86_401_000);
    expect(readOptionalDuration(config, 'workloadStatus', 'ok')).toBe(120_000);
    expect(readOptionalDuration(config, 'workloadStatus', 'iso')).toBe(30_000);
    expect(readOptionalDuration(config, 'x', 'absent')).toBeUndefined();
    expect(() => readOptionalDuration(config, 'workloadStatus', 'bad')).toThrow(
      /^Invalid config at workloadStatus\.bad: /,
    );
    expect(() => readOptionalDuration(config, undefined, 'bad')).toThrow(
      /^Invalid config at bad: /,
    );
  });

  it('takes a positive duration or the default', () => {
    expect(readPositiveDuration(config, 'p', 'absent', 5)).toBe(5);
    expect(readPositiveDuration(undefined, 'p', 'ok', 5)).toBe(5);
    expect(() => readPositiveDuration(config, 'p', 'zero', 5)).toThrow(
      'Invalid config at p.zero: must be a positive duration',
    );
  });

  it('takes an integer within its range or the default', () => {
    expect(boundedInteger(undefined, 'k', 7, 10)).toBe(7);
    expect(boundedInteger(10, 'k', 7, 10)).toBe(10);
    expect(boundedInteger(0, 'k', 7, 10, 0)).toBe(0);
    expect(() => boundedInteger(0, 'k', 7, 10)).toThrow(
      'Invalid config at k: must be an integer from 1 to 10',
    );
    expect(() => boundedInteger(2.5, 'k', 7, 10)).toThrow(/integer/);
  });
});
