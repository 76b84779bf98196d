import { parseJobHistoryQuery } from './historyRoutes';

describe('parseJobHistoryQuery', () => {
  it('defaults the limit to 100 and reads the CronJob name', () => {
    expect(parseJobHistoryQuery({})).toEqual({ limit: 100 });
    expect(
      parseJobHistoryQuery({ limit: '500', cronJob: 'nightly.report' }),
    ).toEqual({ limit: 500, cronJob: 'nightly.report' });
    expect(parseJobHistoryQuery({ limit: '1' })).toEqual({ limit: 1 });
  });

  it.each([
    [{ limit: '0' }, /Invalid limit/],
    [{ limit: '501' }, /Invalid limit/],
    [{ limit: '-1' }, /Invalid limit/],
    [{ limit: '2.5' }, /Invalid limit/],
    [{ limit: '1e2' }, /Invalid limit/],
    [{ limit: ['1', '2'] }, /Invalid limit/],
    [{ cronJob: 'Nightly' }, /Invalid cronJob/],
    [{ cronJob: 'a/b' }, /Invalid cronJob/],
    [{ cronJob: ['a', 'b'] }, /Invalid cronJob/],
  ])('rejects %j', (query, message) => {
    expect(() => parseJobHistoryQuery(query as any)).toThrow(message);
  });
});
