import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { EntityStatus } from '@workload-status/backstage-plugin-workload-status-common';
import type { WorkloadStatusApi } from '../api/types';
import { DEFAULT_REFRESH_MS } from './refreshTiming';
import { useLiveEntityAnswer } from './useLiveEntityAnswer';

export { DEFAULT_REFRESH_MS, nextRefreshDelay } from './refreshTiming';

/** @public */
export interface EntityStatusState {
  /** the last status received; kept through refreshes and failed refreshes */
  status?: EntityStatus;
  /** true only until the first answer for this entity */
  loading: boolean;
  /** the last refresh failed (with `status` set, what is shown is older) */
  error?: Error;
  /** true when Backstage Signals delivers changes as they happen */
  live: boolean;
  /** refetch now */
  retry: () => void;
  /**
   * Shows a status received another way (the answer of a CronJob action) at
   * once, until the next refresh.
   */
  applyStatus: (status: EntityStatus) => void;
}

const fetchStatus = (api: WorkloadStatusApi, entityRef: string) =>
  api.getEntityStatus(entityRef);

/**
 * The current entity's status, kept fresh: refetched when the backend
 * signals a change (Backstage Signals, when installed) and otherwise polled,
 * backing off while refreshes fail. A refresh never clears what is on
 * screen, so an open drawer or dialog survives it (Backstage issue #18730).
 */
export function useEntityStatus(
  options: { refreshIntervalMs?: number } = {},
): EntityStatusState {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const answer = useLiveEntityAnswer(
    entityRef,
    fetchStatus,
    options.refreshIntervalMs ?? DEFAULT_REFRESH_MS,
  );
  return {
    status: answer.value,
    loading: answer.loading,
    error: answer.error,
    live: answer.live,
    retry: answer.retry,
    applyStatus: (status: EntityStatus) => {
      if (status.entityRef === entityRef) answer.apply(status);
    },
  };
}
