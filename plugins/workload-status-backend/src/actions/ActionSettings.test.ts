import { ConfigReader } from '@backstage/config';
import { readActionSettings } from './ActionSettings';

const read = (actions?: object) =>
  readActionSettings(new ConfigReader({ workloadStatus: { actions } }));

describe('readActionSettings', () => {
  it('defaults the run-now interval to one minute', () => {
    expect(read()).toEqual({ runNowMinIntervalMs: 60_000 });
    expect(readActionSettings(new ConfigReader({}))).toEqual({
      runNowMinIntervalMs: 60_000,
    });
  });

  it.each([
    ['5m', 300_000],
    [{ seconds: 30 }, 30_000],
    ['0s', 0],
  ])('reads %j', (value, ms) => {
    expect(read({ runNowMinInterval: value })).toEqual({
      runNowMinIntervalMs: ms,
    });
  });

  it.each(['2d', 'soon', '10'])('refuses %j', value => {
    expect(() => read({ runNowMinInterval: value })).toThrow(
      /^Invalid config at workloadStatus\.actions\.runNowMinInterval: /,
    );
  });
});
