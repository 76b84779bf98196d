import {
  coreServices,
  createServiceFactory,
  LoggerService,
  PermissionsService,
  RootLoggerService,
} from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import { kubernetesClustersReadPermission } from '@backstage/plugin-kubernetes-common';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { startHarness } from '../__testUtils__/simulatorHarness';

jest.setTimeout(90_000);

const ACCOUNT = 'system:serviceaccount:backstage:workload-status';
const DATABASE_ERROR =
  'connect ECONNREFUSED 10.20.30.40:5432: password authentication failed for user "backstage_admin"';

/**
 * Plays a user who may read an entity's status and logs but not cluster
 * details (kubernetes.clusters.read), against a cluster whose errors carry
 * its address and the plugin's service account, and a database that fails
 * with its address and user: no answer may carry either. A user who holds
 * kubernetes.clusters.read gets the cluster's words.
 */
describe('errors shown to users keep cluster and database internals out', () => {
  let h: Awaited<ReturnType<typeof startHarness>>;
  let clustersReadable = false;
  const logged: string[] = [];
  const auth = mockCredentials.user.header('user:default/mallory');
  const base = (name: string) =>
    `/api/workload-status/v1/entities/default/component/${name}`;
  const get = (path: string) =>
    request(h.backend.server).get(path).set('Authorization', auth);
  const prod = () => h.sim.cluster('production');
  const internals = () => {
    const url = new URL(prod().url);
    return [
      ACCOUNT,
      'serviceaccount',
      url.host,
      url.hostname,
      DATABASE_ERROR,
      '10.20.30.40',
      'backstage_admin',
    ];
  };
  const expectNoInternals = (what: string, body: unknown) => {
    const text = JSON.stringify(body);
    for (const secret of internals()) {
      expect({
        what,
        leaked: text.includes(secret) ? secret : undefined,
      }).toEqual({
        what,
        leaked: undefined,
      });
    }
  };

  beforeAll(async () => {
    h = await startHarness(
      ['web', 'checkout', 'reports'],
      {},
      {
        permissions: createServiceFactory({
          service: coreServices.permissions,
          deps: {},
          factory: (): PermissionsService => ({
            authorize: async requests =>
              requests.map(r => ({
                result:
                  r.permission.name === kubernetesClustersReadPermission.name &&
                  !clustersReadable
                    ? AuthorizeResult.DENY
                    : AuthorizeResult.ALLOW,
              })) as any,
            authorizeConditional: async requests =>
              requests.map(() => ({ result: AuthorizeResult.ALLOW })) as any,
          }),
        }),
        features: [
          recordingRootLogger(logged),
          createServiceFactory({
            service: coreServices.database,
            deps: {},
            factory: () => ({
              getClient: async () => {
                throw new Error(DATABASE_ERROR);
              },
            }),
          }),
        ],
      },
    );
    // the clusters route (the harness's wait) needs kubernetes.clusters.read
    clustersReadable = true;
    await h.eventually(h.clusters, cs => cs.every(c => c.synced));
    clustersReadable = false;
  });

  afterAll(async () => {
    await h?.stop();
  });

  afterEach(async () => {
    clustersReadable = false;
    await prod().faults.clear();
  });

  it('when the cluster refuses the plugin (403, naming its service account)', async () => {
    const pod = prod()
      .list('Pod', 'shop')
      .find(p => p.metadata.labels?.['backstage.io/kubernetes-id'] === 'web')!
      .metadata.name;
    await prod().faults.set({ errorRate: 1, errorStatus: 403 });
    prod().faults.dropWatches();
    // the reflectors meet the 403 when they watch again
    clustersReadable = true;
    const raw = await h.eventually(
      () => get(`${base('web')}/status`),
      r => JSON.stringify(r.body.clusters ?? []).includes(ACCOUNT),
      10_000,
    );
    expect(raw.status).toBe(200);
    clustersReadable = false;

    const status = await get(`${base('web')}/status`);
    expect(status.status).toBe(200);
    expectNoInternals('status', status.body);
    expect(
      status.body.clusters.find((c: any) => c.name === 'production'),
    ).toMatchObject({
      error:
        "cluster production: the plugin's service account is not allowed to do this (403)",
    });

    const summaries = await request(h.backend.server)
      .post('/api/workload-status/v1/summaries')
      .set('Authorization', auth)
      .send({ entityRefs: ['component:default/web'] });
    expect(summaries.status).toBe(200);
    expectNoInternals('summaries', summaries.body);

    const log = await get(`${base('web')}/pods/production/shop/${pod}/log`);
    expect(log.status).toBe(503);
    expect(log.body.error.message).toBe(
      `Cannot read the log of container web of pod shop/${pod}: cluster production: the plugin's service account is not allowed to do this (403); check its service account's RBAC for pods/log`,
    );
    expectNoInternals('log', log.body);

    const events = await get(`${base('web')}/events`);
    expectNoInternals('events', events.body);

    // a user who may read cluster details gets the cluster's words
    clustersReadable = true;
    const detailed = await get(
      `${base('web')}/pods/production/shop/${pod}/log`,
    );
    expect(detailed.status).toBe(503);
    expect(detailed.body.error.message).toContain(ACCOUNT);
    const detailedStatus = await get(`${base('web')}/status`);
    expect(JSON.stringify(detailedStatus.body.clusters)).toContain(ACCOUNT);
    // operators find the detail in the log in any case
    expect(logged.join('\n')).toContain(ACCOUNT);
  });

  it('when the cluster is down (connection refused at its address)', async () => {
    const pod = prod()
      .list('Pod', 'shop')
      .find(
        p => p.metadata.labels?.['backstage.io/kubernetes-id'] === 'checkout',
      )!.metadata.name;
    const productionError = (r: request.Response) =>
      r.body.clusters?.find((c: any) => c.name === 'production')?.error;
    const DOWN =
      /^cluster production: (unreachable|the connection was dropped|timed out)$/;
    // every reflector has recovered from the test before (the clusters
    // route shows live health; it needs kubernetes.clusters.read)
    clustersReadable = true;
    await h.eventually(h.clusters, cs =>
      cs.some(
        c => c.name === 'production' && c.reachable && !(c as any).lastError,
      ),
    );
    clustersReadable = false;
    await prod().faults.set({ down: true });
    const status = await h.eventually(
      () => get(`${base('checkout')}/status`),
      r => DOWN.test(productionError(r) ?? ''),
      10_000,
    );
    expectNoInternals('status', status.body);
    expect(
      status.body.clusters.find((c: any) => c.name === 'production').error,
    ).toMatch(DOWN);
    for (const reason of status.body.reasons) {
      expect(reason.message).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
    }

    const log = await get(
      `${base('checkout')}/pods/production/shop/${pod}/log?previous=true`,
    );
    expect(log.status).toBe(503);
    expect(log.body.error.message).toMatch(
      /: cluster production: (unreachable|timed out)$/,
    );
    expectNoInternals('log', log.body);

    const operatorLog = await get(`${base('checkout')}/operator-log`);
    expectNoInternals('operator log', operatorLog.body);
    const events = await get(`${base('checkout')}/events`);
    expectNoInternals('events', events.body);
  });

  it('when the database fails (its address and user in the error)', async () => {
    for (const readable of [false, true]) {
      clustersReadable = readable;
      const history = await get(`${base('reports')}/job-history`);
      expect(history.status).toBe(503);
      expect(history.body.error).toEqual({
        name: 'ServiceUnavailableError',
        message: 'The job history could not be read',
      });
    }
    expect(logged.join('\n')).toContain(DATABASE_ERROR);
  });
});

/** A root logger that keeps every line with its error's message. */
function recordingRootLogger(lines: string[]) {
  const logger = (): RootLoggerService => {
    const write = (message: string, meta?: Error | Record<string, unknown>) => {
      lines.push(
        `${message} ${
          meta instanceof Error ? meta.message : JSON.stringify(meta ?? {})
        }`,
      );
    };
    return {
      child: (): LoggerService => logger(),
      error: write,
      warn: write,
      info: write,
      debug: write,
    };
  };
  return createServiceFactory({
    service: coreServices.rootLogger,
    deps: {},
    factory: () => logger(),
  });
}
