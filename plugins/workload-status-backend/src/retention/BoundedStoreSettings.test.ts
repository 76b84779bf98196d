import { ConfigReader } from '@backstage/config';
import { readBoundedStoreSettings } from './BoundedStoreSettings';

const read = (actionRecords: object) =>
  readBoundedStoreSettings(
    new ConfigReader({ workloadStatus: { actionRecords } }),
    {
      prefix: 'workloadStatus.actionRecords',
      maxPerGroupKey: 'maxPerEntity',
      maxPerGroup: 200,
    },
  );

describe('readBoundedStoreSettings', () => {
  it('has defaults: a month of rows, pruned hourly', () => {
    expect(read({})).toEqual({
      maxPerGroup: 200,
      maxAgeMs: 30 * 24 * 3600_000,
      pruneIntervalMs: 3600_000,
    });
  });

  it('reads the keys under the prefix', () => {
    expect(
      read({ maxPerEntity: 20, maxAge: '7d', pruneInterval: { minutes: 10 } }),
    ).toEqual({
      maxPerGroup: 20,
      maxAgeMs: 7 * 24 * 3600_000,
      pruneIntervalMs: 600_000,
    });
  });

  it('names the key of a bad value', () => {
    expect(() => read({ maxPerEntity: 10_001 })).toThrow(
      'Invalid config at workloadStatus.actionRecords.maxPerEntity: must be an integer from 1 to 10000',
    );
    expect(() => read({ maxAge: 'soon' })).toThrow(
      'Invalid config at workloadStatus.actionRecords.maxAge',
    );
    expect(() => read({ pruneInterval: { seconds: 0 } })).toThrow(
      'Invalid config at workloadStatus.actionRecords.pruneInterval: must be a positive duration',
    );
  });
});
