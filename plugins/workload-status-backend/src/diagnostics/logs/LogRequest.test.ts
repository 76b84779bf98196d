import { parseLogRequest, parseTailLines } from './LogRequest';

const limits = {
  defaultTailLines: 500,
  maxTailLines: 10_000,
  maxBytes: 2 * 1024 * 1024,
  followTimeoutMs: 1_800_000,
  maxFollowStreams: 100,
  operatorTailLines: 1000,
};

describe('parseLogRequest', () => {
  it('applies the plugin defaults to an empty query', () => {
    expect(parseLogRequest({}, limits)).toEqual({
      container: undefined,
      previous: false,
      tailLines: 500,
      sinceSeconds: undefined,
      sinceTime: undefined,
      limitBytes: 2 * 1024 * 1024,
      timestamps: false,
      follow: false,
      download: false,
    });
  });

  it('reads every parameter', () => {
    expect(
      parseLogRequest(
        {
          container: 'app',
          previous: 'true',
          tailLines: '20',
          sinceTime: '2026-11-22T06:00:00Z',
          limitBytes: '4096',
          timestamps: 'true',
          download: 'true',
        },
        limits,
      ),
    ).toEqual({
      container: 'app',
      previous: true,
      tailLines: 20,
      sinceSeconds: undefined,
      sinceTime: '2026-11-22T06:00:00Z',
      limitBytes: 4096,
      timestamps: true,
      follow: false,
      download: true,
    });
    expect(
      parseLogRequest({ sinceSeconds: '300', follow: 'true' }, limits),
    ).toMatchObject({ sinceSeconds: 300, follow: true });
  });

  it.each([
    [
      { tailLines: '10000000' },
      'Invalid tailLines 10000000: must be from 1 to 10000',
    ],
    [{ tailLines: '-1' }, 'Invalid tailLines -1'],
    [{ tailLines: '1.5' }, "Invalid tailLines '1.5': expected an integer"],
    [{ tailLines: '1e3' }, 'expected an integer'],
    [{ tailLines: ['1', '2'] }, 'tailLines must be given once'],
    [{ limitBytes: '99999999999999' }, 'Invalid limitBytes'],
    [{ limitBytes: '0' }, 'must be from 1 to 2097152'],
    [{ sinceSeconds: '0' }, 'Invalid sinceSeconds'],
    [
      { sinceSeconds: '10', sinceTime: '2026-11-22T06:00:00Z' },
      'At most one of sinceSeconds and sinceTime',
    ],
    [{ sinceTime: 'yesterday' }, 'expected an RFC 3339 time'],
    [{ previous: 'yes' }, "Invalid previous 'yes': expected true or false"],
    [{ follow: 'true', download: 'true' }, 'cannot be combined'],
    [{ container: '../etc' }, "Invalid container name '../etc'"],
    [{ container: 'A' }, 'Invalid container name'],
    [{ pretty: 'true' }, "Unknown query parameter 'pretty'"],
    [{ tailLines: { $gt: 1 } }, 'tailLines must be given once'],
  ])('rejects %j', (query, message) => {
    expect(() => parseLogRequest(query as any, limits)).toThrow(message);
  });

  it('bounds tailLines for the build log', () => {
    expect(parseTailLines(undefined, limits)).toBe(500);
    expect(parseTailLines('42', limits)).toBe(42);
    expect(() => parseTailLines('10001', limits)).toThrow(/from 1 to 10000/);
  });
});
