import type { KubeObject } from '@workload-status/backstage-plugin-workload-status-common';
import type { ClusterCache } from '../cache/ClusterCache';
import { ObjectStore } from '../cache/ObjectStore';
import { CacheWriteThrough, toWireJson } from './CacheWriteThrough';

function setup() {
  const store = new ObjectStore();
  const changes: string[] = [];
  store.onChange(({ previous, next }) => {
    const obj = (next ?? previous)!;
    let verb = 'delete';
    if (next) verb = previous ? 'update' : 'add';
    changes.push(
      `${verb} ${obj.metadata!.name}@${obj.metadata!.resourceVersion}`,
    );
  });
  const caches = new Map([['prod', { store } as unknown as ClusterCache]]);
  return { store, changes, writeThrough: new CacheWriteThrough(() => caches) };
}

// as the API server answers: with managedFields, which the cache drops
const cronJob = (rv: string, suspend: boolean): KubeObject =>
  ({
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: {
      name: 'reports',
      namespace: 'data',
      uid: 'cj',
      resourceVersion: rv,
      managedFields: [{ manager: 'kubectl' }],
    },
    spec: { schedule: '* * * * *', suspend },
  } as KubeObject);

describe('CacheWriteThrough', () => {
  it('stores the projection of a newer object; the watch repeating it is no change', () => {
    const { store, changes, writeThrough } = setup();
    store.upsert(cronJob('99', false));
    writeThrough.apply('prod', cronJob('100', true), 'CronJob', 'batch/v1');
    expect(store.get('cj')?.spec?.suspend).toBe(true);
    // projected: no managedFields in the cache
    expect(store.get('cj')?.metadata).not.toHaveProperty('managedFields');
    // the watch delivers the same version later
    store.upsert(cronJob('100', true));
    expect(changes).toEqual(['add reports@99', 'update reports@100']);
  });

  it('leaves a newer cached version alone (numeric, not string, order)', () => {
    const { store, writeThrough } = setup();
    store.upsert(cronJob('1000', true));
    writeThrough.apply('prod', cronJob('999', false), 'CronJob', 'batch/v1');
    expect(store.get('cj')?.metadata?.resourceVersion).toBe('1000');
  });

  it('fills kind and apiVersion a client model may lack', () => {
    const { store, writeThrough } = setup();
    const { kind: _k, apiVersion: _a, ...bare } = cronJob('5', false);
    writeThrough.apply('prod', bare, 'CronJob', 'batch/v1');
    expect(store.get('cj')).toMatchObject({
      kind: 'CronJob',
      apiVersion: 'batch/v1',
    });
  });

  it('removes an object with everything it owns, dependents first', () => {
    const { store, changes, writeThrough } = setup();
    const owned = (name: string, uid: string, owner: string): KubeObject => ({
      apiVersion: 'v1',
      kind: name.startsWith('job') ? 'Job' : 'Pod',
      metadata: {
        name,
        // dependents are in their owner's namespace (else not dependents)
        namespace: 'data',
        uid,
        resourceVersion: '1',
        ownerReferences: [
          { uid: owner, kind: 'X', name: 'x', apiVersion: 'v1' },
        ],
      },
    });
    store.upsert(cronJob('1', false));
    store.upsert(owned('job-a', 'ja', 'cj'));
    store.upsert(owned('pod-a', 'pa', 'ja'));
    store.upsert(owned('other', 'o', 'elsewhere'));
    changes.length = 0;
    writeThrough.removeWithDependents('prod', 'cj');
    expect(changes).toEqual([
      'delete pod-a@1',
      'delete job-a@1',
      'delete reports@1',
    ]);
    expect(store.get('o')).toBeDefined();
  });

  it('ignores clusters it does not know', () => {
    const { writeThrough } = setup();
    expect(() =>
      writeThrough.apply('nowhere', cronJob('1', true), 'CronJob', 'batch/v1'),
    ).not.toThrow();
  });
});

describe('toWireJson', () => {
  it('writes client-node dates as the API server does', () => {
    expect(
      toWireJson({
        a: new Date('2026-01-02T03:04:05Z'),
        b: new Date('2026-01-02T03:04:05.123Z'),
        c: 'text',
      }),
    ).toEqual({
      a: '2026-01-02T03:04:05Z',
      b: '2026-01-02T03:04:05.123Z',
      c: 'text',
    });
  });
});
