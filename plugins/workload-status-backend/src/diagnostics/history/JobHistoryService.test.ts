import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { KubeObject } from '@workload-status/backstage-plugin-workload-status-common';
import { ObjectStore } from '../../cache/ObjectStore';
import { LabelSelector } from '../../matching/LabelSelector';
import { JobHistoryService } from './JobHistoryService';
import { JobRunRecord, JobRunStore } from './JobRunStore';
import { internalDetailOf } from '../../service/publicErrors';

const databases = TestDatabases.create({
  ids: ['SQLITE_3'],
  disableDocker: true,
});
const NOW = Date.parse('2026-01-01T12:00:00Z');

const cronJob: KubeObject = {
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: { name: 'reports', namespace: 'data', uid: 'cj' },
  spec: { schedule: '0 * * * *' },
};

function job(name: string, started: string, owner?: string): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name,
      namespace: 'data',
      uid: `uid-${name}`,
      creationTimestamp: started,
      ...(owner
        ? {
            ownerReferences: [
              {
                apiVersion: 'batch/v1',
                kind: 'CronJob',
                name: owner,
                uid: 'cj',
                controller: true,
              },
            ],
          }
        : {}),
    },
    spec: { completions: 1 },
    status: { startTime: started, active: 1 },
  };
}

function stored(uid: string, overrides: Partial<JobRunRecord>): JobRunRecord {
  return {
    cluster: 'prod',
    uid,
    namespace: 'data',
    name: uid,
    owner: 'CronJob/reports',
    cronJob: 'reports',
    trigger: 'scheduled',
    lifecycle: 'Completed',
    health: 'ok',
    reasons: [],
    firstSeen: '2026-01-01T09:00:00.000Z',
    lastSeen: '2026-01-01T09:00:00.000Z',
    sortTime: '2026-01-01T09:00:00.000Z',
    deleted: false,
    ...overrides,
  };
}

async function setup(synced: boolean, ownedNamespaces = ['data']) {
  const knex = await databases.init('SQLITE_3');
  const runs = JobRunStore.create(mockServices.database({ knex }));
  const objects = new ObjectStore();
  const live = [
    cronJob,
    job('reports-11', '2026-01-01T11:00:00Z', 'reports'),
    job('migrate', '2026-01-01T10:30:00Z'),
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'reports-11-x',
        namespace: 'data',
        uid: 'pod-1',
        ownerReferences: [
          {
            apiVersion: 'batch/v1',
            kind: 'Job',
            name: 'reports-11',
            uid: 'uid-reports-11',
            controller: true,
          },
        ],
      },
      status: { phase: 'Running' },
    },
  ];
  live.forEach(o => objects.upsert(o));
  const service = new JobHistoryService({
    objects: {
      resolve: async () => [
        {
          cluster: 'prod',
          store: objects,
          uids: new Set(live.map(o => o.metadata!.uid!)),
        },
      ],
      ownedNamespaces: async (_ref, _cluster, namespaces) =>
        new Set([...namespaces].filter(n => ownedNamespaces.includes(n))),
    },
    store: runs,
    synced: () => synced,
    selectorOf: () => ({
      selector: LabelSelector.parse('backstage.io/kubernetes-id=reports'),
      namespace: 'data',
    }),
    now: () => NOW,
  });
  return { runs, service };
}

