import {
  createServiceFactory,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { startSimulator, Simulator } from '@internal/cluster-simulator';
import type {
  EntityStatus,
  OperatorLogResponse,
  Reason,
} from '@workload-status/backstage-plugin-workload-status-common';
import fs from 'node:fs';
import { parse } from 'yaml';
import { workloadStatusPlugin } from '../plugin';
import { workloadStatusClockServiceRef } from '../status/clockServiceRef';
import { permissionBackend } from '../__testUtils__/permissionBackend';
import { rootLogRecorder } from '../__testUtils__/rootLogRecorder';
import { signalsRecorder } from '../__testUtils__/signalsRecorder';
import {
  SCENARIO,
  simulatorKubernetesConfig,
} from '../__testUtils__/simulatorHarness';
import {
  eventually as waitUntil,
  pluginRequests,
} from '../__testUtils__/backendRequests';

jest.setTimeout(120_000);

const fixture = (name: string) =>
  resolvePackagePath(
    '@workload-status/backstage-plugin-workload-status-backend',
    `src/integration/fixtures/${name}`,
  );

/** team-shop: registered evil-claim, which claims team-data's nightly-report */
const MALLORY = mockCredentials.user.header('user:default/mallory');
/** team-data: owns nightly-report, and namespace data (scenario.yaml's label) */
const DANA = mockCredentials.user.header('user:default/dana');

const entity = (name: string) => `/v1/entities/default/component/${name}`;
const CRONJOB = 'cronjobs/production/data/nightly-report';

/**
 * The integration scenario plus team-data's nightly-report CronJob, the
 * real catalog ingesting the attacker's catalog
 * (fixtures/hostile-catalog.yaml), the real permission backend allowing
 * the entity's owners only (`isEntityOwner`), and the plugin with
 * `ownership` as given (absent: the default). The demo's operator writes
 * a line about data/nightly-report into the operator log.
 */
async function startOwnershipBackend(ownership?: unknown) {
  const sim: Simulator = await startSimulator({
    scenario: SCENARIO,
    clock: 'manual',
    token: 'ownership-token',
    bookmarkIntervalMs: 500,
  });
  const production = sim.cluster('production');
  production.apply(
    parse(fs.readFileSync(fixture('nightly-report-cronjob.yaml'), 'utf8')),
  );
  production.apply({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'platform-operator',
      namespace: 'platform-system',
      labels: { 'app.kubernetes.io/name': 'platform-operator' },
    },
    spec: {
      replicas: 1,
      selector: {
        matchLabels: { 'app.kubernetes.io/name': 'platform-operator' },
      },
      template: {
        metadata: {
          labels: { 'app.kubernetes.io/name': 'platform-operator' },
          annotations: { 'simulator.workload-status.dev/logs': 'operator' },
        },
        spec: {
          containers: [
            {
              name: 'manager',
              image: 'registry.example.com/platform/operator:0.14.2',
            },
          ],
        },
      },
    },
  });
  const permissions = permissionBackend({
    catalogFiles: [fixture('hostile-catalog.yaml')],
  });
  permissions.setMode('owner');
  const logs = rootLogRecorder();
  const backend = await startTestBackend({
    features: [
      workloadStatusPlugin,
      ...permissions.features,
      mockServices.rootConfig.factory({
        data: {
          ...permissions.config,
          kubernetes: simulatorKubernetesConfig(sim),
          workloadStatus: {
            requestTimeout: '2s',
            backoff: {
              initial: { milliseconds: 50 },
              max: { milliseconds: 400 },
            },
            entityRefresh: '1s',
            clusters: {
              production: {
                operators: [
                  {
                    name: 'platform-operator',
                    namespace: 'platform-system',
                    labelSelector: 'app.kubernetes.io/name=platform-operator',
                  },
                ],
              },
            },
            ...(ownership === undefined ? {} : { ownership }),
          },
        },
      }),
      signalsRecorder().factory,
      logs.factory,
      createServiceFactory({
        service: workloadStatusClockServiceRef,
        deps: {},
        factory: () => ({ now: () => sim.clock.now().getTime() }),
      }),
    ],
  });
  await permissions.waitForCatalog(backend.server);

  const { get, post, del } = pluginRequests(backend.server);
  /** Polls `read` (real time: the watches deliver) until `done`. */
  const eventually = <T>(
    read: () => Promise<T>,
    done: (value: T) => boolean,
    what: string,
    timeoutMs = 20_000,
  ) => waitUntil(read, done, what, timeoutMs);

  const reportPods = () =>
    production
      .list('Pod', 'data')
      .filter(
        p =>
          p.metadata.labels?.['backstage.io/kubernetes-id'] ===
            'nightly-report' && (p.status as any)?.phase === 'Succeeded',
      );
  // the schedule (every minute) fires and a run completes
  for (let t = 0; t < 180 && !reportPods().length; t++) {
    await sim.clock.advance(1000);
  }
  const pod = reportPods()[0];
  if (!pod) throw new Error('nightly-report never ran in the simulator');
  const job = pod.metadata.ownerReferences![0].name;

  return {
    sim,
    backend,
    logs,
    get,
    post,
    del,
    eventually,
    /** a finished pod of nightly-report, and its Job */
    pod: pod.metadata.name,
    job,
    cronJob: () => production.get('CronJob', 'data', 'nightly-report')!,
    jobs: () =>
      production
        .list('Job', 'data')
        .map(j => j.metadata.name)
        .sort(),
    status: async (who: string, name: string) => {
      const res = await get(who, `${entity(name)}/status`);
      if (res.status !== 200) {
        throw new Error(`status of ${name}: ${res.status} ${res.text}`);
      }
      return res.body as EntityStatus;
    },
    /** the plugin's cache has the pod: its owner reads its log */
    async podInCache() {
      await eventually(
        () =>
          get(
            DANA,
            `${entity('nightly-report')}/pods/production/data/${
              pod.metadata.name
            }/log`,
          ),
        res => res.status === 200,
        "nightly-report's pod log readable by its owner",
      );
    },
    async stop() {
      await backend.stop();
      await sim.stop();
    },
  };
}

