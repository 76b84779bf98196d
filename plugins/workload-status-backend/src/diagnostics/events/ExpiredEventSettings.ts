import type { Config } from '@backstage/config';
import { boundedInteger } from '../../settings/settingValues';

/** `workloadStatus.events.expired`, with defaults applied. */
export interface ExpiredEventSettings {
  /** events last seen longer ago are dropped from the database */
  maxAgeDays: number;
  /** bytes of text kept in the database; past it the oldest events go */
  maxBytes: number;
}

export const DEFAULT_EXPIRED_EVENT_SETTINGS: ExpiredEventSettings = {
  maxAgeDays: 7,
  maxBytes: 64 * 1024 * 1024,
};

export function readExpiredEventSettings(config: Config): ExpiredEventSettings {
  const prefix = 'workloadStatus.events.expired';
  const c = config.getOptionalConfig(prefix);
  return {
    maxAgeDays: boundedInteger(
      c?.getOptionalNumber('maxAgeDays'),
      `${prefix}.maxAgeDays`,
      DEFAULT_EXPIRED_EVENT_SETTINGS.maxAgeDays,
      365,
    ),
    maxBytes: boundedInteger(
      c?.getOptionalNumber('maxBytes'),
      `${prefix}.maxBytes`,
      DEFAULT_EXPIRED_EVENT_SETTINGS.maxBytes,
      16 * 1024 * 1024 * 1024,
    ),
  };
}
