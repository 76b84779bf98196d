import { ConfigReader } from '@backstage/config';
import { DEFAULT_USAGE_SETTINGS, readUsageSettings } from './UsageSettings';

const read = (usage: object) =>
  readUsageSettings(new ConfigReader({ workloadStatus: { usage } }));

describe('readUsageSettings', () => {
  it('defaults to one LIST every 30 s, 50,000 pods, 32 MiB', () => {
    expect(readUsageSettings(new ConfigReader({}))).toEqual(
      DEFAULT_USAGE_SETTINGS,
    );
    expect(DEFAULT_USAGE_SETTINGS).toEqual({
      enabled: true,
      intervalMs: 30_000,
      maxPodsPerCluster: 50_000,
      maxResponseBytes: 32 * 1024 * 1024,
    });
  });

  it('reads every key', () => {
    expect(
      read({
        enabled: false,
        intervalSeconds: 10,
        maxPodsPerCluster: 100,
        maxResponseBytes: 4096,
      }),
    ).toEqual({
      enabled: false,
      intervalMs: 10_000,
      maxPodsPerCluster: 100,
      maxResponseBytes: 4096,
    });
  });

  it.each([
    [{ enabled: 'yes' }, /usage.enabled/],
    [{ intervalSeconds: 0 }, /usage.intervalSeconds/],
    [{ intervalSeconds: 1.5 }, /usage.intervalSeconds/],
    [{ maxPodsPerCluster: -1 }, /usage.maxPodsPerCluster/],
    [{ maxResponseBytes: 10 }, /usage.maxResponseBytes/],
  ])('refuses %p', (usage, message) => {
    expect(() => read(usage)).toThrow(message);
  });
});
