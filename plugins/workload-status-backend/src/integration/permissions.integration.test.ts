import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { startSimulator, Simulator } from '@internal/cluster-simulator';
import request from 'supertest';
import { workloadStatusPlugin } from '../plugin';
import { workloadStatusClockServiceRef } from '../status/clockServiceRef';
import { auditLogRecorder } from '../__testUtils__/auditLogRecorder';
import { permissionBackend } from '../__testUtils__/permissionBackend';
import { signalsRecorder } from '../__testUtils__/signalsRecorder';
import {
  SCENARIO,
  simulatorKubernetesConfig,
} from '../__testUtils__/simulatorHarness';

jest.setTimeout(60_000);

/*
 * Every route against the simulated cluster, the real catalog
 * (src/__testUtils__/permissionCatalog.yaml) and the real permission backend:
 * alice owns web, and checkout and reports through team-web; bob owns
 * recommendations. Service principals never reach a policy (Backstage's
 * permissions service allows them unless access restrictions say otherwise),
 * so they read statuses in every mode; logs and CronJob actions the plugin
 * refuses them itself (workloadStatus.allowServicePrincipals names the
 * exceptions, see trustPrincipals.integration.test.ts).
 */
describe('permissions against the real permission and catalog backends', () => {
  const permissions = permissionBackend();
  const audit = auditLogRecorder();
  let sim: Simulator;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;

  beforeAll(async () => {
    sim = await startSimulator({
      scenario: SCENARIO,
      clock: 'manual',
      token: 'permissions-token',
    });
    backend = await startTestBackend({
      features: [
        workloadStatusPlugin,
        ...permissions.features,
        mockServices.rootConfig.factory({
          data: {
            ...permissions.config,
            kubernetes: simulatorKubernetesConfig(sim),
            // runs follow each other here: the run-now interval and Forbid
            // have their own tests (trustRunNow.integration.test.ts)
            workloadStatus: {
              requestTimeout: '2s',
              actions: { runNowMinInterval: '0s' },
            },
          },
        }),
        signalsRecorder().factory,
        audit.factory,
        createServiceFactory({
          service: workloadStatusClockServiceRef,
          deps: {},
          factory: () => ({ now: () => sim.clock.now().getTime() }),
        }),
      ],
    });
    await permissions.waitForCatalog(backend.server);
    // the caches have the cluster's objects
    const deadline = Date.now() + 20_000;
    for (;;) {
      const res = await request(backend.server)
        .get('/api/workload-status/v1/clusters')
        .set('Authorization', mockCredentials.service.header());
      if (res.body.items?.every((c: any) => c.synced)) break;
      if (Date.now() > deadline) throw new Error('clusters never synced');
      await new Promise(r => setTimeout(r, 50));
    }
  });

  afterAll(async () => {
    await backend?.stop();
    await sim?.stop();
  });

  const callers = {
    alice: mockCredentials.user.header('user:default/alice'),
    bob: mockCredentials.user.header('user:default/bob'),
    service: mockCredentials.service.header(),
  };
  type Caller = keyof typeof callers;
  const get = (who: Caller, path: string) =>
    request(backend.server)
      .get(`/api/workload-status${path}`)
      .set('Authorization', callers[who]);
  const entity = (name: string) => `/v1/entities/default/component/${name}`;
  /** the 403 message: services are refused logs and actions before any policy */
  const refusal = (who: Caller, what: string, name: string) =>
    `Not allowed to ${what} component:default/${name}${
      who === 'service' && !what.startsWith('read the workload status')
        ? ': only users may, and services named in workloadStatus.allowServicePrincipals'
        : ''
    }`;

  /** Who may read each entity's status under each mode of the policy. */
  const readers: Record<string, Record<string, Caller[]>> = {
    allow: {
      web: ['alice', 'bob', 'service'],
      recommendations: ['alice', 'bob', 'service'],
    },
    deny: { web: ['service'], recommendations: ['service'] },
    owner: {
      web: ['alice', 'service'],
      checkout: ['alice', 'service'],
      recommendations: ['bob', 'service'],
    },
    example: {
      web: ['alice', 'bob', 'service'],
      recommendations: ['alice', 'bob', 'service'],
    },
  };

  describe.each(Object.entries(readers))('policy %s', (mode, byEntity) => {
    beforeEach(() => permissions.setMode(mode as any));

    const cases = Object.entries(byEntity).flatMap(([name, allowed]) =>
      (Object.keys(callers) as Caller[]).map(
        who =>
          [who, name, allowed.includes(who) ? 'allowed' : 'refused'] as const,
      ),
    );

    it.each(cases)(
      'status: %s reading %s is %s',
      async (who, name, verdict) => {
        const res = await get(who, `${entity(name)}/status`);
        expect({
          status: res.status,
          // the cluster's objects, not an empty answer
          workloads: (res.body.workloads?.length ?? 0) > 0,
          error: res.body.error?.message,
        }).toEqual(
          verdict === 'allowed'
            ? { status: 200, workloads: true, error: undefined }
            : {
                status: 403,
                workloads: false,
                error: `Not allowed to read the workload status of component:default/${name}`,
              },
        );
      },
    );

    it.each(
      cases.flatMap(c =>
        [
          ['events', 'read the events of'],
          ['job-history', 'read the job history of'],
          ['timeline', 'read the workload status of'],
        ].map(([route, refused]) => [route, ...c, refused] as const),
      ),
    )('%s: %s reading %s is %s', async (route, who, name, verdict, refused) => {
      const res = await get(who, `${entity(name)}/${route}`);
      expect({
        status: res.status,
        error: res.body.error?.message,
        items: Array.isArray(res.body.items),
      }).toEqual(
        verdict === 'allowed'
          ? { status: 200, error: undefined, items: true }
          : {
              status: 403,
              error: `Not allowed to ${refused} component:default/${name}`,
              items: false,
            },
      );
    });

    it.each(Object.keys(callers) as Caller[])(
      'summaries: %s sees only what it may read',
      async who => {
        const names = Object.keys(byEntity);
        const res = await request(backend.server)
          .post('/api/workload-status/v1/summaries')
          .set('Authorization', callers[who])
          .send({ entityRefs: names.map(n => `component:default/${n}`) });
        expect(res.status).toBe(200);
        expect(res.body.items.map((i: any) => i.entityRef)).toEqual(
          names
            .filter(n => byEntity[n].includes(who))
            .map(n => `component:default/${n}`),
        );
      },
    );
  });

  /*
   * Logs need workload-status.logs.read: under the example policy everyone
   * reads web's status, yet only its owners read any of its logs.
   */
  describe('logs', () => {
    const production = () => sim.cluster('production');
    /** The Running pod of a Deployment, or the Succeeded pod of a reports Job. */
    const podOf = (namespace: string, id: string, phase: string) =>
      production()
        .list('Pod', namespace)
        .find(
          p =>
            p.metadata.labels?.['backstage.io/kubernetes-id'] === id &&
            (p.status as any)?.phase === phase &&
            !p.metadata.name.includes('-build-'),
        );
    const podName = (namespace: string, id: string, phase = 'Running') => {
      const pod = podOf(namespace, id, phase);
      if (!pod) throw new Error(`no ${phase} pod of ${id} in the simulator`);
      return pod.metadata.name;
    };
    const jobName = () => {
      const owner = podOf('data', 'reports', 'Succeeded')?.metadata
        .ownerReferences?.[0];
      if (!owner) throw new Error('no finished reports Job in the simulator');
      return owner.name;
    };

    beforeAll(async () => {
      // containers start and the cron schedule (every minute) fires
      for (let t = 0; t < 180; t++) {
        if (
          podOf('shop', 'web', 'Running') &&
          podOf('shop', 'recommendations', 'Running') &&
          podOf('data', 'reports', 'Succeeded')
        ) {
          break;
        }
        await sim.clock.advance(1000);
      }
      // until the plugin's cache has the pods (the logs' ownership guard)
      const deadline = Date.now() + 10_000;
      for (;;) {
        permissions.setMode('allow');
        const res = await get(
          'alice',
          `${entity('reports')}/jobs/production/data/${jobName()}/log`,
        );
        if (res.status === 200) break;
        if (Date.now() > deadline) {
          throw new Error(`job log never readable: ${res.status} ${res.text}`);
        }
        await new Promise(r => setTimeout(r, 50));
      }
    });

    const routes: Record<string, (name: string) => string> = {
      'pod log': name =>
        `${entity(name)}/pods/production/shop/${podName('shop', name)}/log`,
      'job log': name =>
        `${entity(name)}/jobs/production/data/${jobName()}/log`,
      'build log': name =>
        `${entity(
          name,
        )}/builds/production/shop/PipelineRun/recommendations-build-42/log`,
      'operator log': name => `${entity(name)}/operator-log`,
    };

    // services never: the plugin refuses them whatever the policy
    const logReaders: Record<string, Record<string, Caller[]>> = {
      allow: {
        web: ['alice', 'bob'],
        recommendations: ['alice', 'bob'],
      },
      deny: { web: [], recommendations: [] },
      owner: {
        web: ['alice'],
        reports: ['alice'],
        recommendations: ['bob'],
      },
      example: {
        web: ['alice'],
        reports: ['alice'],
        recommendations: ['bob'],
      },
    };
    /** which log each entity has: web runs, reports runs Jobs, recommendations builds */
    const logsOf: Record<string, string[]> = {
      web: ['pod log', 'operator log'],
      reports: ['job log', 'operator log'],
      recommendations: ['pod log', 'build log', 'operator log'],
    };
    const cases = Object.entries(logReaders).flatMap(([mode, byEntity]) =>
      Object.entries(byEntity).flatMap(([name, allowed]) =>
        logsOf[name].flatMap(route =>
          (Object.keys(callers) as Caller[]).map(
            who =>
              [
                mode,
                who,
                route,
                name,
                allowed.includes(who) ? 'allowed' : 'refused',
              ] as const,
          ),
        ),
      ),
    );

    it.each(cases)(
      'policy %s: %s reading the %s of %s is %s',
      async (mode, who, route, name, verdict) => {
        permissions.setMode(mode as any);
        const res = await get(who, routes[route](name));
        expect({ status: res.status, error: res.body.error?.message }).toEqual(
          verdict === 'allowed'
            ? { status: 200, error: undefined }
            : {
                status: 403,
                error: refusal(who, 'read the logs of', name),
              },
        );
      },
    );
  });

  /*
   * CronJob actions on reports (alice's through team-web). A refused action
   * is a 403 and leaves the cluster as it was: the CronJob object (its
   * resourceVersion) and its Jobs.
   */
  describe('CronJob actions', () => {
    const production = () => sim.cluster('production');
    const cronJob = () => production().get('CronJob', 'data', 'reports');
    const suspended = () => Boolean((cronJob()?.spec as any)?.suspend);
    const jobs = () =>
      production()
        .list('Job', 'data')
        .map(j => j.metadata.name)
        .sort();
    const act = (who: Caller, action: string) => {
      const path = `${entity('reports')}/cronjobs/production/data/reports${
        action === 'delete' ? '' : `/${action}`
      }`;
      const req =
        action === 'delete'
          ? request(backend.server).delete(`/api/workload-status${path}`)
          : request(backend.server).post(`/api/workload-status${path}`);
      return req.set('Authorization', callers[who]);
    };
    const refused = {
      suspend: 'suspend the CronJobs of',
      resume: 'resume the CronJobs of',
      run: 'run the CronJobs of',
      delete: 'delete the CronJobs of',
    } as const;

    /** who may act on reports under each mode (services never) */
    const actors: Record<string, Caller[]> = {
      allow: ['alice', 'bob'],
      deny: [],
      owner: ['alice'],
      example: ['alice'],
    };

    beforeAll(() => {
      // runs follow each other here: Forbid has its own tests
      production().patch('CronJob', 'data', 'reports', {
        spec: { concurrencyPolicy: 'Allow' },
      });
    });

    const cases = Object.entries(actors).flatMap(([mode, allowed]) =>
      (['suspend', 'resume', 'run'] as const).flatMap(action =>
        (Object.keys(callers) as Caller[]).map(
          who =>
            [
              mode,
              who,
              action,
              allowed.includes(who) ? 'allowed' : 'refused',
            ] as const,
        ),
      ),
    );

    it.each(cases)(
      'policy %s: %s may %s reports: %s',
      async (mode, who, action, verdict) => {
        permissions.setMode(mode as any);
        const before = {
          resourceVersion: cronJob()?.metadata.resourceVersion,
          suspended: suspended(),
          jobs: jobs(),
        };
        const res = await act(who, action);
        const after = {
          status: res.status,
          error: res.body.error?.message,
          answered: res.body.action,
          resourceVersion: cronJob()?.metadata.resourceVersion,
          suspended: suspended(),
          jobs: jobs(),
        };
        const anyVersion = expect.any(String);
        expect(after).toEqual(
          verdict === 'refused'
            ? // a 403, and the cluster as it was
              {
                status: 403,
                error: refusal(who, refused[action], 'reports'),
                answered: undefined,
                ...before,
              }
            : {
                status: 200,
                error: undefined,
                answered: action,
                resourceVersion: anyVersion,
                suspended: {
                  suspend: true,
                  resume: false,
                  run: before.suspended,
                }[action],
                jobs:
                  action === 'run'
                    ? [...before.jobs, res.body.job?.name].sort()
                    : before.jobs,
              },
        );
      },
    );

    it.each([
      ['deny', 'alice'],
      ['owner', 'bob'],
      ['example', 'bob'],
    ] as const)(
      'policy %s: %s may not delete reports, which stays',
      async (mode, who) => {
        permissions.setMode(mode);
        const res = await act(who, 'delete');
        expect(res.status).toBe(403);
        expect(res.body.error.message).toBe(
          refusal(who, refused.delete, 'reports'),
        );
        expect(cronJob()?.metadata.deletionTimestamp).toBeUndefined();
      },
    );

    it('policy owner: alice deletes reports, which her team owns', async () => {
      permissions.setMode('owner');
      const res = await act('alice', 'delete');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ action: 'delete', changed: true });
      const gone = cronJob();
      expect(
        gone === undefined || gone.metadata.deletionTimestamp,
      ).toBeTruthy();
    });

    it('audits every action, refused or performed, with its actor', () => {
      const actions = audit.records.filter(
        r => r.message === 'workload-status.cronjob-action',
      );
      const refusedDeletes = actions.filter(
        r =>
          r.fields.status === 'failed' &&
          r.fields.meta?.action === 'delete' &&
          r.error?.name === 'NotAllowedError',
      );
      expect(refusedDeletes.map(r => r.fields.actor?.actorId)).toEqual([
        'user:default/alice',
        'user:default/bob',
        'user:default/bob',
      ]);
      const performedDelete = actions.filter(
        r =>
          r.fields.status === 'succeeded' && r.fields.meta?.action === 'delete',
      );
      expect(performedDelete).toHaveLength(1);
      expect(performedDelete[0].fields).toMatchObject({
        actor: { actorId: 'user:default/alice' },
        meta: {
          entityRef: 'component:default/reports',
          cluster: 'production',
          namespace: 'data',
          cronJob: 'reports',
        },
      });
      // an outcome per request made in this describe block, none lost
      const outcomes = actions.filter(r => r.fields.status !== 'initiated');
      expect(outcomes.length).toBe(cases.length + 4);
    });
  });
});
