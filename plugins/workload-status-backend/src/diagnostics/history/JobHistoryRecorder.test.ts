import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { KubeObject } from '@workload-status/backstage-plugin-workload-status-common';
import path from 'node:path';
import type { ClusterCache } from '../../cache/ClusterCache';
import { ObjectStore } from '../../cache/ObjectStore';
import { JobHistoryRecorder } from './JobHistoryRecorder';
import { JobRunStore } from './JobRunStore';

const databases = TestDatabases.create({
  ids: ['SQLITE_3'],
  disableDocker: true,
});
const NOW = Date.parse('2026-01-01T12:00:00Z');

function job(name: string, rv: string, status: object = {}): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name,
      namespace: 'data',
      uid: `uid-${name}`,
      resourceVersion: rv,
      creationTimestamp: '2026-01-01T11:00:00Z',
      ownerReferences: [
        {
          apiVersion: 'batch/v1',
          kind: 'CronJob',
          name: 'reports',
          uid: 'cj',
          controller: true,
        },
      ],
    },
    spec: { backoffLimit: 1, completions: 1 },
    status,
  };
}

const running = { startTime: '2026-01-01T11:00:00Z', active: 1 };
const complete = {
  startTime: '2026-01-01T11:00:00Z',
  completionTime: '2026-01-01T11:00:06Z',
  succeeded: 1,
  conditions: [{ type: 'Complete', status: 'True' }],
};

async function setup(connect?: () => Promise<any>) {
  const knex = await databases.init('SQLITE_3');
  const runs = connect
    ? new JobRunStore(connect)
    : JobRunStore.create(mockServices.database({ knex }));
  const objects = new ObjectStore();
  const recorder = new JobHistoryRecorder({
    store: runs,
    settings: {
      maxRunsPerOwner: 100,
      maxAgeMs: 30 * 24 * 3600_000,
      pruneIntervalMs: 3600_000,
      flushDelayMs: 20,
    },
    logger: mockServices.logger.mock(),
    now: () => NOW,
  });
  recorder.clusterAdded('prod', { store: objects } as ClusterCache);
  const rows = () =>
    runs.list({
      cluster: 'prod',
      namespace: 'data',
      owners: ['CronJob/reports'],
      limit: 100,
    });
  return { knex, runs, objects, recorder, rows };
}

