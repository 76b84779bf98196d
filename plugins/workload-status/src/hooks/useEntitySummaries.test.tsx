import { ReactNode } from 'react';
import { act, renderHook, waitFor } from '@testing-library/react';
import { TestApiProvider } from '@backstage/test-utils';
import { EntityStatusSummary } from '@workload-status/backstage-plugin-workload-status-common';
import { workloadStatusApiRef } from '../api/types';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { FakeSignalApi, fakeWorkloadStatusApi } from '../__fixtures__/fakeApis';
import { SIGNAL_DEBOUNCE_MS, useEntitySummaries } from './useEntitySummaries';

const REFS = ['component:default/web', 'component:default/checkout'];

const summary = (
  entityRef: string,
  health: EntityStatusSummary['health'],
): EntityStatusSummary => ({
  entityRef,
  lifecycle: health === 'ok' ? 'Running' : 'CrashLoopBackOff',
  health,
  reasons: [],
  updatedAt: '2026-11-22T03:00:00Z',
});

describe('useEntitySummaries', () => {
  it('polls the batch without Signals, past the batcher’s short cache, and keeps the last answer through a failure', async () => {
    const api = fakeWorkloadStatusApi();
    let recover: (items: EntityStatusSummary[]) => void = () => {};
    const answers: Array<Promise<EntityStatusSummary[]>> = [
      Promise.resolve([summary(REFS[0], 'ok'), summary(REFS[1], 'ok')]),
      Promise.reject(new Error('Service Unavailable')),
      new Promise(resolve => {
        recover = resolve;
      }),
    ];
    answers[1].catch(() => {});
    let call = 0;
    api.getSummaries.mockImplementation(() => {
      const answer = answers[Math.min(call, answers.length - 1)];
      call += 1;
      return answer;
    });
    const { result } = renderHook(
      // a new array on every render: the same refs do not refetch
      () => useEntitySummaries([...REFS], { refreshIntervalMs: 20 }),
      {
        wrapper: ({ children }: { children: ReactNode }) => (
          <TestApiProvider apis={[[workloadStatusApiRef, api]]}>
            {children}
          </TestApiProvider>
        ),
      },
    );
    expect(result.current.loading).toBe(true);
    await waitFor(() => expect(result.current.summaries.size).toBe(2));
    expect(result.current.live).toBe(false);
    // one request for both refs
    expect(api.getSummaries.mock.calls[0][0].sort()).toEqual([...REFS].sort());

    await waitFor(() =>
      expect(result.current.error?.message).toBe('Service Unavailable'),
    );
    expect(result.current.summaries.get(REFS[1])?.health).toBe('ok');

    recover([summary(REFS[0], 'ok'), summary(REFS[1], 'error')]);
    await waitFor(() =>
      expect(result.current.summaries.get(REFS[1])?.health).toBe('error'),
    );
    expect(result.current.error).toBeUndefined();
    // every poll asked the backend again, each for the whole batch
    expect(api.getSummaries.mock.calls.length).toBeGreaterThanOrEqual(3);
    for (const [refs] of api.getSummaries.mock.calls) {
      expect(refs).toHaveLength(2);
    }
  });

  it('refetches once after a burst of signals about its refs, even when signals about other entities follow', async () => {
    const signals = new FakeSignalApi();
    const api = fakeWorkloadStatusApi();
    let call = 0;
    api.getSummaries.mockImplementation(async () => {
      call += 1;
      return [
        summary(REFS[0], 'ok'),
        summary(REFS[1], call > 1 ? 'error' : 'ok'),
      ];
    });
    const { result } = renderHook(
      () => useEntitySummaries(REFS, { refreshIntervalMs: 60_000 }),
      {
        wrapper: ({ children }: { children: ReactNode }) => (
          <TestApiProvider
            apis={[
              [workloadStatusApiRef, api],
              [signalApiRef, signals],
            ]}
          >
            {children}
          </TestApiProvider>
        ),
      },
    );
    await waitFor(() => expect(result.current.summaries.size).toBe(2));
    expect(result.current.live).toBe(true);
    // checkout changes, then, within the debounce, entities not on the page
    // do (the old hook cancelled checkout's refetch on the next signal)
    await act(async () => {
      signals.send('workload-status:entity', { entityRef: REFS[1] });
      signals.send('workload-status:entity', { entityRef: REFS[0] });
    });
    for (let i = 0; i < 5; i++) {
      await act(async () => {
        await new Promise(resolve =>
          setTimeout(resolve, SIGNAL_DEBOUNCE_MS / 5),
        );
        signals.send('workload-status:entity', {
          entityRef: 'component:default/elsewhere',
        });
      });
    }
    await waitFor(() =>
      expect(result.current.summaries.get(REFS[1])?.health).toBe('error'),
    );
    // one refetch for the burst
    await new Promise(resolve => setTimeout(resolve, SIGNAL_DEBOUNCE_MS + 200));
    expect(api.getSummaries).toHaveBeenCalledTimes(2);
  });
});
