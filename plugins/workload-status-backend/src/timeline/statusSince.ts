import type {
  EntityStatus,
  EntityStatusSummary,
  Health,
} from '@workload-status/backstage-plugin-workload-status-common';
import { workloadKey } from './statusSubjects';

/** When subjects' current health began (TimelineRecorder). */
export interface StatusSince {
  entitySince(entityRef: string, health: Health): string | undefined;
  workloadSince(
    entityRef: string,
    key: string,
    health: Health,
  ): string | undefined;
}

/**
 * A copy of the status with `since` on it and on its workloads, where
 * known. The cached status is shared by every reader: never written to.
 */
export function statusWithSince(
  status: EntityStatus,
  since: StatusSince,
): EntityStatus {
  const ref = status.entityRef;
  const entitySince = since.entitySince(ref, status.health);
  return {
    ...status,
    ...(entitySince ? { since: entitySince } : {}),
    workloads: status.workloads.map(w => {
      const s = since.workloadSince(ref, workloadKey(w), w.health);
      return s ? { ...w, since: s } : w;
    }),
  };
}

/** A copy of the summary with `since`, where known. */
export function summaryWithSince(
  summary: EntityStatusSummary,
  since: StatusSince,
): EntityStatusSummary {
  const s = since.entitySince(summary.entityRef, summary.health);
  return s ? { ...summary, since: s } : summary;
}