describe('JobHistoryRecorder', () => {
  it('prunes on its own timer unless the scheduler does it', async () => {
    const own = await setup();
    const ownPrune = jest.spyOn(own.recorder, 'prune');
    own.recorder.start();
    expect(ownPrune).toHaveBeenCalledTimes(1);
    await own.recorder.stop();

    // with the scheduler's task (one replica at a time), never by itself
    const scheduled = await setup();
    const scheduledPrune = jest.spyOn(scheduled.recorder, 'prune');
    scheduled.recorder.start({ ownPruneTimer: false });
    expect(scheduledPrune).not.toHaveBeenCalled();
    await scheduled.recorder.stop();
  });

  it('writes a storm of changes as one batch, with the latest status', async () => {
    const { runs, objects, recorder, rows } = await setup();
    const upsert = jest.spyOn(runs, 'upsert');
    for (let i = 1; i <= 50; i++)
      objects.upsert(job('reports-1', String(i), running));
    objects.upsert(job('reports-1', '51', complete));
    objects.upsert(job('reports-2', '1', running));
    await recorder.flush();
    expect(upsert).toHaveBeenCalledTimes(1);
    expect(upsert.mock.calls[0][0]).toHaveLength(2);
    const byName = Object.fromEntries((await rows()).map(r => [r.name, r]));
    expect(byName['reports-1']).toMatchObject({
      uid: 'uid-reports-1',
      cronJob: 'reports',
      owner: 'CronJob/reports',
      trigger: 'scheduled',
      lifecycle: 'Completed',
      health: 'ok',
      startedAt: '2026-01-01T11:00:00.000Z',
      completedAt: '2026-01-01T11:00:06.000Z',
      deleted: false,
    });
    expect(byName['reports-2']).toMatchObject({ lifecycle: 'Executing' });
    await recorder.stop();
  });

  it('keeps a deleted Job, marked deleted', async () => {
    const { objects, recorder, rows } = await setup();
    objects.upsert(job('reports-1', '1', complete));
    await recorder.flush();
    // graceful deletion: last seen Deleting, recorded as it ended
    const deleting = job('reports-1', '2', complete);
    deleting.metadata!.deletionTimestamp = '2026-01-01T11:30:00Z';
    objects.upsert(deleting);
    objects.delete('uid-reports-1');
    // created and deleted between two writes: still recorded
    objects.upsert(job('reports-2', '1', complete));
    objects.delete('uid-reports-2');
    await recorder.flush();
    expect((await rows()).map(r => [r.name, r.deleted, r.lifecycle])).toEqual([
      ['reports-1', true, 'Completed'],
      ['reports-2', true, 'Completed'],
    ]);
    await recorder.stop();
  });

  it('never records a run as Deleting, even when written before the deletion', async () => {
    const { objects, recorder, rows } = await setup();
    const deleting = job('reports-1', '2', complete);
    deleting.metadata!.deletionTimestamp = '2026-01-01T11:30:00Z';
    objects.upsert(deleting);
    await recorder.flush();
    expect((await rows()).map(r => [r.name, r.deleted, r.lifecycle])).toEqual([
      ['reports-1', false, 'Completed'],
    ]);
    await recorder.stop();
  });

  it('rewrites a run when one of its pods changes', async () => {
    const { objects, recorder, rows } = await setup();
    objects.upsert(job('reports-1', '1', running));
    await recorder.flush();
    objects.upsert({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'reports-1-abcde',
        namespace: 'data',
        uid: 'pod-1',
        ownerReferences: [
          {
            kind: 'Job',
            name: 'reports-1',
            uid: 'uid-reports-1',
            controller: true,
            apiVersion: 'batch/v1',
          },
        ],
      },
      spec: { containers: [{ name: 'report', image: 'r:1' }] },
      status: {
        phase: 'Pending',
        containerStatuses: [
          {
            name: 'report',
            ready: false,
            restartCount: 0,
            image: 'r:1',
            state: {
              waiting: { reason: 'ImagePullBackOff', message: 'pull failed' },
            },
          },
        ],
      },
    });
    await recorder.flush();
    const [row] = await rows();
    expect(row.reasons.map(r => r.code)).toContain('ImagePullBackOff');
    await recorder.stop();
  });

  it('writes reasons redacted, whatever the objects it is given hold', async () => {
    const { knex, objects, recorder, rows } = await setup();
    objects.upsert(job('reports-1', '1', running));
    objects.upsert({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'reports-1-abcde',
        namespace: 'data',
        uid: 'pod-1',
        ownerReferences: [
          {
            kind: 'Job',
            name: 'reports-1',
            uid: 'uid-reports-1',
            controller: true,
            apiVersion: 'batch/v1',
          },
        ],
      },
      spec: { containers: [{ name: 'report', image: 'r:1' }] },
      status: {
        phase: 'Pending',
        containerStatuses: [
          {
            name: 'report',
            ready: false,
            restartCount: 0,
            image: 'r:1',
            state: {
              waiting: {
                reason: 'CreateContainerConfigError',
                message:
                  'bad env DB_PASSWORD=hunter2 token ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789',
              },
            },
          },
        ],
      },
    });
    await recorder.flush();
    const stored = await knex('job_runs').select('reasons');
    expect(stored.map(r => r.reasons).join('')).toContain('[REDACTED]');
    expect(JSON.stringify(stored)).not.toContain('hunter2');
    expect(JSON.stringify(stored)).not.toContain('ghp_');
    const [row] = await rows();
    expect(JSON.stringify(row)).not.toContain('hunter2');
    await recorder.stop();
  });

  it('retries a failed write until the database answers', async () => {
    const knex = await databases.init('SQLITE_3');
    let attempts = 0;
    const { objects, recorder, rows } = await setup(async () => {
      attempts += 1;
      if (attempts <= 2) throw new Error('database is down');
      await knex.migrate.latest({
        directory: path.resolve(__dirname, '../../../migrations'),
      });
      return knex;
    });
    objects.upsert(job('reports-1', '1', complete));
    await recorder.flush();
    expect(attempts).toBe(1);
    // the recorder retries on its own, with backoff
    const deadline = Date.now() + 5000;
    while (attempts < 3 && Date.now() < deadline) {
      await new Promise(r => setTimeout(r, 20));
    }
    let found = await rows().catch(() => []);
    while (found.length === 0 && Date.now() < deadline) {
      await new Promise(r => setTimeout(r, 20));
      found = await rows().catch(() => []);
    }
    expect(found.map(r => r.name)).toEqual(['reports-1']);
    expect(attempts).toBeGreaterThanOrEqual(3);
    await recorder.stop();
  });
});
