import { startHarness } from '../__testUtils__/simulatorHarness';

jest.setTimeout(60_000);

describe('backend against the simulated cluster', () => {
  let h: Awaited<ReturnType<typeof startHarness>>;

  beforeAll(async () => {
    h = await startHarness([
      'web',
      'checkout',
      'recommendations',
      'reports',
      'edge-proxy',
    ]);
    await h.eventually(
      h.clusters,
      cs => cs.length === 2 && cs.every(c => c.synced),
    );
  });

  afterAll(async () => {
    await h?.stop();
  });

  it('follows a rollout to Running on the new image', async () => {
    await h.follow('web', s => s.lifecycle === 'Running');
    const before = h.signals.length;
    h.sim
      .cluster('production')
      .setImage(
        'Deployment',
        'shop',
        'web',
        'web',
        'registry.example.com/shop/web:1.1.0',
      );
    const seen = await h.follow(
      'web',
      s =>
        s.lifecycle === 'Running' &&
        s.workloads[0]?.images?.web === 'registry.example.com/shop/web:1.1.0',
    );
    // the rollout was visible on the way
    expect(
      seen.some(s => s.lifecycle === 'Waiting' && s.health === 'progressing'),
    ).toBe(true);
    const final = seen.at(-1)!;
    expect(final).toMatchObject({
      health: 'ok',
      clusters: expect.arrayContaining([
        expect.objectContaining({
          name: 'production',
          reachable: true,
          stale: false,
        }),
      ]),
    });
    expect(final.workloads).toEqual([
      expect.objectContaining({
        cluster: 'production',
        kind: 'Deployment',
        name: 'web',
        replicas: expect.objectContaining({ desired: 2, ready: 2, updated: 2 }),
      }),
    ]);
    // and Signals told the frontend, with nothing but the ref
    await h.eventually(
      async () => h.signals.length,
      n => n > before,
    );
    expect(h.signals.at(-1)).toEqual({
      recipients: { type: 'broadcast' },
      channel: 'workload-status:entity',
      message: { entityRef: 'component:default/web' },
    });
  });

  it('reports a crash loop as NotReady with an actionable reason', async () => {
    const seen = await h.follow('checkout', s => s.lifecycle === 'NotReady');
    expect(seen.at(-1)).toMatchObject({
      health: 'error',
      reasons: expect.arrayContaining([
        expect.objectContaining({
          severity: 'error',
          code: 'CrashLoopBackOff',
          object: expect.objectContaining({
            kind: 'Pod',
            cluster: 'production',
            container: 'app',
          }),
        }),
      ]),
    });
  });

  it('reports a failed build in the build component', async () => {
    const seen = await h.follow(
      'recommendations',
      s => s.workloads[0]?.components.build?.lifecycle === 'Failed',
    );
    const workload = seen.at(-1)!.workloads[0];
    expect(workload.components.build).toMatchObject({
      health: 'error',
      latest: expect.objectContaining({
        kind: 'PipelineRun',
        name: 'recommendations-build-42',
      }),
    });
  });

  it('follows cron runs as the clock advances', async () => {
    const seen = await h.follow(
      'reports',
      s =>
        (s.workloads[0]?.jobHistory ?? []).filter(
          j => j.lifecycle === 'Completed',
        ).length >= 2,
      { stepMs: 5000 },
    );
    const last = seen.at(-1)!;
    expect(last.workloads[0]).toMatchObject({
      kind: 'CronJob',
      lifecycle: 'Started',
    });
    expect(last.workloads[0].components.cronjob).toMatchObject({
      schedule: '*/1 * * * *',
      suspended: false,
    });
    // a run was seen executing on the way
    expect(seen.some(s => s.workloads[0]?.components.job !== undefined)).toBe(
      true,
    );
  });

  it('turns a cluster that goes down into Exception with stale data, not an error', async () => {
    await h.follow('edge-proxy', s => s.lifecycle === 'Running');
    await h.sim.cluster('edge').faults.set({ down: true });
    const down = await h.eventually(
      () => h.status('edge-proxy'),
      s => s.lifecycle === 'Exception',
    );
    expect(down).toMatchObject({
      lifecycle: 'Exception',
      health: 'unknown',
      clusters: expect.arrayContaining([
        expect.objectContaining({
          name: 'edge',
          reachable: false,
          stale: true,
        }),
      ]),
      workloads: [
        expect.objectContaining({
          cluster: 'edge',
          name: 'edge-proxy',
          lifecycle: 'Exception',
          reasons: expect.arrayContaining([
            expect.objectContaining({ code: 'ClusterUnreachable' }),
          ]),
        }),
      ],
    });
    // the other cluster is unaffected, and an entity that had nothing in
    // edge at its last sync gets one note, not an Exception
    const web = await h.eventually(
      () => h.status('web'),
      s => s.clusters.some(c => c.name === 'edge' && !c.reachable),
    );
    expect(web.lifecycle).toBe('Running');
    expect(web.clusters.find(c => c.name === 'edge')).toMatchObject({
      affectsEntity: false,
    });
    expect(web.reasons.filter(r => r.object.cluster === 'edge')).toEqual([
      expect.objectContaining({ severity: 'info', code: 'ClusterUnreachable' }),
    ]);
    expect(down.clusters.find(c => c.name === 'edge')).toMatchObject({
      affectsEntity: true,
    });
    const health = await h.clusters();
    const edge = health.find(c => c.name === 'edge')!;
    expect(edge).toMatchObject({ reachable: false, stale: true });
    // each resource type says how its watch is doing
    expect(edge.resources.length).toBeGreaterThan(0);
    expect(edge.resources.some(r => r.watch === 'failing')).toBe(true);
    expect(
      edge.resources.find(r => r.resource === 'deployments.apps'),
    ).toMatchObject({
      kind: 'Deployment',
      lists: expect.any(Number),
    });
    // and it recovers when the cluster is back
    await h.sim.cluster('edge').faults.clear();
    const back = await h.eventually(
      () => h.status('edge-proxy'),
      s => s.lifecycle === 'Running',
      10_000,
    );
    expect(back.clusters.find(c => c.name === 'edge')).toMatchObject({
      reachable: true,
      stale: false,
    });
  });

  it('serves, over HTTP, a cache that matches the cluster after dropped watches, 410s and a restart', async () => {
    const prod = h.sim.cluster('production');
    const watched = new Set([
      'Pod',
      'Deployment',
      'ReplicaSet',
      'StatefulSet',
      'DaemonSet',
      'Job',
      'CronJob',
      'Node',
      'PipelineRun',
      'TaskRun',
      'HorizontalPodAutoscaler',
    ]);
    const simCounts = () => {
      const counts: Record<string, number> = {};
      for (const o of prod.state().objects) {
        if (watched.has(o.kind)) counts[o.kind] = (counts[o.kind] ?? 0) + 1;
      }
      return counts;
    };
    prod.faults.dropWatches();
    prod.setImage(
      'Deployment',
      'shop',
      'web',
      'web',
      'registry.example.com/shop/web:1.2.0',
    );
    await h.sim.clock.advance(10_000);
    prod.faults.expireWatches();
    prod.delete('Deployment', 'shop', 'checkout', 0);
    await h.sim.clock.advance(10_000);
    prod.restart();
    await h.sim.clock.advance(10_000);
    const cached = await h.eventually(
      async () => (await h.clusters()).find(c => c.name === 'production')!,
      c =>
        c.reachable &&
        JSON.stringify(c.objects) ===
          JSON.stringify(
            Object.fromEntries(Object.entries(simCounts()).sort()),
          ),
      10_000,
    );
    expect(cached.objects).toEqual(simCounts());
    // the deleted service is gone from its entity, not a ghost
    const checkout = await h.eventually(
      () => h.status('checkout'),
      s => s.workloads.length === 0,
    );
    expect(checkout).toMatchObject({ lifecycle: 'NotFound', workloads: [] });
  });
});
