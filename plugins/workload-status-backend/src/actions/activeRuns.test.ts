import type { V1CronJob } from '@kubernetes/client-node';
import { ObjectStore } from '../cache/ObjectStore';
import { activeRuns } from './activeRuns';

const cronJob = (active: Array<{ name: string; uid: string }> = []) =>
  ({
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: {
      name: 'reports',
      namespace: 'data',
      uid: 'cj',
      resourceVersion: '1',
    },
    spec: { concurrencyPolicy: 'Forbid' },
    status: active.length ? { active } : {},
  } as V1CronJob);

const job = (
  name: string,
  over: { conditions?: object[]; deleting?: boolean; namespace?: string } = {},
) => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: {
    name,
    namespace: over.namespace ?? 'data',
    uid: name,
    resourceVersion: '1',
    ownerReferences: [{ kind: 'CronJob', name: 'reports', uid: 'cj' }],
    ...(over.deleting ? { deletionTimestamp: '2026-12-06T10:00:00Z' } : {}),
  },
  status: over.conditions ? { conditions: over.conditions } : {},
});

describe('activeRuns', () => {
  it("counts the controller's active list and the cached runs it does not list", () => {
    const store = new ObjectStore();
    store.upsert(cronJob() as any);
    store.upsert(job('reports-manual-bcd'));
    store.upsert(
      job('reports-100', {
        conditions: [{ type: 'Complete', status: 'True' }],
      }),
    );
    store.upsert(
      job('reports-101', { conditions: [{ type: 'Failed', status: 'True' }] }),
    );
    store.upsert(
      job('reports-102', {
        conditions: [{ type: 'FailureTarget', status: 'True' }],
      }),
    );
    store.upsert(job('reports-103', { deleting: true }));
    expect(
      activeRuns(cronJob([{ name: 'reports-104', uid: 'reports-104' }]), store),
    ).toEqual(['reports-102', 'reports-104', 'reports-manual-bcd']);
  });

  it('trusts the cache over a lagging active list', () => {
    const store = new ObjectStore();
    store.upsert(cronJob() as any);
    store.upsert(
      job('reports-100', {
        conditions: [{ type: 'Complete', status: 'True' }],
      }),
    );
    expect(
      activeRuns(cronJob([{ name: 'reports-100', uid: 'reports-100' }]), store),
    ).toEqual([]);
  });

  it('does not count a Job of another namespace that names the CronJob', () => {
    const store = new ObjectStore();
    store.upsert(cronJob() as any);
    store.upsert(job('elsewhere', { namespace: 'shop' }));
    expect(activeRuns(cronJob(), store)).toEqual([]);
  });

  it('reads the active list alone without a cache', () => {
    expect(
      activeRuns(cronJob([{ name: 'reports-104', uid: 'x' }]), undefined),
    ).toEqual(['reports-104']);
  });
});
