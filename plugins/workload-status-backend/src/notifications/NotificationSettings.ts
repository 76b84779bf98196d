import { Config, readDurationFromConfig } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { toMilliseconds } from '../cluster/ClusterConfigReader';

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
    if (!c?.has(key)) return fallbackMs;
    let ms: number;
    try {
      ms = toMilliseconds(readDurationFromConfig(c, { key }));
    } catch (e) {
      throw new InputError(
        `Invalid config at ${prefix}.${key}: ${(e as Error).message}`,
      );
    }
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