describe('JobHistoryService', () => {
  it('merges stored runs with the live Jobs, newest first', async () => {
    const { runs, service } = await setup(true);
    await runs.upsert([
      // stored earlier while running: the live object wins
      stored('uid-reports-11', {
        name: 'reports-11',
        lifecycle: 'Waiting',
        sortTime: '2026-01-01T11:00:00.000Z',
      }),
      stored('uid-reports-10', {
        name: 'reports-10',
        startedAt: '2026-01-01T10:00:00.000Z',
        completedAt: '2026-01-01T10:00:42.000Z',
        sortTime: '2026-01-01T10:00:00.000Z',
        deleted: true,
      }),
      // deleted while the backend was down: not marked in the database
      stored('uid-reports-9', {
        name: 'reports-9',
        sortTime: '2026-01-01T09:00:00.000Z',
      }),
      // another CronJob's, not in this tree
      stored('uid-backup-1', { owner: 'CronJob/backup', cronJob: 'backup' }),
    ]);
    const { items } = await service.list('component:default/reports', {
      limit: 100,
    });
    expect(
      items.map(r => [r.name, r.lifecycle, r.deleted, r.pods, r.cronJob]),
    ).toEqual([
      ['reports-11', 'Executing', false, ['reports-11-x'], 'reports'],
      ['migrate', 'Executing', false, [], undefined],
      ['reports-10', 'Completed', true, [], 'reports'],
      ['reports-9', 'Completed', true, [], 'reports'],
    ]);
    expect(items[2]).toMatchObject({
      durationSeconds: 42,
      trigger: 'scheduled',
    });
    expect(items[1].trigger).toBe('manual');
  });

  it('finds the deleted standalone Jobs of the entity by their labels', async () => {
    const { runs, service } = await setup(true);
    const standalone = (name: string, labels: Record<string, string>) =>
      stored(`uid-${name}`, {
        name,
        owner: `Job/${name}`,
        cronJob: undefined,
        trigger: 'manual',
        deleted: true,
        labels,
      });
    await runs.upsert([
      standalone('migrate-old', { 'backstage.io/kubernetes-id': 'reports' }),
      standalone('seed', { 'backstage.io/kubernetes-id': 'other' }),
    ]);
    const { items } = await service.list('component:default/reports', {
      limit: 100,
    });
    expect(items.map(r => r.name)).toEqual([
      'reports-11',
      'migrate',
      'migrate-old',
    ]);
    // a CronJob filter asks for that CronJob's runs only
    const ofReports = await service.list('component:default/reports', {
      cronJob: 'reports',
      limit: 100,
    });
    expect(ofReports.items.map(r => r.name)).toEqual(['reports-11']);
  });

  it("leaves out deleted standalone Jobs in a namespace the entity's owner does not own", async () => {
    // the entity's labels claim them, but a catalog claim is not ownership
    const { runs, service } = await setup(true, []);
    await runs.upsert([
      stored('uid-migrate-old', {
        name: 'migrate-old',
        owner: 'Job/migrate-old',
        cronJob: undefined,
        trigger: 'manual',
        deleted: true,
        labels: { 'backstage.io/kubernetes-id': 'reports' },
      }),
    ]);
    const { items } = await service.list('component:default/reports', {
      limit: 100,
    });
    expect(items.map(r => r.name)).not.toContain('migrate-old');
  });

  it('keeps the stored deleted flag while the cache is not synced', async () => {
    const { runs, service } = await setup(false);
    await runs.upsert([stored('uid-reports-9', { name: 'reports-9' })]);
    const { items } = await service.list('component:default/reports', {
      limit: 100,
    });
    expect(items.find(r => r.name === 'reports-9')?.deleted).toBe(false);
  });

  it('filters by CronJob and limits', async () => {
    const { runs, service } = await setup(true);
    await runs.upsert([stored('uid-reports-9', { name: 'reports-9' })]);
    const ofReports = await service.list('component:default/reports', {
      cronJob: 'reports',
      limit: 100,
    });
    expect(ofReports.items.map(r => r.name)).toEqual([
      'reports-11',
      'reports-9',
    ]);
    const one = await service.list('component:default/reports', { limit: 1 });
    expect(one.items.map(r => r.name)).toEqual(['reports-11']);
    const none = await service.list('component:default/reports', {
      cronJob: 'backup',
      limit: 100,
    });
    expect(none.items).toEqual([]);
  });

  it('answers 503 when the database cannot be read', async () => {
    const objects = new ObjectStore();
    objects.upsert(cronJob);
    const service = new JobHistoryService({
      objects: {
        resolve: async () => [
          { cluster: 'prod', store: objects, uids: new Set(['cj']) },
        ],
        ownedNamespaces: async (_ref, _cluster, namespaces) =>
          new Set(namespaces),
      },
      store: new JobRunStore(async () => {
        throw new Error(
          'connect ECONNREFUSED 10.1.2.3:5432 (password authentication failed for user "backstage")',
        );
      }),
      synced: () => true,
      now: () => NOW,
    });
    const error = await service
      .list('component:default/reports', { limit: 10 })
      .catch(e => e);
    // users learn that the history is unreadable, operators read why in the log
    expect(error).toMatchObject({
      name: 'ServiceUnavailableError',
      message: 'The job history could not be read',
    });
    expect(internalDetailOf(error)).toEqual({
      detail: expect.stringContaining('ECONNREFUSED 10.1.2.3:5432'),
      audience: 'logOnly',
    });
  });
});
