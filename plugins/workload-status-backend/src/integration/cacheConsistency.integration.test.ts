import { mockServices } from '@backstage/backend-test-utils';
import { startSimulator, Simulator } from '@internal/cluster-simulator';
import { ClusterConfigReader } from '../cluster/ClusterConfigReader';
import { ConfigReader } from '@backstage/config';
import { StatusPipeline } from '../status/StatusPipeline';
import { SCENARIO } from '../__testUtils__/simulatorHarness';

jest.setTimeout(60_000);

/**
 * After every kind of watch trouble, the cache holds exactly what the
 * cluster holds: the same uids at the same resourceVersions (no lost
 * objects, no ghosts).
 */
describe('cache consistency under watch faults', () => {
  let sim: Simulator;
  let pipeline: StatusPipeline;

  beforeAll(async () => {
    sim = await startSimulator({
      scenario: {
        ...SCENARIO,
        clusters: SCENARIO.clusters.filter(c => c.name === 'production'),
      },
      clock: 'manual',
      token: 'tok',
      bookmarkIntervalMs: 200,
    });
    const settings = ClusterConfigReader.readSettings(
      new ConfigReader({
        workloadStatus: {
          backoff: {
            initial: { milliseconds: 20 },
            max: { milliseconds: 200 },
          },
          pageSize: 3, // several pages even for this small cluster
          // bookmarks come every 200 ms, so 1 s of silence means a dead stream
          watchInactivityTimeout: { seconds: 1 },
        },
      }),
    );
    pipeline = new StatusPipeline({
      settings,
      logger: mockServices.logger.mock(),
      buildSources: [],
      kindRules: [],
    });
    const c = sim.cluster('production');
    pipeline.addCluster({
      name: 'production',
      url: c.url,
      source: 'config',
      authProvider: 'serviceAccount',
      serviceAccountToken: c.token,
      skipTLSVerify: false,
      operators: [],
    });
  });

  afterAll(async () => {
    await pipeline?.stop();
    await sim?.stop();
  });

  // by group and kind: Knative's Service is watched, the core Service is not
  const groupKind = (apiVersion: string | undefined, kind: string) =>
    `${apiVersion?.includes('/') ? apiVersion.split('/')[0] : ''}/${kind}`;
  const watchedKinds = () =>
    new Set(pipeline.resourceTypes().map(r => `${r.group}/${r.kind}`));

  /** uid -> resourceVersion of what the simulator holds (watched kinds only). */
  const clusterState = () => {
    const kinds = watchedKinds();
    return new Map(
      sim
        .cluster('production')
        .state()
        .objects.filter(o => kinds.has(groupKind(o.apiVersion, o.kind)))
        .map(o => [o.metadata.uid!, o.metadata.resourceVersion!]),
    );
  };
  const cacheState = () => {
    const store = pipeline.clusterCaches().get('production')!.store;
    return new Map(
      [...store.allUids()].map(uid => [
        uid,
        store.get(uid)!.metadata!.resourceVersion!,
      ]),
    );
  };
  /** Waits until the cache equals the cluster; returns what the cache holds. */
  const converge = async () => {
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const a = clusterState();
      const b = cacheState();
      if (a.size === b.size && [...a].every(([uid, rv]) => b.get(uid) === rv))
        break;
      await new Promise(r => setTimeout(r, 25));
    }
    return Object.fromEntries(cacheState());
  };
  const churn = async () => {
    const c = sim.cluster('production');
    c.setImage(
      'Deployment',
      'shop',
      'web',
      'web',
      `registry.example.com/shop/web:${Date.now()}`,
    );
    await sim.clock.advance(15_000);
  };

  it('starts equal', async () => {
    await sim.clock.advance(10_000);
    expect(await converge()).toEqual(Object.fromEntries(clusterState()));
  });

  it('is equal after watches are dropped while the cluster changes', async () => {
    sim.cluster('production').faults.dropWatches();
    await churn();
    expect(await converge()).toEqual(Object.fromEntries(clusterState()));
  });

  it('is equal after 410 Expired (relist), including objects deleted meanwhile', async () => {
    const c = sim.cluster('production');
    await c.faults.set({ expireWatches: true });
    c.faults.expireWatches();
    c.delete('Deployment', 'shop', 'checkout', 0);
    await churn();
    await c.faults.clear();
    expect(await converge()).toEqual(Object.fromEntries(clusterState()));
    const store = pipeline.clusterCaches().get('production')!.store;
    expect(
      [...store.allUids()].some(
        uid =>
          store.get(uid)?.metadata?.name === 'checkout' &&
          store.get(uid)?.kind === 'Deployment',
      ),
    ).toBe(false);
  });

  it('is equal after an API server restart and a period down', async () => {
    const c = sim.cluster('production');
    c.restart();
    await churn();
    await c.faults.set({ down: true });
    c.apply({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'late', namespace: 'shop', labels: { app: 'late' } },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'late' } },
        template: {
          metadata: { labels: { app: 'late' } },
          spec: { containers: [{ name: 'x', image: 'x:1' }] },
        },
      },
    });
    await churn();
    await c.faults.clear();
    expect(await converge()).toEqual(Object.fromEntries(clusterState()));
  });

  it('is equal when watch streams stall silently (inactivity timeout)', async () => {
    const c = sim.cluster('production');
    const cache = pipeline.clusterCaches().get('production')!;
    const watchesBefore = cache.reflectorHealth().Pod.watches;
    await c.faults.set({ stallStreams: true });
    // silent for longer than the inactivity timeout: nobody cuts the
    // streams, the reflectors must give up on them and watch again
    await new Promise(r => setTimeout(r, 2500));
    expect(cache.reflectorHealth().Pod.watches).toBeGreaterThan(watchesBefore);
    expect(cache.reflectorHealth().Pod.lastError).toMatch(
      /sent nothing for 1000 ms/,
    );
    await c.faults.clear();
    await churn();
    expect(await converge()).toEqual(Object.fromEntries(clusterState()));
  });
  it('is equal after the cluster is replaced by a new one at the same address', async () => {
    // a new apiserver with a fresh store (simulator restarted, etcd
    // restored): its resourceVersions start over, below what the
    // reflectors last saw, so their watches must end in a relist
    const old = sim.cluster('production');
    const port = Number(new URL(old.url).port);
    await churn();
    await sim.stop();
    sim = await startSimulator({
      scenario: {
        ...SCENARIO,
        clusters: SCENARIO.clusters.filter(c => c.name === 'production'),
      },
      clock: 'manual',
      token: 'tok',
      bookmarkIntervalMs: 200,
      ports: { production: port },
    });
    const fresh = sim.cluster('production');
    expect(Number(fresh.state().resourceVersion)).toBeLessThan(
      Number(old.state().resourceVersion),
    );
    fresh.delete('Deployment', 'shop', 'web', 0);
    await sim.clock.advance(2_000);
    expect(await converge()).toEqual(Object.fromEntries(clusterState()));
  });
});
