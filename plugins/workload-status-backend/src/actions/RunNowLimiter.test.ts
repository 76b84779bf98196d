import { RunNowLimiter, RunNowTooSoonError } from './RunNowLimiter';

describe('RunNowLimiter', () => {
  const setup = (minIntervalMs = 60_000) => {
    let now = 1_000_000;
    const limiter = new RunNowLimiter({ minIntervalMs, now: () => now });
    return {
      limiter,
      advance: (ms: number) => {
        now += ms;
      },
    };
  };

  it('refuses a second run of one CronJob within the interval, with when to retry', () => {
    const { limiter, advance } = setup();
    limiter.reserve('prod/data/reports', 'CronJob data/reports');
    advance(20_500);
    let refusal: unknown;
    try {
      limiter.reserve('prod/data/reports', 'CronJob data/reports');
    } catch (e) {
      refusal = e;
    }
    expect(refusal).toBeInstanceOf(RunNowTooSoonError);
    expect(refusal).toMatchObject({
      name: 'TooManyRequestsError',
      statusCode: 429,
      retryAfterSeconds: 40,
      message:
        'CronJob data/reports was run less than 1 minute ago; try again in 40 s',
    });
    // another CronJob is not held back
    expect(() =>
      limiter.reserve('prod/data/other', 'CronJob data/other'),
    ).not.toThrow();
    advance(39_500);
    expect(() =>
      limiter.reserve('prod/data/reports', 'CronJob data/reports'),
    ).not.toThrow();
  });

  it('gives the slot back when the run was not created', () => {
    const { limiter } = setup();
    const giveBack = limiter.reserve('k', 'CronJob data/reports');
    giveBack();
    const again = limiter.reserve('k', 'CronJob data/reports');
    expect(() => limiter.reserve('k', 'CronJob data/reports')).toThrow(
      RunNowTooSoonError,
    );
    // a late give-back of an older reservation leaves the newer one alone
    giveBack();
    expect(() => limiter.reserve('k', 'CronJob data/reports')).toThrow(
      RunNowTooSoonError,
    );
    again();
    expect(() => limiter.reserve('k', 'CronJob data/reports')).not.toThrow();
  });

  it('has no limit at zero', () => {
    const { limiter } = setup(0);
    for (let i = 0; i < 3; i++) {
      expect(() => limiter.reserve('k', 'CronJob data/reports')).not.toThrow();
    }
  });

  it('words other intervals in seconds', () => {
    const { limiter } = setup(90_000);
    limiter.reserve('k', 'CronJob data/reports');
    expect(() => limiter.reserve('k', 'CronJob data/reports')).toThrow(
      'CronJob data/reports was run less than 90 s ago; try again in 90 s',
    );
  });
});
