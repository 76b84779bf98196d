import type { EntityStatus } from '@workload-status/backstage-plugin-workload-status-common';
import { startHarness } from '../__testUtils__/simulatorHarness';

jest.setTimeout(60_000);

const staleReasons = (s: EntityStatus) =>
  s.reasons.filter(r => r.code === 'ResourceTypeStale');

/**
 * One resource type whose watch goes silent (no events, no bookmarks) is
 * that type's trouble: the statuses judged from it say so and keep their
 * verdict, every other type is followed, the cluster still answers. Only a
 * cluster that does not answer is unreachable.
 */
describe('a silent watch of one resource type', () => {
  let h: Awaited<ReturnType<typeof startHarness>>;

  beforeAll(async () => {
    h = await startHarness(['web', 'edge-proxy'], {
      // bookmarks come every 500 ms: 1 s of silence is a silent watch
      watchInactivityTimeout: { seconds: 1 },
    });
    await h.follow('web', s => s.lifecycle === 'Running');
  });
  afterAll(() => h?.stop());

  it('marks that type stale on the statuses that use it, not the cluster', async () => {
    const production = h.sim.cluster('production');
    const before = Date.now();
    await production.faults.set({ silentWatches: ['pods'] });
    try {
      const stale = await h.eventually(
        () => h.status('web'),
        s => staleReasons(s).length > 0,
        10_000,
      );
      // the verdict stands, as last seen; the cluster answers
      expect(stale.lifecycle).toBe('Running');
      expect(stale.clusters.find(c => c.name === 'production')).toMatchObject({
        reachable: true,
        stale: false,
      });
      expect(stale.clusters.find(c => c.name === 'production')?.error).toBe(
        undefined,
      );
      const [reason] = staleReasons(stale);
      expect(reason).toMatchObject({
        severity: 'warning',
        object: { kind: 'Deployment', name: 'web', cluster: 'production' },
        hintTarget: 'cluster',
      });
      expect(reason.message).toMatch(
        /^The watch of pods in cluster production has sent nothing \(no events, no bookmarks\) since \S+Z; Deployment web is shown as its pods were then$/,
      );
      expect(reason.message).not.toContain(production.url);
      // since: the last news of pods, before the watch went silent
      expect(Date.parse(reason.since!)).toBeLessThanOrEqual(Date.now());
      expect(Date.parse(reason.since!)).toBeGreaterThan(before - 2_000);

      // the clusters page: pods stale, every other type watching
      const cluster = (await h.clusters()).find(c => c.name === 'production')!;
      expect(cluster).toMatchObject({ reachable: true, stale: false });
      const pods = cluster.resources.find(r => r.resource === 'pods')!;
      expect(pods).toMatchObject({
        watch: 'failing',
        reachable: true,
        staleSince: reason.since,
        lastError: expect.stringMatching(/sent nothing for 1000 ms/),
      });
      const others = cluster.resources.filter(
        r => r.resource !== 'pods' && r.watch !== 'absent',
      );
      expect(others.length).toBeGreaterThan(3);
      for (const r of others) {
        expect(r).toMatchObject({ watch: 'watching', reachable: true });
        expect(r.staleSince).toBeUndefined();
      }

      // the other types are still followed: a Deployment change arrives
      production.patch(
        'Deployment',
        'shop',
        'web',
        { metadata: { annotations: { touched: 'yes' } } },
        'merge',
      );
      const deploymentsBefore = others.find(
        r => r.resource === 'deployments.apps',
      )!.lastSyncAt!;
      await h.eventually(
        () => h.clusters(),
        cs =>
          cs
            .find(c => c.name === 'production')!
            .resources.find(r => r.resource === 'deployments.apps')!
            .lastSyncAt! > deploymentsBefore,
      );

      // a cluster where nothing is silent is untouched
      const edge = await h.status('edge-proxy');
      expect(staleReasons(edge)).toEqual([]);
    } finally {
      await production.faults.clear();
    }
    // the held events arrive: the type is current again
    const current = await h.eventually(
      () => h.status('web'),
      s => staleReasons(s).length === 0,
      10_000,
    );
    expect(current.lifecycle).toBe('Running');
    const pods = (await h.clusters())
      .find(c => c.name === 'production')!
      .resources.find(r => r.resource === 'pods')!;
    expect(pods).toMatchObject({ watch: 'watching' });
    expect(pods.staleSince).toBeUndefined();
  });

  it('still calls a cluster that does not answer unreachable', async () => {
    const edge = h.sim.cluster('edge');
    await edge.faults.set({ down: true });
    try {
      const down = await h.eventually(
        () => h.status('edge-proxy'),
        s => s.lifecycle === 'Exception',
        10_000,
      );
      expect(down.clusters.find(c => c.name === 'edge')).toMatchObject({
        reachable: false,
        stale: true,
      });
      expect(down.workloads[0].reasons[0]).toMatchObject({
        code: 'ClusterUnreachable',
      });
      expect(down.workloads[0].reasons[0].message).toMatch(/cannot be reached/);
      expect(staleReasons(down)).toEqual([]);
      // the other cluster is unaffected
      const web = await h.status('web');
      expect(web.lifecycle).toBe('Running');
      expect(staleReasons(web)).toEqual([]);
    } finally {
      await edge.faults.clear();
    }
    await h.eventually(
      () => h.status('edge-proxy'),
      s => s.lifecycle === 'Running',
      10_000,
    );
  });
});
