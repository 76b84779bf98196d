import { ConfigReader } from '@backstage/config';
import { readEventSettings } from './EventSettings';

const read = (events: object) =>
  readEventSettings(new ConfigReader({ workloadStatus: { events } }));

describe('readEventSettings', () => {
  it('has the defaults', () => {
    expect(readEventSettings(new ConfigReader({}))).toEqual({
      maxPerCluster: 10_000,
      maxBytesPerCluster: 32 * 1024 * 1024,
      maxMessageBytes: 4096,
      maxResponseBytes: 1024 * 1024,
    });
  });

  it('reads every key', () => {
    expect(
      read({
        maxPerCluster: 500,
        maxBytesPerCluster: 8 * 1024 * 1024,
        maxMessageBytes: 1024,
        maxResponseBytes: 256 * 1024,
      }),
    ).toEqual({
      maxPerCluster: 500,
      maxBytesPerCluster: 8 * 1024 * 1024,
      maxMessageBytes: 1024,
      maxResponseBytes: 256 * 1024,
    });
  });

  it.each([
    [{ maxBytesPerCluster: 1000 }, 'workloadStatus.events.maxBytesPerCluster'],
    [{ maxMessageBytes: 0 }, 'workloadStatus.events.maxMessageBytes'],
    [{ maxMessageBytes: 1.5 }, 'workloadStatus.events.maxMessageBytes'],
    [{ maxResponseBytes: 1024 }, 'workloadStatus.events.maxResponseBytes'],
    [
      { maxMessageBytes: 65536, maxResponseBytes: 65536 },
      'workloadStatus.events.maxResponseBytes: less than 4 times maxMessageBytes',
    ],
  ])('names the key of a bad value: %j', (events, message) => {
    expect(() => read(events)).toThrow(message);
  });
});
