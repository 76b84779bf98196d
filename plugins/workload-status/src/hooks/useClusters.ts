import { useCallback, useEffect, useRef, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { ClusterHealth } from '@workload-status/backstage-plugin-workload-status-common';
import { workloadStatusApiRef } from '../api/types';
import { DEFAULT_REFRESH_MS, nextRefreshDelay } from './refreshTiming';

interface ClustersState {
  clusters?: ClusterHealth[];
  error?: Error;
  loading: boolean;
}

/**
 * Every watched cluster's health, polled: a cluster going down sends no
 * signal, and an open page must not keep saying it is up. Failed polls back
 * off and keep the last answer shown beside the error. `forbidden` when the
 * backend refuses it (the user lacks `kubernetes.clusters.read`): the
 * backend decides, so the page needs no copy of the Kubernetes plugin's
 * permission, and a refusal is not polled again.
 */
export function useClusters(options: { refreshIntervalMs?: number } = {}) {
  const api = useApi(workloadStatusApiRef);
  const baseMs = options.refreshIntervalMs ?? DEFAULT_REFRESH_MS;
  const [state, setState] = useState<ClustersState>({ loading: true });
  const [round, setRound] = useState(0);
  const failuresInARow = useRef(0);

  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const clusters = await api.getClusters();
        if (cancelled) return;
        failuresInARow.current = 0;
        setState({ clusters, loading: false });
      } catch (error) {
        if (cancelled) return;
        failuresInARow.current += 1;
        setState(previous => ({
          clusters: previous.clusters,
          error: error as Error,
          loading: false,
        }));
        if (isForbidden(error)) return;
      }
      timer = setTimeout(
        () => setRound(r => r + 1),
        nextRefreshDelay(baseMs, failuresInARow.current),
      );
    };
    poll();
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
    };
  }, [api, baseMs, round]);

  const retry = useCallback(() => setRound(r => r + 1), []);
  const forbidden = isForbidden(state.error);
  return {
    clusters: forbidden ? undefined : state.clusters,
    loading: state.loading,
    forbidden,
    error: forbidden ? undefined : state.error,
    retry,
  };
}

function isForbidden(error: unknown): boolean {
  return error instanceof ResponseError && error.statusCode === 403;
}
