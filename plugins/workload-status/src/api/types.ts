import { createApiRef } from '@backstage/core-plugin-api';
import {
  EntityStatus,
  EntityStatusSummary,
} from '@internal/plugin-workload-status-common';

/** The Workload Status backend, as the frontend sees it. @public */
export interface WorkloadStatusApi {
  /** The full status of one entity (the Status tab). */
  getEntityStatus(entityRef: string): Promise<EntityStatus>;
  /**
   * Summaries of many entities in one request (the catalog column), in the
   * order asked; entities the user may not read are left out.
   */
  getSummaries(entityRefs: string[]): Promise<EntityStatusSummary[]>;
}

/** @public */
export const workloadStatusApiRef = createApiRef<WorkloadStatusApi>({
  id: 'plugin.workload-status.service',
});
