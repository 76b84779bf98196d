import { InputError } from '@backstage/errors';
import { parseTimelineQuery } from './parseTimelineQuery';

describe('parseTimelineQuery', () => {
  it('defaults the limit and leaves since out', () => {
    expect(parseTimelineQuery({})).toEqual({ limit: 200 });
  });

  it('reads a limit and a since, normalised to UTC', () => {
    expect(
      parseTimelineQuery({ limit: '50', since: '2026-12-07T03:00:00+01:00' }),
    ).toEqual({ limit: 50, since: '2026-12-07T02:00:00.000Z' });
  });

  it.each([['0'], ['1001'], ['-1'], ['1e3'], ['ten'], ['']])(
    'rejects limit %p',
    limit => {
      expect(() => parseTimelineQuery({ limit })).toThrow(InputError);
    },
  );

  it.each([
    ['yesterday'],
    ['2026-12-07'],
    ['2026-13-07T00:00:00Z'],
    ['1733540000000'],
  ])('rejects since %p', since => {
    expect(() => parseTimelineQuery({ since })).toThrow(InputError);
  });

  it('rejects a repeated parameter', () => {
    expect(() => parseTimelineQuery({ limit: ['1', '2'] })).toThrow(
      /given once/,
    );
  });
});
