import type { KubeObject } from '@internal/cluster-simulator';
import type { EntityStatus } from '@workload-status/backstage-plugin-workload-status-common';
import { startTrustBackend, trustCallers } from '../__testUtils__/trustBackend';

jest.setTimeout(90_000);

const NIGHTLY = '/v1/entities/default/component/nightly-report';
const CRONJOB = `${NIGHTLY}/cronjobs/production/data/nightly-report`;

/*
 * Who may read nightly-report's logs and act on its CronJob, and how often,
 * against the real catalog (src/integration/fixtures/hostile-catalog.yaml)
 * and the real permission backend under an owners-only policy: dana's team
 * owns nightly-report. The policy is never asked about services (Backstage
 * allows them); the plugin refuses them logs and actions unless
 * workloadStatus.allowServicePrincipals names them.
 */
describe('trust: who acts, and how often', () => {
  let t: Awaited<ReturnType<typeof startTrustBackend>>;
  const production = () => t.sim.cluster('production');
  const nightlyJobs = () =>
    production()
      .list('Job', 'data')
      .filter(j => j.metadata.ownerReferences?.[0]?.name === 'nightly-report');
  const finished = (job: KubeObject) =>
    (job.status?.conditions ?? []).some(
      (c: any) =>
        (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True',
    );
  const actions = (status: string) =>
    t.logs.audits('cronjob-action').filter(r => r.fields.status === status);

  /** Until no run is going, in the cluster and in the plugin's view of it. */
  async function untilIdle() {
    for (let i = 0; i < 60 && nightlyJobs().some(j => !finished(j)); i++) {
      await t.sim.clock.advance(1000);
    }
    const names = nightlyJobs().map(j => j.metadata.name);
    await t.eventually(
      async () =>
        (
          await t.get(trustCallers.dana, `${NIGHTLY}/status`)
        ).body as EntityStatus,
      s => {
        const runs =
          s.workloads?.find(w => w.kind === 'CronJob')?.jobHistory ?? [];
        return names.every(n =>
          runs.some(r => r.name === n && r.completedAt !== undefined),
        );
      },
      'every run finished in the status',
    );
  }

  beforeAll(async () => {
    t = await startTrustBackend({
      mode: 'owner',
      config: () => ({
        workloadStatus: {
          allowServicePrincipals: ['ci-reports'],
          actions: { runNowMinInterval: '30s' },
        },
      }),
    });
    await t.clustersSynced(['production', 'edge']);
    await t.eventually(
      async () => (await t.get(trustCallers.dana, `${NIGHTLY}/status`)).body,
      (s: EntityStatus) => s.workloads?.some(w => w.kind === 'CronJob'),
      'nightly-report in the cache',
    );
  });

  afterAll(async () => {
    await t?.stop();
  });

  describe('run now', () => {
    it('refuses a run while one is active under concurrencyPolicy Forbid (409)', async () => {
      // the schedule (every minute) starts a run
      for (let i = 0; i < 70; i++) {
        const cronJob = production().get('CronJob', 'data', 'nightly-report');
        if ((cronJob?.status as any)?.active?.length) break;
        await t.sim.clock.advance(1000);
      }
      const active = nightlyJobs().filter(j => !finished(j));
      expect(active).toHaveLength(1);
      const res = await t.post(trustCallers.dana, `${CRONJOB}/run`);
      expect({ status: res.status, error: res.body.error }).toEqual({
        status: 409,
        error: expect.objectContaining({
          name: 'ConflictError',
          message: `CronJob data/nightly-report in cluster production forbids concurrent runs (concurrencyPolicy: Forbid) and run ${active[0].metadata.name} is still active; try again when it has finished`,
        }),
      });
      expect(nightlyJobs()).toHaveLength(1);
      expect(actions('failed').at(-1)).toMatchObject({
        fields: {
          actor: { actorId: 'user:default/dana' },
          meta: { action: 'run', cronJob: 'nightly-report' },
        },
        error: { name: 'ConflictError' },
      });
    });

    it('refuses a second run within runNowMinInterval (429, Retry-After), then runs again', async () => {
      await untilIdle();
      const first = await t.post(trustCallers.dana, `${CRONJOB}/run`);
      expect(first.status).toBe(200);
      const jobs = nightlyJobs().length;

      await t.sim.clock.advance(1000);
      const again = await t.post(trustCallers.dana, `${CRONJOB}/run`);
      expect({
        status: again.status,
        retryAfter: again.headers['retry-after'],
        error: again.body.error,
      }).toEqual({
        status: 429,
        retryAfter: '29',
        error: expect.objectContaining({
          name: 'TooManyRequestsError',
          message:
            'CronJob data/nightly-report in cluster production was run less than 30 s ago; try again in 29 s',
        }),
      });
      expect(nightlyJobs()).toHaveLength(jobs);
      expect(actions('failed').at(-1)).toMatchObject({
        fields: { meta: { action: 'run' } },
        error: { name: 'TooManyRequestsError' },
      });

      // whoever asks: the limit is the CronJob's
      const byService = await t.post(
        trustCallers.service('ci-reports'),
        `${CRONJOB}/run`,
      );
      expect(byService.status).toBe(429);

      // once the interval has passed (and the manual run has finished)
      await t.sim.clock.advance(29_000);
      await untilIdle();
      const later = await t.post(trustCallers.dana, `${CRONJOB}/run`);
      expect(later.status).toBe(200);
      expect(later.body.job.name).toMatch(/^nightly-report-manual-/);
    });
  });

  describe('service principals', () => {
    /** a static external access token nobody listed */
    const stranger = trustCallers.service('reporting-bot');
    /** listed in workloadStatus.allowServicePrincipals */
    const listed = trustCallers.service('ci-reports');
    const refusal = (what: string) =>
      `Not allowed to ${what} component:default/nightly-report: only users may, and services named in workloadStatus.allowServicePrincipals`;
    const jobLog = () =>
      `${NIGHTLY}/jobs/production/data/${nightlyJobs()[0].metadata.name}/log`;

    it('read statuses, summaries, events and the job history', async () => {
      for (const route of ['status', 'events', 'job-history']) {
        const res = await t.get(stranger, `${NIGHTLY}/${route}`);
        expect({ route, status: res.status }).toEqual({ route, status: 200 });
      }
      const summaries = await t
        .post(stranger, '/v1/summaries')
        .send({ entityRefs: ['component:default/nightly-report'] });
      expect(summaries.body.items).toEqual([
        expect.objectContaining({
          entityRef: 'component:default/nightly-report',
        }),
      ]);
    });

    it('are refused every log unless listed (403)', async () => {
      for (const route of [jobLog(), `${NIGHTLY}/operator-log`]) {
        const res = await t.get(stranger, route);
        expect({ route, status: res.status, error: res.body.error }).toEqual({
          route,
          status: 403,
          error: expect.objectContaining({
            name: 'NotAllowedError',
            message: refusal('read the logs of'),
          }),
        });
        expect((await t.get(listed, route)).status).toBe(200);
      }
    });

    it('are refused every action unless listed (403), and the CronJob stays as it was', async () => {
      const before = production().get('CronJob', 'data', 'nightly-report')!;
      const jobs = nightlyJobs().length;
      for (const [action, what] of [
        ['suspend', 'suspend the CronJobs of'],
        ['resume', 'resume the CronJobs of'],
        ['run', 'run the CronJobs of'],
        ['delete', 'delete the CronJobs of'],
      ]) {
        const res =
          action === 'delete'
            ? await t.del(stranger, CRONJOB)
            : await t.post(stranger, `${CRONJOB}/${action}`);
        expect({ action, status: res.status, error: res.body.error }).toEqual({
          action,
          status: 403,
          error: expect.objectContaining({ message: refusal(what) }),
        });
      }
      const after = production().get('CronJob', 'data', 'nightly-report')!;
      expect(after.metadata.resourceVersion).toBe(
        before.metadata.resourceVersion,
      );
      expect(nightlyJobs()).toHaveLength(jobs);
      const refused = actions('failed')
        .slice(-4)
        .map(r => [
          r.fields.meta?.action,
          r.fields.actor?.actorId,
          r.error?.name,
        ]);
      expect(refused).toEqual([
        ['suspend', 'reporting-bot', 'NotAllowedError'],
        ['resume', 'reporting-bot', 'NotAllowedError'],
        ['run', 'reporting-bot', 'NotAllowedError'],
        ['delete', 'reporting-bot', 'NotAllowedError'],
      ]);

      // the listed service stops and resumes it
      const suspend = await t.post(listed, `${CRONJOB}/suspend`);
      expect(suspend.status).toBe(200);
      expect(
        production().get('CronJob', 'data', 'nightly-report')?.spec?.suspend,
      ).toBe(true);
      expect((await t.post(listed, `${CRONJOB}/resume`)).status).toBe(200);
    });
  });
});
