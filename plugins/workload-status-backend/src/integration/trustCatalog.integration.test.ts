import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { KubeObject } from '@internal/cluster-simulator';
import type { EntityStatus } from '@workload-status/backstage-plugin-workload-status-common';
import { startTrustBackend, trustCallers } from '../__testUtils__/trustBackend';

jest.setTimeout(90_000);

/** An HTTP server that answers 401 to everything and keeps what it was sent. */
async function recordingServer() {
  const requests: Array<{ url?: string; authorization?: string }> = [];
  const server = http.createServer((req, res) => {
    requests.push({ url: req.url, authorization: req.headers.authorization });
    res.writeHead(401).end();
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    stop: () => new Promise(r => server.close(r)),
  };
}

const clusterResource = (
  name: string,
  namespace: string,
  url: string,
  owner: string,
) =>
  [
    'apiVersion: backstage.io/v1alpha1',
    'kind: Resource',
    'metadata:',
    `  name: ${name}`,
    `  namespace: ${namespace}`,
    '  annotations:',
    `    kubernetes.io/api-server: '${url}'`,
    '    kubernetes.io/auth-provider: serviceAccount',
    `spec: { type: kubernetes-cluster, owner: '${owner}' }`,
  ].join('\n');

/*
 * The attacker registers catalog entities (src/integration/fixtures/
 * hostile-catalog.yaml, plus cluster Resources written here with the
 * servers' ports) against the real catalog and permission backends:
 * - kubernetes-cluster Resources that would receive a cluster's token;
 * - evil-wide, whose label selector pins no value;
 * - a pod in another namespace naming nightly-report's Job as its owner.
 */
describe('trust: what catalog entities and cluster objects cannot claim', () => {
  let t: Awaited<ReturnType<typeof startTrustBackend>>;
  let attacker: Awaited<ReturnType<typeof recordingServer>>;
  let staging: Awaited<ReturnType<typeof recordingServer>>;
  let dir: string;

  const production = () => t.sim.cluster('production');

  beforeAll(async () => {
    attacker = await recordingServer();
    // the real staging API server, which a duplicate name keeps from being used
    staging = await recordingServer();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trust-catalog-'));
    const catalogFile = path.join(dir, 'hostile-clusters.yaml');
    t = await startTrustBackend({
      mode: 'owner',
      catalogFiles: [catalogFile],
      config: sim => {
        const edge = sim.clusters.find(c => c.name === 'edge')!;
        const prod = sim.clusters.find(c => c.name === 'production')!;
        fs.writeFileSync(
          catalogFile,
          [
            // edge as app-config names it: watched
            clusterResource('edge', 'default', `${edge.url}/`, 'team-data'),
            // staging, and the same name in a namespace that sorts first
            clusterResource('staging', 'default', staging.url, 'team-data'),
            clusterResource('staging', 'aaa', attacker.url, 'team-shop'),
            // qa, pointing at the attacker
            clusterResource('qa', 'default', attacker.url, 'team-shop'),
            // team-shop's batch pods, where the intruder pod shows
            [
              'apiVersion: backstage.io/v1alpha1',
              'kind: Component',
              'metadata:',
              '  name: shop-batch',
              "  annotations: { backstage.io/kubernetes-label-selector: 'app=shop-batch' }",
              'spec: { type: service, lifecycle: production, owner: group:team-shop }',
            ].join('\n'),
          ].join('\n---\n'),
        );
        return {
          kubernetes: {
            serviceLocatorMethod: { type: 'multiTenant' },
            clusterLocatorMethods: [
              {
                type: 'config',
                clusters: [
                  {
                    name: 'production',
                    url: prod.url,
                    authProvider: 'serviceAccount',
                    serviceAccountToken: prod.token,
                  },
                ],
              },
              { type: 'catalog' },
            ],
          },
          workloadStatus: {
            clusters: {
              edge: {
                url: edge.url,
                serviceAccountToken: edge.token,
                // the simulator speaks plain http
                allowInsecureHttp: true,
              },
              staging: {
                url: staging.url,
                serviceAccountToken: 'staging-secret',
                allowInsecureHttp: true,
              },
              qa: {
                url: 'https://qa.example.invalid:6443',
                serviceAccountToken: 'qa-secret',
              },
            },
          },
        };
      },
    });
    await t.clustersSynced(['production', 'edge']);
  });

  afterAll(async () => {
    await t?.stop();
    await attacker?.stop();
    await staging?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('catalog-located clusters', () => {
    const skipped = () =>
      t.logs.lines
        .filter(
          l =>
            l.level === 'warn' &&
            l.message.startsWith('Catalog cluster skipped: '),
        )
        .map(l => l.message);

    it('sends no token to a name claimed twice, nor to a URL app-config does not name', async () => {
      const messages = await t.eventually(
        async () => skipped(),
        m =>
          m.some(x => x.includes('staging: refused')) &&
          m.some(x => x.includes('qa (resource:default/qa): refused')),
        'staging and qa refused',
      );
      expect(messages).toContain(
        'Catalog cluster skipped: staging: refused, 2 catalog entities claim this cluster name (resource:aaa/staging, resource:default/staging); remove all but one',
      );
      expect(messages).toContain(
        `Catalog cluster skipped: qa (resource:default/qa): refused, its kubernetes.io/api-server '${attacker.url}' is not workloadStatus.clusters.qa.url 'https://qa.example.invalid:6443'`,
      );
      // a few more refreshes (every second): still nothing sent anywhere
      await new Promise(r => setTimeout(r, 2500));
      expect(attacker.requests).toEqual([]);
      expect(staging.requests).toEqual([]);
      const clusters = await t.get(
        trustCallers.service('plugin:catalog'),
        '/v1/clusters',
      );
      expect(clusters.body.items.map((c: any) => c.name).sort()).toEqual([
        'edge',
        'production',
      ]);
    });

    it('watches a catalog cluster whose entity agrees with app-config', async () => {
      const clusters = await t.get(
        trustCallers.service('plugin:catalog'),
        '/v1/clusters',
      );
      expect(
        clusters.body.items.find((c: any) => c.name === 'edge'),
      ).toMatchObject({ synced: true, reachable: true });
    });
  });

  describe('a label selector that pins no value (evil-wide: !nonexistent)', () => {
    const EVIL_WIDE = '/v1/entities/default/component/evil-wide';
    const reason =
      "Entity component:default/evil-wide has an unusable backstage.io/kubernetes-label-selector annotation: Label selector '!nonexistent' pins no label value, so it would select the objects of every namespace; it needs at least one key=value, key==value or key in (a,b) requirement";

    it('matches nothing and says why, in the status and the summary', async () => {
      const status = await t.get(trustCallers.mallory, `${EVIL_WIDE}/status`);
      expect(status.status).toBe(200);
      expect(status.body).toMatchObject({
        lifecycle: 'Unknown',
        health: 'unknown',
        workloads: [],
        reasons: [{ code: 'InvalidAnnotation', message: reason }],
      });
      const summaries = await t
        .post(trustCallers.mallory, '/v1/summaries')
        .send({ entityRefs: ['component:default/evil-wide'] });
      expect(summaries.status).toBe(200);
      expect(summaries.body.items).toEqual([
        expect.objectContaining({
          entityRef: 'component:default/evil-wide',
          lifecycle: 'Unknown',
          reasons: [
            expect.objectContaining({
              code: 'InvalidAnnotation',
              message: reason,
            }),
          ],
        }),
      ]);
    });

    it("reaches no other team's events or logs through it", async () => {
      const web = production()
        .list('Pod', 'shop')
        .find(p => p.metadata.labels?.['backstage.io/kubernetes-id'] === 'web');
      for (const route of [
        'events',
        'operator-log',
        `pods/production/shop/${web!.metadata.name}/log`,
        'cronjobs/production/data/nightly-report/suspend',
      ]) {
        const res = route.endsWith('/suspend')
          ? await t.post(trustCallers.mallory, `${EVIL_WIDE}/${route}`)
          : await t.get(trustCallers.mallory, `${EVIL_WIDE}/${route}`);
        expect({ route, status: res.status, error: res.body.error }).toEqual({
          route,
          status: 400,
          error: expect.objectContaining({ message: reason }),
        });
      }
      expect(
        production().get('CronJob', 'data', 'nightly-report')?.spec?.suspend,
      ).toBeFalsy();
    });
  });

  /*
   * An owner reference names an object of its own namespace, as the garbage
   * collector reads it. Someone who may create pods in shop copies the uid
   * of team-data's nightly-report Job into a pod's ownerReferences: the pod
   * must not become one of that Job's pods (its status, its log).
   */
  describe('owner references across namespaces', () => {
    const NIGHTLY = '/v1/entities/default/component/nightly-report';
    let job: KubeObject;
    let realPod: string;

    beforeAll(async () => {
      // the schedule (every minute) starts a run
      for (let i = 0; i < 70 && !job; i++) {
        await t.sim.clock.advance(1000);
        job = production()
          .list('Job', 'data')
          .find(j => j.metadata.name.startsWith('nightly-report-'))!;
      }
      if (!job) throw new Error('nightly-report never ran');
      await t.sim.clock.advance(1000);
      realPod = production()
        .list('Pod', 'data')
        .find(p => p.metadata.ownerReferences?.[0]?.uid === job.metadata.uid)!
        .metadata.name;
      production().apply({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: 'intruder',
          namespace: 'shop',
          labels: { app: 'shop-batch' },
          ownerReferences: [
            {
              apiVersion: 'batch/v1',
              kind: 'Job',
              name: job.metadata.name,
              uid: job.metadata.uid!,
              controller: true,
            },
          ],
        },
        spec: { containers: [{ name: 'report', image: 'shop/evil:1' }] },
      } as any);
      // newer than the Job's own pod: the one a Job log would pick
      await t.sim.clock.advance(2000);
      // the plugin's cache has it: team-shop's entity shows it
      await t.eventually(
        async () =>
          (
            await t.get(
              trustCallers.mallory,
              '/v1/entities/default/component/shop-batch/status',
            )
          ).body as EntityStatus,
        s => s.workloads?.some(w => w.kind === 'Pod' && w.name === 'intruder'),
        'the intruder pod in the cache',
      );
    });

    it("is not among the Job's pods in nightly-report's status", async () => {
      const status: EntityStatus = (
        await t.get(trustCallers.dana, `${NIGHTLY}/status`)
      ).body;
      const runs = status.workloads.find(w => w.kind === 'CronJob')?.jobHistory;
      const run = runs?.find(r => r.name === job.metadata.name);
      expect(run?.pods).toEqual([realPod]);
      expect(JSON.stringify(status)).not.toContain('intruder');
    });

    it("is not the Job's log, nor readable through nightly-report", async () => {
      const log = await t.get(
        trustCallers.dana,
        `${NIGHTLY}/jobs/production/data/${job.metadata.name}/log?download=true`,
      );
      expect(log.status).toBe(200);
      expect(log.headers['content-disposition']).toContain(realPod);
      const intruder = await t.get(
        trustCallers.dana,
        `${NIGHTLY}/pods/production/shop/intruder/log`,
      );
      expect(intruder.status).toBe(404);
    });
  });
});
