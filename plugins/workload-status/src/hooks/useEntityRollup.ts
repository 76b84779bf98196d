import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { EntityRollup } from '@workload-status/backstage-plugin-workload-status-common';
import type { WorkloadStatusApi } from '../api/types';
import { DEFAULT_REFRESH_MS } from './refreshTiming';
import { useLiveEntityAnswer } from './useLiveEntityAnswer';

/** @public */
export interface EntityRollupState {
  /** the last rollup received; kept through refreshes and failed refreshes */
  rollup?: EntityRollup;
  /** true only until the first answer for this entity */
  loading: boolean;
  /** the last refresh failed */
  error?: Error;
  /** true when Backstage Signals delivers changes as they happen */
  live: boolean;
  retry: () => void;
}

const fetchRollup = (api: WorkloadStatusApi, entityRef: string) =>
  api.getRollup(entityRef);

/**
 * The current System's or Group's rollup, kept fresh as an entity's status
 * is: refetched when the backend signals a change of the rollup (it does
 * when any member changes) and otherwise polled, backing off on failures.
 */
export function useEntityRollup(
  options: { refreshIntervalMs?: number } = {},
): EntityRollupState {
  const { entity } = useEntity();
  const answer = useLiveEntityAnswer(
    stringifyEntityRef(entity),
    fetchRollup,
    options.refreshIntervalMs ?? DEFAULT_REFRESH_MS,
  );
  return {
    rollup: answer.value,
    loading: answer.loading,
    error: answer.error,
    live: answer.live,
    retry: answer.retry,
  };
}
