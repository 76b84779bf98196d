import type { Config } from '@backstage/config';
import { boundedInteger } from '../settings/settingValues';

/** `workloadStatus.timeline`, with defaults applied. */
export interface TimelineSettings {
  /** changes older than this are dropped */
  maxAgeDays: number;
  /** changes kept per workload (and per entity), newest first */
  maxRowsPerWorkload: number;
}

export const DEFAULT_TIMELINE_SETTINGS: TimelineSettings = {
  maxAgeDays: 30,
  maxRowsPerWorkload: 500,
};

export function readTimelineSettings(config: Config): TimelineSettings {
  const prefix = 'workloadStatus.timeline';
  const c = config.getOptionalConfig(prefix);
  return {
    maxAgeDays: boundedInteger(
      c?.getOptionalNumber('maxAgeDays'),
      `${prefix}.maxAgeDays`,
      DEFAULT_TIMELINE_SETTINGS.maxAgeDays,
      3650,
    ),
    maxRowsPerWorkload: boundedInteger(
      c?.getOptionalNumber('maxRowsPerWorkload'),
      `${prefix}.maxRowsPerWorkload`,
      DEFAULT_TIMELINE_SETTINGS.maxRowsPerWorkload,
      100_000,
    ),
  };
}
