import { EntityStatusSummary } from '@workload-status/backstage-plugin-workload-status-common';
import { SummaryBatcher } from './SummaryBatcher';
import { WorkloadStatusApi } from './types';

function summary(entityRef: string, health: EntityStatusSummary['health']) {
  return {
    entityRef,
    health,
    lifecycle: health === 'ok' ? 'Running' : 'NotReady',
    reasons: [],
    updatedAt: '2026-11-22T00:00:00Z',
  };
}

describe('SummaryBatcher', () => {
  it('asks for every ref requested in one tick with a single request', async () => {
    const calls: string[][] = [];
    const api: Pick<WorkloadStatusApi, 'getSummaries'> = {
      getSummaries: async refs => {
        calls.push(refs);
        return refs
          .filter(r => !r.endsWith('/secret'))
          .map(r =>
            summary(r.toUpperCase(), r.endsWith('/web') ? 'ok' : 'error'),
          );
      },
    };
    const batcher = new SummaryBatcher(api);
    const [web, api2, secret, webAgain] = await Promise.all([
      batcher.load('component:default/web'),
      batcher.load('component:default/api'),
      batcher.load('component:default/secret'),
      batcher.load('component:default/web'),
    ]);
    expect(calls).toEqual([
      [
        'component:default/web',
        'component:default/api',
        'component:default/secret',
      ],
    ]);
    expect(web?.health).toBe('ok');
    expect(webAgain).toBe(web);
    expect(api2?.health).toBe('error');
    expect(secret).toBeUndefined();
    expect(batcher.peek('component:default/api')?.health).toBe('error');
  });

  it('answers loads of a ref in flight or just answered without another request', async () => {
    let now = 1_000;
    const calls: string[][] = [];
    const api: Pick<WorkloadStatusApi, 'getSummaries'> = {
      getSummaries: async refs => {
        calls.push(refs);
        return refs.map(r => summary(r, 'ok'));
      },
    };
    const batcher = new SummaryBatcher(api, () => now);
    const first = batcher.load('component:default/web');
    // a remounted row asks again while the request is in flight
    await new Promise(r => setTimeout(r, 0));
    const joined = batcher.load('component:default/web');
    expect(await joined).toBe(await first);
    // ... and again just after the answer
    now += 1_000;
    expect(await batcher.load('component:default/web')).toBe(await first);
    expect(calls).toHaveLength(1);
    // a later load is a new question
    now += 10_000;
    await batcher.load('component:default/web');
    expect(calls).toHaveLength(2);
  });

  it('splits more than the backend limit into several requests and rejects on failure', async () => {
    const sizes: number[] = [];
    const api: Pick<WorkloadStatusApi, 'getSummaries'> = {
      getSummaries: async refs => {
        sizes.push(refs.length);
        if (refs.length < 1000) throw new Error('boom');
        return refs.map(r => summary(r, 'ok'));
      },
    };
    const batcher = new SummaryBatcher(api);
    const loads = Array.from({ length: 1500 }, (_, i) =>
      batcher.load(`component:default/c${i}`),
    );
    const results = await Promise.allSettled(loads);
    expect(sizes).toEqual([1000, 500]);
    expect(results.filter(r => r.status === 'fulfilled')).toHaveLength(1000);
    expect(results[1499]).toEqual({
      status: 'rejected',
      reason: new Error('boom'),
    });
  });
});
