import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** `workloadStatus.rollups`, with defaults applied. */
export interface RollupSettings {
  /** a Group's rollup takes in the entities its child groups own */
  groupDescendants: boolean;
}

export function readRollupSettings(config: Config): RollupSettings {
  const key = 'workloadStatus.rollups.groupDescendants';
  const value = config.getOptional(key);
  if (value !== undefined && typeof value !== 'boolean') {
    throw new InputError(`Invalid config at ${key}: must be true or false`);
  }
  return { groupDescendants: value ?? true };
}
