import { useEffect, useMemo, useRef, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { EntityStatusSummary } from '@workload-status/backstage-plugin-workload-status-common';
import { workloadStatusApiRef } from '../api/types';
import { summaryBatcherFor } from '../api/SummaryBatcher';
import {
  DEFAULT_REFRESH_MS,
  nextRefreshDelay,
  pollInterval,
} from './refreshTiming';
import { useEntityChangedSignal } from './useEntityChangedSignal';

/**
 * Changes come in bursts (a rollout touches many entities): one refetch
 * after the burst, not one per signal.
 */
export const SIGNAL_DEBOUNCE_MS = 1_000;

/** @public */
export interface EntitySummariesState {
  /** by entity ref as asked; absent: not readable, or not loaded yet */
  summaries: Map<string, EntityStatusSummary>;
  /** true only until the first answer */
  loading: boolean;
  /** the last refresh failed (what is shown is older) */
  error?: Error;
  /** true when Backstage Signals delivers changes as they happen */
  live: boolean;
  retry: () => void;
}

/**
 * The summaries of many entities, in the batched request the catalog column
 * uses (one request for all of them), kept fresh: refetched shortly after
 * the backend signals a change of one of them, and otherwise polled like
 * the Status tab, backing off while refreshes fail.
 */
export function useEntitySummaries(
  entityRefs: string[],
  options: { refreshIntervalMs?: number } = {},
): EntitySummariesState {
  const baseMs = options.refreshIntervalMs ?? DEFAULT_REFRESH_MS;
  const api = useApi(workloadStatusApiRef);
  const batcher = summaryBatcherFor(api);
  // a stable key, so a new array of the same refs does not refetch
  const key = entityRefs.join('\n');
  const refs = useMemo(() => (key ? key.split('\n') : []), [key]);

  const [fetched, setFetched] = useState<
    | {
        key: string;
        summaries: Map<string, EntityStatusSummary>;
        error?: Error;
      }
    | undefined
  >();
  const [generation, setGeneration] = useState(0);
  // One refetch shortly after a burst of signals about these refs; a
  // signal about another entity neither delays nor cancels it.
  const signalTimer = useRef<ReturnType<typeof setTimeout>>();
  const isSignalsAvailable = useEntityChangedSignal(refs, () => {
    if (signalTimer.current) return;
    signalTimer.current = setTimeout(() => {
      signalTimer.current = undefined;
      setGeneration(g => g + 1);
    }, SIGNAL_DEBOUNCE_MS);
  });
  useEffect(
    () => () => {
      clearTimeout(signalTimer.current);
      signalTimer.current = undefined;
    },
    [],
  );
  const failures = useRef(0);
  const pollMs = useRef(baseMs);
  pollMs.current = pollInterval(baseMs, isSignalsAvailable);

  useEffect(() => {
    let active = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const scheduleNext = () => {
      timer = setTimeout(
        () => setGeneration(g => g + 1),
        nextRefreshDelay(pollMs.current, failures.current),
      );
    };
    // the first load may take what the catalog column loaded moments ago;
    // a refresh asks again
    const maxAgeMs = generation === 0 ? undefined : 0;
    Promise.all(refs.map(ref => batcher.load(ref, { maxAgeMs }))).then(
      answers => {
        if (!active) return;
        failures.current = 0;
        const summaries = new Map<string, EntityStatusSummary>();
        answers.forEach((summary, i) => {
          if (summary) summaries.set(refs[i], summary);
        });
        setFetched({ key, summaries });
        scheduleNext();
      },
      error => {
        if (!active) return;
        failures.current += 1;
        setFetched(prev => ({
          key,
          summaries: prev?.key === key ? prev.summaries : new Map(),
          error,
        }));
        scheduleNext();
      },
    );
    return () => {
      active = false;
      if (timer) clearTimeout(timer);
    };
  }, [batcher, key, refs, generation]);

  const current = fetched?.key === key ? fetched : undefined;
  return {
    summaries: current?.summaries ?? new Map(),
    loading: !current,
    error: current?.error,
    live: isSignalsAvailable,
    retry: () => setGeneration(g => g + 1),
  };
}
