import { useEffect, useRef, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { WorkloadStatusApi, workloadStatusApiRef } from '../api/types';
import { nextRefreshDelay, pollInterval } from './refreshTiming';
import { useEntityChangedSignal } from './useEntityChangedSignal';

/** What useLiveEntityAnswer holds for one entity. */
export interface LiveEntityAnswer<T> {
  /** the last answer received; kept through refreshes and failed refreshes */
  value?: T;
  /** true only until the first answer for this entity */
  loading: boolean;
  /** the last refresh failed (with `value` set, what is shown is older) */
  error?: Error;
  /** true when Backstage Signals delivers changes as they happen */
  live: boolean;
  /** refetch now */
  retry: () => void;
  /** shows an answer received another way at once, until the next refresh */
  apply: (value: T) => void;
}

interface Fetched<T> {
  entityRef: string;
  value?: T;
  error?: Error;
}

/**
 * One answer about an entity (its status, a System's rollup), kept fresh:
 * refetched when the backend signals a change of the entity (Backstage
 * Signals, when installed) and otherwise polled, backing off while
 * refreshes fail. A refresh never clears what is on screen, so an open
 * drawer or dialog survives it (Backstage issue #18730).
 *
 * `fetch` is read when a fetch starts, so a new function each render does
 * not restart it.
 */
export function useLiveEntityAnswer<T>(
  entityRef: string,
  fetch: (api: WorkloadStatusApi, entityRef: string) => Promise<T>,
  baseMs: number,
): LiveEntityAnswer<T> {
  const api = useApi(workloadStatusApiRef);
  const [fetched, setFetched] = useState<Fetched<T> | undefined>();
  const [generation, setGeneration] = useState(0);
  const failures = useRef(0);
  const isSignalsAvailable = useEntityChangedSignal([entityRef], () =>
    setGeneration(g => g + 1),
  );
  const fetchRef = useRef(fetch);
  fetchRef.current = fetch;
  // Read at scheduling time, so a change of Signals' availability does not
  // restart a fetch.
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
    fetchRef.current(api, entityRef).then(
      value => {
        if (!active) return;
        failures.current = 0;
        setFetched({ entityRef, value });
        scheduleNext();
      },
      error => {
        if (!active) return;
        failures.current += 1;
        setFetched(prev => ({
          entityRef,
          value: prev?.entityRef === entityRef ? prev.value : undefined,
          error,
        }));
        scheduleNext();
      },
    );
    return () => {
      active = false;
      if (timer) clearTimeout(timer);
    };
  }, [api, entityRef, generation]);

  const current = fetched?.entityRef === entityRef ? fetched : undefined;
  return {
    value: current?.value,
    loading: !current,
    error: current?.error,
    live: isSignalsAvailable,
    retry: () => setGeneration(g => g + 1),
    apply: (value: T) => setFetched({ entityRef, value }),
  };
}
