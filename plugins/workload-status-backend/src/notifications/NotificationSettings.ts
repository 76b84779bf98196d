import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { readOptionalDuration } from '../settings/settingValues';

/** `workloadStatus.notifications`, with defaults applied. */
export interface NotificationSettings {
  /** false: no notification is sent for any entity */
  enabled: boolean;
  /** an entity's owners get at most one problem and one recovery notification per window */
  debounceMs: number;
  /**
   * an entity is told recovered once it has been out of error this long: a
   * crash-looping pod is green for seconds between crashes
   */
  recoveryDelayMs: number;
  /** claims older than this are deleted (at least two windows) */
  claimRetentionMs: number;
}

const MIN_DEBOUNCE_MS = 10_000;
const MAX_DURATION_MS = 7 * 24 * 3600_000;

export function readNotificationSettings(config: Config): NotificationSettings {
  const prefix = 'workloadStatus.notifications';
  const c = config.getOptionalConfig(prefix);
  const duration = (key: string, fallbackMs: number, minMs: number) => {
    const ms = readOptionalDuration(c, prefix, key);
    if (ms === undefined) return fallbackMs;
    if (!(ms >= minMs && ms <= MAX_DURATION_MS)) {
      throw new InputError(
        `Invalid config at ${prefix}.${key}: must be from ${
          minMs / 1000
        } seconds to 7 days`,
      );
    }
    return ms;
  };
  const debounceMs = duration('debounce', 15 * 60_000, MIN_DEBOUNCE_MS);
  return {
    enabled: c?.getOptionalBoolean('enabled') ?? true,
    debounceMs,
    recoveryDelayMs: duration('recoveryDelay', 5 * 60_000, 0),
    claimRetentionMs: Math.max(2 * debounceMs, 24 * 3600_000),
  };
}
