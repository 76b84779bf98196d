import type { Config } from '@backstage/config';
import { readBoundedStoreSettings } from '../../retention/BoundedStoreSettings';

/** `workloadStatus.actionRecords`, with defaults applied. */
export interface ActionRecordSettings {
  /** records kept per entity */
  maxPerEntity: number;
  /** older records are dropped */
  maxAgeMs: number;
  /** how often the bounds are applied */
  pruneIntervalMs: number;
}

/** As the job history: a month of records, a few hundred per entity. */
export function readActionRecordSettings(config: Config): ActionRecordSettings {
  const { maxPerGroup, ...bounds } = readBoundedStoreSettings(config, {
    prefix: 'workloadStatus.actionRecords',
    maxPerGroupKey: 'maxPerEntity',
    maxPerGroup: 200,
  });
  return { maxPerEntity: maxPerGroup, ...bounds };
}
