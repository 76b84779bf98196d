import { ConfigReader } from '@backstage/config';
import { readNotificationSettings } from './NotificationSettings';

describe('readNotificationSettings', () => {
  it('has defaults', () => {
    expect(readNotificationSettings(new ConfigReader({}))).toEqual({
      enabled: true,
      debounceMs: 15 * 60_000,
      recoveryDelayMs: 5 * 60_000,
      claimRetentionMs: 24 * 3600_000,
    });
  });

  it('reads the keys', () => {
    const config = new ConfigReader({
      workloadStatus: {
        notifications: {
          enabled: false,
          debounce: { hours: 20 },
          recoveryDelay: { seconds: 0 },
        },
      },
    });
    expect(readNotificationSettings(config)).toEqual({
      enabled: false,
      debounceMs: 20 * 3600_000,
      recoveryDelayMs: 0,
      claimRetentionMs: 40 * 3600_000,
    });
  });

  it('names the key of a bad value', () => {
    const bad = (notifications: object) => () =>
      readNotificationSettings(
        new ConfigReader({ workloadStatus: { notifications } }),
      );
    expect(bad({ debounce: { seconds: 1 } })).toThrow(
      'workloadStatus.notifications.debounce: must be from 10 seconds to 7 days',
    );
    expect(bad({ recoveryDelay: { days: 8 } })).toThrow(
      'workloadStatus.notifications.recoveryDelay: must be from 0 seconds to 7 days',
    );
    expect(bad({ debounce: 'soon' })).toThrow(
      'workloadStatus.notifications.debounce',
    );
    expect(bad({ enabled: 'perhaps' })).toThrow(/enabled/);
  });
});
