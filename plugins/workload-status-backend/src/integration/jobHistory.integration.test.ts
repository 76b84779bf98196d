import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import type { JobHistoryResponse } from '@workload-status/backstage-plugin-workload-status-common';
import request from 'supertest';
import { startHarness } from '../__testUtils__/simulatorHarness';

jest.setTimeout(90_000);

// PostgreSQL as in production when npm test names a server, else SQLite
const databaseId = process.env
  .BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
  ? 'POSTGRES_15'
  : 'SQLITE_3';
const databases = TestDatabases.create({
  ids: [databaseId],
  disableDocker: true,
});

/**
 * The `reports` CronJob of the scenario runs every minute for 6 s and
 * keeps 3 successful Jobs: the cluster deletes older runs within minutes,
 * the plugin's database keeps them.
 */
describe('job history in the plugin database', () => {
  let h: Awaited<ReturnType<typeof startHarness>>;
  const auth = mockCredentials.user.header('user:default/alice');
  const history = (query = '') =>
    request(h.backend.server)
      .get(
        `/api/workload-status/v1/entities/default/component/reports/job-history${query}`,
      )
      .set('Authorization', auth);
  const jobsInCluster = () =>
    h.sim
      .cluster('production')
      .list('Job', 'data')
      .map(j => j.metadata.uid as string);

  beforeAll(async () => {
    // one database for both backends of the restart test
    const knex = await databases.init(databaseId);
    h = await startHarness(
      ['reports'],
      { jobHistory: { flushDelay: { milliseconds: 20 } } },
      { features: [mockServices.database.factory({ knex })] },
    );
    await h.eventually(h.clusters, cs => cs.every(c => c.synced));
    // six minutes: six runs, of which the cluster keeps the last three
    for (let t = 0; t < 6 * 60; t += 5) {
      await h.sim.clock.advance(5000);
      await new Promise(r => setTimeout(r, 10));
    }
  });

  afterAll(async () => {
    await h?.stop();
  });

  it('keeps the runs the cluster deleted, beside the live ones', async () => {
    const live = jobsInCluster();
    expect(live.length).toBeLessThanOrEqual(4);
    const body: JobHistoryResponse = (
      await h.eventually(
        () => history(),
        res =>
          res.body.items?.length >= 6 &&
          res.body.items.filter((r: any) => r.deleted).length >= 2,
      )
    ).body;
    const deleted = body.items.filter(r => r.deleted);
    expect(deleted.length).toBeGreaterThanOrEqual(2);
    for (const run of deleted) {
      expect(live).not.toContain(run.uid);
      expect(run).toMatchObject({
        cluster: 'production',
        namespace: 'data',
        name: expect.stringMatching(/^reports-/),
        cronJob: 'reports',
        trigger: 'scheduled',
        lifecycle: 'Completed',
        health: 'ok',
        durationSeconds: expect.any(Number),
        pods: [],
      });
      expect(run.durationSeconds).toBeGreaterThanOrEqual(6);
    }
    // the live runs come from the cache, with their pods
    const liveRuns = body.items.filter(r => !r.deleted);
    expect(liveRuns.map(r => r.uid).sort()).toEqual([...live].sort());
    expect(liveRuns.some(r => r.pods.length > 0)).toBe(true);
    // newest first
    const starts = body.items.map(r => r.startedAt ?? '');
    expect(starts).toEqual([...starts].sort().reverse());
    expect(new Set(body.items.map(r => r.uid)).size).toBe(body.items.length);
  });

  it('filters by CronJob and limits', async () => {
    const all = (await history()).body.items as JobHistoryResponse['items'];
    const two = (await history('?limit=2')).body.items;
    expect(two.map((r: any) => r.uid)).toEqual(all.slice(0, 2).map(r => r.uid));
    expect((await history('?cronJob=reports')).body.items).toHaveLength(
      all.length,
    );
    expect((await history('?cronJob=backup')).body.items).toEqual([]);
  });

  it('answers 400 for a bad limit or CronJob name', async () => {
    for (const query of [
      '?limit=0',
      '?limit=501',
      '?limit=ten',
      '?limit=1.5',
      '?cronJob=Reports_',
      '?cronJob=a&cronJob=b',
    ]) {
      const res = await history(query);
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
    }
  });

  it('keeps a standalone Job of the entity after the cluster deleted it', async () => {
    const cluster = h.sim.cluster('production');
    cluster.apply({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: {
        name: 'reports-migrate',
        namespace: 'data',
        labels: { 'backstage.io/kubernetes-id': 'reports' },
      },
      spec: {
        backoffLimit: 0,
        template: {
          metadata: {
            labels: { 'backstage.io/kubernetes-id': 'reports' },
            annotations: {
              'simulator.workload-status.dev/behaviour': 'complete',
              'simulator.workload-status.dev/run-for': '3s',
            },
          },
          spec: {
            restartPolicy: 'Never',
            containers: [
              { name: 'migrate', image: 'registry.example.com/data/migrate:1' },
            ],
          },
        },
      },
    });
    for (let i = 0; i < 4; i++) await h.sim.clock.advance(2000);
    const migrate = (res: request.Response) =>
      (res.body.items as JobHistoryResponse['items'])?.find(
        r => r.name === 'reports-migrate',
      );
    const done = await h.eventually(
      () => history(),
      res => migrate(res)?.lifecycle === 'Completed',
    );
    expect(migrate(done)).toMatchObject({ deleted: false, trigger: 'manual' });
    expect(migrate(done)?.cronJob).toBeUndefined();

    cluster.delete('Job', 'data', 'reports-migrate');
    for (let i = 0; i < 3; i++) await h.sim.clock.advance(1000);
    const gone = await h.eventually(
      () => history(),
      res => migrate(res)?.deleted === true,
    );
    expect(cluster.get('Job', 'data', 'reports-migrate')).toBeUndefined();
    expect(migrate(gone)).toMatchObject({
      lifecycle: 'Completed',
      health: 'ok',
      deleted: true,
      pods: [],
    });
  });

  it('survives a backend restart', async () => {
    const before = (await history()).body.items as JobHistoryResponse['items'];
    const deletedBefore = before.filter(r => r.deleted).map(r => r.uid);
    await h.restartBackend();
    await h.eventually(h.clusters, cs => cs.every(c => c.synced));
    const after: JobHistoryResponse = (
      await h.eventually(
        () => history(),
        res => res.status === 200 && res.body.items.length >= before.length,
      )
    ).body;
    const afterUids = after.items.map(r => r.uid);
    expect(afterUids).toEqual(expect.arrayContaining(deletedBefore));
    expect(
      after.items
        .filter(r => deletedBefore.includes(r.uid))
        .every(r => r.deleted),
    ).toBe(true);
  });
});
