import { ReactNode } from 'react';
import { act, renderHook, waitFor } from '@testing-library/react';
import { TestApiProvider } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { workloadStatusApiRef } from '../api/types';
import { crashLoopStatus, healthyStatus } from '../__fixtures__/entityStatuses';
import {
  FakeSignalApi,
  entityOf,
  fakeWorkloadStatusApi,
} from '../__fixtures__/fakeApis';
import { nextRefreshDelay, useEntityStatus } from './useEntityStatus';

function withApi(api: ReturnType<typeof fakeWorkloadStatusApi>) {
  return ({ children }: { children: ReactNode }) => (
    <TestApiProvider apis={[[workloadStatusApiRef, api]]}>
      <EntityProvider entity={entityOf(healthyStatus)}>
        {children}
      </EntityProvider>
    </TestApiProvider>
  );
}

/** The same, with Backstage Signals installed. */
function withApiAndSignals(
  api: ReturnType<typeof fakeWorkloadStatusApi>,
  signals: FakeSignalApi,
) {
  return ({ children }: { children: ReactNode }) => (
    <TestApiProvider
      apis={[
        [workloadStatusApiRef, api],
        [signalApiRef, signals],
      ]}
    >
      <EntityProvider entity={entityOf(healthyStatus)}>
        {children}
      </EntityProvider>
    </TestApiProvider>
  );
}

describe('nextRefreshDelay', () => {
  it('doubles per failure in a row, up to the cap', () => {
    expect(nextRefreshDelay(15_000, 0)).toBe(15_000);
    expect(nextRefreshDelay(15_000, 1)).toBe(30_000);
    expect(nextRefreshDelay(15_000, 3)).toBe(120_000);
    expect(nextRefreshDelay(15_000, 10)).toBe(300_000);
    // a base above the cap is taken as it is
    expect(nextRefreshDelay(600_000, 2)).toBe(600_000);
  });
});

describe('useEntityStatus', () => {
  it('polls without Signals and keeps the last status through a failed refresh', async () => {
    // The recovery answer waits for the test, so that the assertions on the
    // failed refresh cannot race the next poll on a busy machine.
    let recover: (s: typeof crashLoopStatus) => void = () => {};
    const recovered = new Promise<typeof crashLoopStatus>(resolve => {
      recover = resolve;
    });
    const api = fakeWorkloadStatusApi(
      healthyStatus,
      new Error('Service Unavailable'),
      recovered,
    );
    const { result } = renderHook(
      () => useEntityStatus({ refreshIntervalMs: 20 }),
      {
        wrapper: withApi(api),
      },
    );
    expect(result.current.loading).toBe(true);
    await waitFor(() => expect(result.current.status).toBe(healthyStatus));
    expect(result.current.live).toBe(false);
    expect(api.getEntityStatus).toHaveBeenCalledWith('component:default/web');

    await waitFor(() =>
      expect(result.current.error?.message).toBe('Service Unavailable'),
    );
    expect(result.current.status).toBe(healthyStatus);
    expect(result.current.loading).toBe(false);

    // after the failure the next poll waits twice as long, then recovers
    recover(crashLoopStatus);
    await waitFor(() => expect(result.current.status).toBe(crashLoopStatus));
    expect(result.current.error).toBeUndefined();
  });

  it('with Signals, refetches on a change of this entity instead of polling fast', async () => {
    const signals = new FakeSignalApi();
    const api = fakeWorkloadStatusApi(healthyStatus, crashLoopStatus);
    const { result } = renderHook(
      () => useEntityStatus({ refreshIntervalMs: 20 }),
      { wrapper: withApiAndSignals(api, signals) },
    );
    await waitFor(() => expect(result.current.status).toBe(healthyStatus));
    expect(result.current.live).toBe(true);
    await new Promise(resolve => setTimeout(resolve, 100));
    expect(api.getEntityStatus).toHaveBeenCalledTimes(1);

    await act(async () =>
      signals.send('workload-status:entity', {
        entityRef: 'component:default/web',
      }),
    );
    await waitFor(() => expect(result.current.status).toBe(crashLoopStatus));
    expect(api.getEntityStatus).toHaveBeenCalledTimes(2);
  });

  it('refetches when its entity is signalled with others in the same flush, before or after it', async () => {
    const signals = new FakeSignalApi();
    const api = fakeWorkloadStatusApi(healthyStatus, crashLoopStatus);
    const { result } = renderHook(
      () => useEntityStatus({ refreshIntervalMs: 60_000 }),
      { wrapper: withApiAndSignals(api, signals) },
    );
    await waitFor(() => expect(result.current.status).toBe(healthyStatus));
    // the backend publishes one message per entity, back to back: React
    // sees them in one batch
    await act(async () => {
      signals.send('workload-status:entity', {
        entityRef: 'component:default/web',
      });
      signals.send('workload-status:entity', {
        entityRef: 'component:default/checkout',
      });
    });
    await waitFor(() => expect(result.current.status).toBe(crashLoopStatus));
    expect(api.getEntityStatus).toHaveBeenCalledTimes(2);
    // another entity's change alone does not refetch
    await act(async () => {
      signals.send('workload-status:entity', {
        entityRef: 'component:default/checkout',
      });
    });
    await new Promise(resolve => setTimeout(resolve, 50));
    expect(api.getEntityStatus).toHaveBeenCalledTimes(2);
  });
});
