import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

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

/** An integer setting from 1 to `max`, or its default when absent. */
export function boundedInteger(
  value: number | undefined,
  key: string,
  fallback: number,
  max: number,
): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new InputError(
      `Invalid config at ${key}: must be an integer from 1 to ${max}`,
    );
  }
  return value;
}
