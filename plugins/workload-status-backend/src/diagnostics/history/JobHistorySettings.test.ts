import { ConfigReader } from '@backstage/config';
import { readEventSettings } from '../events/EventSettings';
import { readJobHistorySettings } from './JobHistorySettings';

describe('diagnostics settings', () => {
  it('has defaults', () => {
    const empty = new ConfigReader({});
    expect(readEventSettings(empty)).toEqual({
      maxPerCluster: 10_000,
      maxBytesPerCluster: 32 * 1024 * 1024,
      maxMessageBytes: 4096,
      maxResponseBytes: 1024 * 1024,
    });
    expect(readJobHistorySettings(empty)).toEqual({
      maxRunsPerOwner: 100,
      maxAgeMs: 30 * 24 * 3600_000,
      pruneIntervalMs: 3600_000,
      flushDelayMs: 1000,
    });
  });

  it('reads the keys', () => {
    const config = new ConfigReader({
      workloadStatus: {
        events: { maxPerCluster: 500 },
        jobHistory: {
          maxRunsPerOwner: 20,
          maxAge: '7d',
          pruneInterval: { minutes: 10 },
          flushDelay: { milliseconds: 250 },
        },
      },
    });
    expect(readEventSettings(config).maxPerCluster).toBe(500);
    expect(readJobHistorySettings(config)).toEqual({
      maxRunsPerOwner: 20,
      maxAgeMs: 7 * 24 * 3600_000,
      pruneIntervalMs: 600_000,
      flushDelayMs: 250,
    });
  });

  it('names the key of a bad value', () => {
    expect(() =>
      readEventSettings(
        new ConfigReader({ workloadStatus: { events: { maxPerCluster: 0 } } }),
      ),
    ).toThrow('workloadStatus.events.maxPerCluster');
    expect(() =>
      readJobHistorySettings(
        new ConfigReader({
          workloadStatus: { jobHistory: { maxRunsPerOwner: 1.5 } },
        }),
      ),
    ).toThrow('workloadStatus.jobHistory.maxRunsPerOwner');
    expect(() =>
      readJobHistorySettings(
        new ConfigReader({
          workloadStatus: { jobHistory: { maxAge: 'soon' } },
        }),
      ),
    ).toThrow('workloadStatus.jobHistory.maxAge');
  });
});