const notOwned = (s: EntityStatus) =>
  s.reasons.filter((r: Reason) => r.code === 'NamespaceNotOwned');

describe('namespace ownership (the default): a catalog claim is not ownership', () => {
  let t: Awaited<ReturnType<typeof startOwnershipBackend>>;
  const refusal =
    /^Logs and actions of component:default\/evil-claim are refused in namespace data of cluster production: it belongs to group:default\/team-data \(the namespace's owner label\), not to the entity's owner group:default\/team-shop or a group it belongs to$/;

  beforeAll(async () => {
    t = await startOwnershipBackend();
    await t.podInCache();
  });

  afterAll(async () => {
    await t?.stop();
  });

  it("evil-claim shows nightly-report's objects, with a warning naming team-data", async () => {
    const status = await t.eventually(
      () => t.status(MALLORY, 'evil-claim'),
      s => notOwned(s).length > 0,
      'evil-claim warned',
    );
    // the claim still shows the objects: status is not what is protected
    expect(status.workloads.map(w => `${w.kind}/${w.name}`)).toContain(
      'CronJob/nightly-report',
    );
    expect(notOwned(status)).toEqual([
      expect.objectContaining({
        severity: 'warning',
        object: { kind: 'Namespace', name: 'data', cluster: 'production' },
        message: expect.stringContaining(
          'Namespace data of cluster production: it belongs to group:default/team-data',
        ),
      }),
    ]);
    // the owner's own entity has no such warning
    expect(notOwned(await t.status(DANA, 'nightly-report'))).toEqual([]);
  });

  it.each([
    ['pod log', () => `pods/production/data/${t.pod}/log`],
    [
      'pod log download',
      () => `pods/production/data/${t.pod}/log?download=true`,
    ],
    ['job log', () => `jobs/production/data/${t.job}/log`],
  ])(
    "evil-claim's owner may read its logs (permission), yet gets 403 for nightly-report's %s",
    async (_what, path) => {
      const res = await t.get(MALLORY, `${entity('evil-claim')}/${path()}`);
      expect(res.status).toBe(403);
      expect(res.body.error).toMatchObject({
        name: 'NotAllowedError',
        message: expect.stringMatching(refusal),
      });
      // nothing of the log in the answer
      expect(res.text).not.toMatch(/warming cache/);
    },
  );

  it("evil-claim's operator log names no line about nightly-report; its owner's does", async () => {
    const owners = await t.eventually(
      async () => {
        await t.sim.clock.advance(10_000);
        return (await t.get(DANA, `${entity('nightly-report')}/operator-log`))
          .body as OperatorLogResponse;
      },
      log =>
        (log.items ?? []).some(
          i =>
            i.object?.namespace === 'data' &&
            i.object.name === 'nightly-report',
        ),
      "the operator's line about data/nightly-report",
    );
    expect(owners.items.length).toBeGreaterThan(0);
    const res = await t.get(MALLORY, `${entity('evil-claim')}/operator-log`);
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([]);
    expect(res.text).not.toMatch(/nightly-report/);
  });

  it.each([
    ['suspend', 'post', `${CRONJOB}/suspend`],
    ['run now', 'post', `${CRONJOB}/run`],
    ['resume', 'post', `${CRONJOB}/resume`],
    ['delete', 'del', CRONJOB],
  ] as const)(
    'evil-claim gets 403 for %s of nightly-report, which stays as it was',
    async (_what, method, path) => {
      const before = {
        resourceVersion: t.cronJob().metadata.resourceVersion,
        jobs: t.jobs(),
      };
      const res = await t[method](MALLORY, `${entity('evil-claim')}/${path}`);
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(refusal);
      expect({
        resourceVersion: t.cronJob().metadata.resourceVersion,
        jobs: t.jobs(),
        deleting: t.cronJob().metadata.deletionTimestamp,
      }).toEqual({ ...before, deleting: undefined });
    },
  );

  it("nightly-report's own entity (team-data) reads the log, suspends and resumes", async () => {
    const own = entity('nightly-report');
    const log = await t.get(DANA, `${own}/pods/production/data/${t.pod}/log`);
    expect(log.status).toBe(200);
    expect(log.text).toMatch(/warming cache/);
    const jobLog = await t.get(
      DANA,
      `${own}/jobs/production/data/${t.job}/log`,
    );
    expect(jobLog.status).toBe(200);

    const suspend = await t.post(DANA, `${own}/${CRONJOB}/suspend`);
    expect(suspend.status).toBe(200);
    expect((t.cronJob().spec as any).suspend).toBe(true);
    const resume = await t.post(DANA, `${own}/${CRONJOB}/resume`);
    expect(resume.status).toBe(200);
    expect((t.cronJob().spec as any).suspend).toBe(false);
  });

  it('a namespace relabelled to team-shop changes both answers, and statuses follow without a catalog read', async () => {
    const production = t.sim.cluster('production');
    production.apply({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'data', labels: { 'backstage.io/owner': 'team-shop' } },
    });
    try {
      await t.eventually(
        () => t.status(MALLORY, 'evil-claim'),
        s => notOwned(s).length === 0,
        'evil-claim no longer warned',
      );
      const warned = notOwned(await t.status(DANA, 'nightly-report'));
      expect(warned).toEqual([
        expect.objectContaining({
          message: expect.stringContaining(
            'it belongs to group:default/team-shop',
          ),
        }),
      ]);
      const claimed = await t.get(
        MALLORY,
        `${entity('evil-claim')}/pods/production/data/${t.pod}/log`,
      );
      expect(claimed.status).toBe(200);
      const own = await t.get(
        DANA,
        `${entity('nightly-report')}/pods/production/data/${t.pod}/log`,
      );
      expect(own.status).toBe(403);
    } finally {
      production.apply({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: {
          name: 'data',
          labels: { 'backstage.io/owner': 'team-data' },
        },
      });
    }
    await t.eventually(
      () => t.status(DANA, 'nightly-report'),
      s => notOwned(s).length === 0,
      'nightly-report owned again',
    );
  });

  it('a namespace without an owner refuses everyone, its owners included, and says so', async () => {
    const production = t.sim.cluster('production');
    production.apply({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'data', labels: {} },
    });
    try {
      const status = await t.eventually(
        () => t.status(DANA, 'nightly-report'),
        s => notOwned(s).length > 0,
        'nightly-report warned',
      );
      expect(notOwned(status)[0].message).toBe(
        'Namespace data of cluster production: it has no backstage.io/owner label or annotation, so it has no owner. Its objects are shown; their logs and actions are refused',
      );
      const res = await t.post(
        DANA,
        `${entity('nightly-report')}/${CRONJOB}/suspend`,
      );
      expect(res.status).toBe(403);
      expect((t.cronJob().spec as any).suspend).toBe(false);
    } finally {
      production.apply({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: {
          name: 'data',
          labels: { 'backstage.io/owner': 'team-data' },
        },
      });
    }
  });

  it('an annotation naming two owners where the label names one is believed for neither', async () => {
    const production = t.sim.cluster('production');
    production.apply({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: 'data',
        labels: { 'backstage.io/owner': 'team-data' },
        annotations: { 'backstage.io/owner': 'group:default/team-shop' },
      },
    });
    try {
      await t.eventually(
        () => t.status(DANA, 'nightly-report'),
        s => notOwned(s).length > 0,
        'nightly-report warned',
      );
      const res = await t.get(
        MALLORY,
        `${entity('evil-claim')}/pods/production/data/${t.pod}/log`,
      );
      expect(res.status).toBe(403);
    } finally {
      production.apply({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: {
          name: 'data',
          labels: { 'backstage.io/owner': 'team-data' },
          annotations: {},
        },
      });
    }
  });
});

