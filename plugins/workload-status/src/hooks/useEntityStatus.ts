import { useEffect, useRef, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { useSignal } from '@backstage/plugin-signals-react';
import { EntityStatus } from '@internal/plugin-workload-status-common';
import { workloadStatusApiRef } from '../api/types';
import {
  ENTITY_CHANGED_CHANNEL,
  EntityChangedMessage,
  isAboutEntity,
} from '../api/entityChangedSignal';

/** Polling when Signals is not installed. */
export const DEFAULT_REFRESH_MS = 15_000;
/** Failed refreshes back off up to this. */
const MAX_REFRESH_MS = 5 * 60_000;
/**
 * With Signals, a slow poll still runs: a signal lost to a reconnecting
 * WebSocket must not leave the page stale for good.
 */
const SIGNALS_SAFETY_REFRESH_MS = 2 * 60_000;

/**
 * The delay before the next refresh: the base interval, doubled for each
 * refresh that failed in a row, capped.
 */
export function nextRefreshDelay(
  baseMs: number,
  failuresInARow: number,
  maxMs: number = MAX_REFRESH_MS,
): number {
  return Math.min(Math.max(baseMs, maxMs), baseMs * 2 ** failuresInARow);
}

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

interface Fetched {
  entityRef: string;
  status?: EntityStatus;
  error?: Error;
}

/**
 * The current entity's status, kept fresh: refetched when the backend
 * signals a change (Backstage Signals, when installed) and otherwise polled,
 * backing off while refreshes fail. A refresh never clears what is on
 * screen, so an open drawer or dialog survives it (Backstage issue #18730).
 */
export function useEntityStatus(
  options: { refreshIntervalMs?: number } = {},
): EntityStatusState {
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
  // Read at scheduling time, so a change of Signals' availability does not
  // restart a fetch.
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
    api.getEntityStatus(entityRef).then(
      status => {
        if (!active) return;
        failures.current = 0;
        setFetched({ entityRef, status });
        scheduleNext();
      },
      error => {
        if (!active) return;
        failures.current += 1;
        setFetched(prev => ({
          entityRef,
          status: prev?.entityRef === entityRef ? prev.status : undefined,
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
    status: current?.status,
    loading: !current,
    error: current?.error,
    live: isSignalsAvailable,
    retry: () => setGeneration(g => g + 1),
    applyStatus: (status: EntityStatus) => {
      if (status.entityRef !== entityRef) return;
      setFetched({ entityRef, status });
    },
  };
}
