import { mockCredentials } from '@backstage/backend-test-utils';
import type {
  CronJobActionResponse,
  EntityStatus,
} from '@workload-status/backstage-plugin-workload-status-common';
import request from 'supertest';
import { auditLogRecorder } from '../__testUtils__/auditLogRecorder';
import { startHarness } from '../__testUtils__/simulatorHarness';

jest.setTimeout(60_000);

const ALICE = mockCredentials.user.header('user:default/alice');
const REPORTS = '/api/workload-status/v1/entities/default/component/reports';
const CRONJOB = `${REPORTS}/cronjobs/production/data/reports`;

const cronJobOf = (s: EntityStatus) =>
  s.workloads.find(w => w.kind === 'CronJob' && w.name === 'reports');

describe('CronJob actions against the simulated cluster', () => {
  let h: Awaited<ReturnType<typeof startHarness>>;
  const audit = auditLogRecorder();
  const production = () => h.sim.cluster('production');
  const act = (method: 'post' | 'delete', path: string) =>
    request(h.backend.server)[method](path).set('Authorization', ALICE);
  const auditEvents = (status: string) =>
    audit.records.filter(
      r =>
        r.message === 'workload-status.cronjob-action' &&
        r.fields.status === status,
    );

  beforeAll(async () => {
    h = await startHarness(
      ['reports', 'web'],
      // runs follow each other here; the run-now interval has its own tests
      // (trustActions.integration.test.ts)
      { actions: { runNowMinInterval: '0s' } },
      {
        features: [audit.factory],
      },
    );
    await h.eventually(
      h.clusters,
      cs => cs.length === 2 && cs.every(c => c.synced),
    );
    await h.eventually(
      () => h.status('reports'),
      s => cronJobOf(s) !== undefined,
    );
  });

  afterAll(async () => {
    await h?.stop();
  });

  it('stop suspends the CronJob and answers with the Stopped status', async () => {
    const res = await act('post', `${CRONJOB}/suspend`);
    expect(res.status).toBe(200);
    const body: CronJobActionResponse = res.body;
    expect(body).toMatchObject({
      action: 'suspend',
      changed: true,
      cronJob: {
        kind: 'CronJob',
        namespace: 'data',
        name: 'reports',
        cluster: 'production',
      },
    });
    // the answer already shows it: no wait for the watch
    const cron = cronJobOf(body.status)!;
    expect(cron).toMatchObject({
      lifecycle: 'Stopped',
      components: { cronjob: { suspended: true } },
    });
    expect(cron.reasons.map(r => r.code)).toContain('CronJobSuspended');
    expect(body.status.lifecycle).toBe('Stopped');
    expect(production().get('CronJob', 'data', 'reports')?.spec?.suspend).toBe(
      true,
    );
    // and so do later reads, once the watch has delivered the same object
    await new Promise(r => setTimeout(r, 200));
    expect(cronJobOf(await h.status('reports'))?.lifecycle).toBe('Stopped');

    const audited = auditEvents('succeeded').at(-1)!;
    expect(audited.fields).toMatchObject({
      eventId: 'cronjob-action',
      severityLevel: 'medium',
      actor: { actorId: 'user:default/alice' },
      request: { method: 'POST', url: `${CRONJOB}/suspend` },
      meta: {
        action: 'suspend',
        entityRef: 'component:default/reports',
        cluster: 'production',
        namespace: 'data',
        cronJob: 'reports',
        changed: true,
      },
    });
  });

  it('suspending a suspended CronJob is a 200 that says nothing changed', async () => {
    const before = production().get('CronJob', 'data', 'reports')!;
    const res = await act('post', `${CRONJOB}/suspend`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ action: 'suspend', changed: false });
    expect(cronJobOf(res.body.status)?.lifecycle).toBe('Stopped');
    expect(
      production().get('CronJob', 'data', 'reports')?.metadata?.resourceVersion,
    ).toBe(before.metadata?.resourceVersion);
  });

  it('resume brings the schedule back', async () => {
    const res = await act('post', `${CRONJOB}/resume`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ action: 'resume', changed: true });
    const cron = cronJobOf(res.body.status)!;
    expect(['Waiting', 'Started']).toContain(cron.lifecycle);
    expect(cron.components.cronjob?.suspended).toBe(false);
    expect(production().get('CronJob', 'data', 'reports')?.spec?.suspend).toBe(
      false,
    );
    await new Promise(r => setTimeout(r, 200));
    expect(cronJobOf(await h.status('reports'))?.lifecycle).toBe(
      cron.lifecycle,
    );
  });

  it('run creates the Job kubectl would, which the history then shows', async () => {
    // the scheduled run may still be going: Forbid (which refuses a run
    // then) has its own tests (trustActions.integration.test.ts)
    production().patch('CronJob', 'data', 'reports', {
      spec: { concurrencyPolicy: 'Allow' },
    });
    const cronJob = production().get('CronJob', 'data', 'reports')!;
    const res = await act('post', `${CRONJOB}/run`);
    expect(res.status).toBe(200);
    const body: CronJobActionResponse = res.body;
    expect(body).toMatchObject({ action: 'run', changed: true });
    const jobName = body.job!.name;
    expect(jobName).toMatch(
      /^reports-manual-[bcdfghjklmnpqrstvwxz2456789]{3}$/,
    );
    expect(body.job).toEqual({
      kind: 'Job',
      namespace: 'data',
      name: jobName,
      cluster: 'production',
    });

    const job = production().get('Job', 'data', jobName)!;
    expect(job.metadata?.annotations).toMatchObject({
      'cronjob.kubernetes.io/instantiate': 'manual',
    });
    expect(job.metadata?.labels).toMatchObject({
      'backstage.io/kubernetes-id': 'reports',
    });
    expect(job.metadata?.ownerReferences).toEqual([
      {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        name: 'reports',
        uid: cronJob.metadata?.uid,
        controller: true,
      },
    ]);
    expect(job.spec?.backoffLimit).toBe(1);
    expect(job.spec?.template?.spec?.containers?.[0]?.image).toBe(
      'registry.example.com/data/reports:1.0.0',
    );

    // in the answer at once, as a manual run
    expect(cronJobOf(body.status)?.jobHistory).toContainEqual(
      expect.objectContaining({ name: jobName, trigger: 'manual' }),
    );

    // the run goes on in the cluster; the history follows it to the end
    const seen = await h.follow(
      'reports',
      s =>
        cronJobOf(s)?.jobHistory.find(j => j.name === jobName)?.lifecycle ===
        'Completed',
      { stepMs: 2000, maxMs: 30_000 },
    );
    expect(
      seen.some(s =>
        cronJobOf(s)?.jobHistory.some(
          j => j.name === jobName && j.lifecycle === 'Executing',
        ),
      ),
    ).toBe(true);
    // and the job history route, which keeps runs in the database
    const history = await h.eventually(
      async () =>
        (
          await request(h.backend.server)
            .get(`${REPORTS}/job-history?cronJob=reports`)
            .set('Authorization', ALICE)
        ).body,
      b => b.items?.some((j: any) => j.name === jobName && j.completedAt),
    );
    expect(history.items).toContainEqual(
      expect.objectContaining({
        name: jobName,
        cronJob: 'reports',
        trigger: 'manual',
        lifecycle: 'Completed',
      }),
    );
    expect(auditEvents('succeeded').at(-1)?.fields.meta).toMatchObject({
      action: 'run',
      job: jobName,
    });
  });

  it('answers 404 for a CronJob outside the entity, and changes nothing', async () => {
    const before = production().get('CronJob', 'data', 'reports')!;
    const jobs = production().list('Job', 'data').length;
    const other =
      '/api/workload-status/v1/entities/default/component/web/cronjobs/production/data/reports';
    for (const [method, path] of [
      ['post', `${other}/suspend`],
      ['post', `${other}/run`],
      ['delete', other],
    ] as const) {
      const res = await act(method, path);
      expect(res.status).toBe(404);
      expect(res.body.error.name).toBe('NotFoundError');
    }
    // nor a CronJob that does not exist at all
    expect(
      (await act('post', `${REPORTS}/cronjobs/production/data/nightly/run`))
        .status,
    ).toBe(404);
    expect(production().get('CronJob', 'data', 'reports')).toEqual(before);
    expect(production().list('Job', 'data')).toHaveLength(jobs);
    expect(auditEvents('failed').at(-1)?.error?.name).toBe('NotFoundError');
  });

  it('rejects bad path parameters with 400', async () => {
    const res = await act(
      'post',
      `${REPORTS}/cronjobs/production/Data/reports/suspend`,
    );
    expect(res.status).toBe(400);
  });

  it('a cluster that refuses the service account is a 503 naming the verb', async () => {
    await production().faults.set({ errorRate: 1, errorStatus: 403 });
    try {
      const res = await act('post', `${CRONJOB}/suspend`);
      expect(res.status).toBe(503);
      expect(res.body.error.message).toMatch(
        /plugin's service account may not get cronjobs in cluster production/,
      );
    } finally {
      await production().faults.clear();
    }
    expect(production().get('CronJob', 'data', 'reports')?.spec?.suspend).toBe(
      false,
    );
  });

  it('a cluster that is down is a 503, not a 500', async () => {
    await production().faults.set({ down: true });
    try {
      const res = await act('post', `${CRONJOB}/run`);
      expect(res.status).toBe(503);
      expect(res.body.error.name).toBe('ServiceUnavailableError');
    } finally {
      await production().faults.clear();
    }
    await h.eventually(h.clusters, cs =>
      cs.every(c => c.reachable && !c.stale),
    );
  });

  it('a cluster that does not answer within the request timeout is a 503', async () => {
    // the harness sets workloadStatus.requestTimeout to 2 s
    await production().faults.set({ latencyMs: 3000 });
    const started = Date.now();
    try {
      const res = await act('post', `${CRONJOB}/suspend`);
      expect(res.status).toBe(503);
      expect(Date.now() - started).toBeLessThan(2900);
    } finally {
      await production().faults.clear();
    }
    expect(production().get('CronJob', 'data', 'reports')?.spec?.suspend).toBe(
      false,
    );
    await h.eventually(h.clusters, cs =>
      cs.every(c => c.reachable && !c.stale),
    );
  });

  it('delete removes the CronJob with its runs', async () => {
    const res = await act('delete', CRONJOB);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ action: 'delete', changed: true });
    const status: EntityStatus = res.body.status;
    expect(cronJobOf(status)).toBeUndefined();
    // its Jobs go with it (Background propagation), not as loose workloads
    expect(status.workloads.filter(w => w.kind === 'Job')).toEqual([]);

    // the garbage collector removes it and its Jobs in the cluster
    await h.sim.clock.advance(5000);
    expect(production().get('CronJob', 'data', 'reports')).toBeUndefined();
    expect(production().list('Job', 'data')).toEqual([]);
    await new Promise(r => setTimeout(r, 200));
    expect((await h.status('reports')).workloads).toEqual([]);

    // gone: a second delete is a 404
    expect((await act('delete', CRONJOB)).status).toBe(404);
  });
});
