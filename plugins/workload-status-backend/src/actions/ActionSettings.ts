import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { readOptionalDuration } from '../settings/settingValues';

/** `workloadStatus.actions`, with defaults applied. */
export interface ActionSettings {
  /** least time between two run-now of one CronJob; 0: no limit */
  runNowMinIntervalMs: number;
}

/**
 * One minute by default: a CronJob's schedule cannot start it more than
 * once a minute either, a run takes longer than that to start its pod and
 * say how it went, and a second click within the minute is a repeat (or a
 * script), not a decision.
 */
const DEFAULT_RUN_NOW_MIN_INTERVAL_MS = 60_000;
const MAX_RUN_NOW_MIN_INTERVAL_MS = 24 * 3600_000;

export function readActionSettings(config: Config): ActionSettings {
  const key = 'workloadStatus.actions.runNowMinInterval';
  const ms = readOptionalDuration(config, undefined, key);
  if (ms === undefined) {
    return { runNowMinIntervalMs: DEFAULT_RUN_NOW_MIN_INTERVAL_MS };
  }
  if (!(ms >= 0 && ms <= MAX_RUN_NOW_MIN_INTERVAL_MS)) {
    throw new InputError(
      `Invalid config at ${key}: must be a duration from 0 (no limit) to 1 day`,
    );
  }
  return { runNowMinIntervalMs: ms };
}
