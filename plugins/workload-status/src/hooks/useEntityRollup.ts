import { useEffect, useRef, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { useSignal } from '@backstage/plugin-signals-react';
import { EntityRollup } from '@internal/plugin-workload-status-common';
import { workloadStatusApiRef } from '../api/types';
import {
  ENTITY_CHANGED_CHANNEL,
  EntityChangedMessage,
  isAboutEntity,
} from '../api/entityChangedSignal';
import { DEFAULT_REFRESH_MS, nextRefreshDelay } from './useEntityStatus';

/** With Signals, a slow poll still runs (a lost signal must not leave the page stale). */
const SIGNALS_SAFETY_REFRESH_MS = 2 * 60_000;

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

interface Fetched {
  entityRef: string;
  rollup?: EntityRollup;
  error?: Error;
}

/**
 * The current System's or Group's rollup, kept fresh as an entity's status
 * is: refetched when the backend signals a change of the rollup (it does
 * when any member changes) and otherwise polled, backing off on failures.
 */
export function useEntityRollup(
  options: { refreshIntervalMs?: number } = {},
): EntityRollupState {
  const baseMs = options.refreshIntervalMs ?? DEFAULT_REFRESH_MS;
  const api = useApi(workloadStatusApiRef);
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const { lastSignal, isSignalsAvailable } = useSignal<EntityChangedMessage>(
    ENTITY_CHANGED_CHANNEL,
  );
  const [fetched, setFetched] = useState<Fetched | undefined>();
  const [generation, setGeneration] = useState(0);
  const failures = useRef(0);
  const pollMs = useRef(baseMs);
  pollMs.current = isSignalsAvailable
    ? Math.max(baseMs, SIGNALS_SAFETY_REFRESH_MS)
    : baseMs;

  useEffect(() => {
    let active = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const scheduleNext = () => {
      timer = setTimeout(
        () => setGeneration(g => g + 1),
        nextRefreshDelay(pollMs.current, failures.current),
      );
    };
    api.getRollup(entityRef).then(
      rollup => {
        if (!active) return;
        failures.current = 0;
        setFetched({ entityRef, rollup });
        scheduleNext();
      },
      error => {
        if (!active) return;
        failures.current += 1;
        setFetched(prev => ({
          entityRef,
          rollup: prev?.entityRef === entityRef ? prev.rollup : undefined,
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

  useEffect(() => {
    if (isAboutEntity(lastSignal, entityRef)) setGeneration(g => g + 1);
  }, [lastSignal, entityRef]);

  const current = fetched?.entityRef === entityRef ? fetched : undefined;
  return {
    rollup: current?.rollup,
    loading: !current,
    error: current?.error,
    live: isSignalsAvailable,
    retry: () => setGeneration(g => g + 1),
  };
}