describe('namespace ownership set in app-config wins over the cluster', () => {
  let t: Awaited<ReturnType<typeof startOwnershipBackend>>;

  beforeAll(async () => {
    // the cluster's label says team-data; app-config, the operators' word, says team-shop
    t = await startOwnershipBackend({
      namespaces: [
        { cluster: 'production', namespace: 'data', owner: 'team-shop' },
      ],
    });
    await t.eventually(
      () =>
        t.get(
          MALLORY,
          `${entity('evil-claim')}/pods/production/data/${t.pod}/log`,
        ),
      res => res.status === 200,
      'evil-claim reads the log app-config gives it',
    );
  });

  afterAll(async () => {
    await t?.stop();
  });

  it('gives the namespace to team-shop and takes it from team-data', async () => {
    const res = await t.post(
      DANA,
      `${entity('nightly-report')}/${CRONJOB}/suspend`,
    );
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain(
      'it belongs to group:default/team-shop (workloadStatus.ownership in app-config)',
    );
    expect(notOwned(await t.status(MALLORY, 'evil-claim'))).toEqual([]);
  });
});

describe('ownership: trust-catalog, the documented opt-out', () => {
  let t: Awaited<ReturnType<typeof startOwnershipBackend>>;

  beforeAll(async () => {
    t = await startOwnershipBackend('trust-catalog');
  });

  afterAll(async () => {
    await t?.stop();
  });

  it('is logged at start as a warning', () => {
    expect(
      t.logs.lines.filter(
        l => l.level === 'warn' && /trust-catalog/.test(l.message),
      ),
    ).toHaveLength(1);
  });

  it('lets a claim read the logs of and act on what it claims, without a warning', async () => {
    const claimed = await t.eventually(
      () =>
        t.get(
          MALLORY,
          `${entity('evil-claim')}/pods/production/data/${t.pod}/log`,
        ),
      res => res.status === 200,
      'evil-claim reads the log',
    );
    expect(claimed.text).toMatch(/warming cache/);
    const suspend = await t.post(
      MALLORY,
      `${entity('evil-claim')}/${CRONJOB}/suspend`,
    );
    expect(suspend.status).toBe(200);
    expect(notOwned(await t.status(MALLORY, 'evil-claim'))).toEqual([]);
  });
});
