import {
  formatCpu,
  formatMemory,
  leakedMemory,
  quantityValue,
} from '../controllers/podUsage';
import { startSimulator, Simulator } from '../simulator';

const MI = 1024 * 1024;

describe('metrics.k8s.io', () => {
  let sim: Simulator;

  beforeAll(async () => {
    sim = await startSimulator({
      scenario: 'demo',
      clock: 'manual',
      token: 'metrics-token',
    });
    await sim.clock.advance(20_000);
  });

  afterAll(async () => {
    await sim?.stop();
  });

  const get = async (cluster: string, path: string) => {
    const c = sim.cluster(cluster);
    const res = await fetch(`${c.url}${path}`, {
      headers: { Authorization: `Bearer ${c.token}` },
    });
    return { status: res.status, body: (await res.json()) as any };
  };

  it('is in the discovery of a cluster with metrics-server only', async () => {
    const prod = await get('production', '/apis');
    expect(prod.body.groups.map((g: any) => g.name)).toContain(
      'metrics.k8s.io',
    );
    const group = await get('production', '/apis/metrics.k8s.io');
    expect(group.body).toMatchObject({
      kind: 'APIGroup',
      preferredVersion: { groupVersion: 'metrics.k8s.io/v1beta1' },
    });
    const resources = await get('production', '/apis/metrics.k8s.io/v1beta1');
    expect(resources.body.resources).toEqual([
      expect.objectContaining({
        name: 'pods',
        kind: 'PodMetrics',
        namespaced: true,
        verbs: ['get', 'list'],
      }),
    ]);
    const staging = await get('staging', '/apis');
    expect(staging.body.groups.map((g: any) => g.name)).not.toContain(
      'metrics.k8s.io',
    );
    expect(
      (await get('staging', '/apis/metrics.k8s.io/v1beta1/pods')).status,
    ).toBe(404);
  });

  it('lists PodMetrics of running pods across and within namespaces', async () => {
    const all = await get('production', '/apis/metrics.k8s.io/v1beta1/pods');
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({
      kind: 'PodMetricsList',
      apiVersion: 'metrics.k8s.io/v1beta1',
    });
    const item = all.body.items.find((i: any) =>
      i.metadata.name.startsWith('storefront-'),
    );
    expect(item).toMatchObject({
      metadata: { namespace: 'shop' },
      window: '15s',
      containers: [
        {
          name: 'web',
          usage: {
            cpu: expect.stringMatching(/^\d+[num]?$/),
            memory: expect.stringMatching(/^\d+(Ki|Mi|Gi)?$/),
          },
        },
      ],
    });
    expect(Date.parse(item.timestamp)).not.toBeNaN();
    // steady figures stay below the requests (100m, 128Mi)
    const usage = item.containers[0].usage;
    expect(quantityValue(usage.cpu)!).toBeLessThan(0.1);
    expect(quantityValue(usage.memory)!).toBeLessThan(128 * MI);
    // only pods that run a container are listed (not the pulling ones)
    const running = new Set(
      sim
        .cluster('production')
        .sim.list('Pod')
        .filter(p =>
          p.status?.containerStatuses?.some((s: any) => s.state?.running),
        )
        .map(p => p.metadata.name),
    );
    const names: string[] = all.body.items.map((i: any) => i.metadata.name);
    expect(names.length).toBeGreaterThan(5);
    expect(names.filter(n => !running.has(n))).toEqual([]);

    const shop = await get(
      'production',
      '/apis/metrics.k8s.io/v1beta1/namespaces/shop/pods',
    );
    expect(
      shop.body.items.every((i: any) => i.metadata.namespace === 'shop'),
    ).toBe(true);
    const one = await get(
      'production',
      `/apis/metrics.k8s.io/v1beta1/namespaces/shop/pods/${item.metadata.name}`,
    );
    expect(one.body).toMatchObject({
      kind: 'PodMetrics',
      metadata: item.metadata,
    });
    const missing = await get(
      'production',
      '/apis/metrics.k8s.io/v1beta1/namespaces/shop/pods/nope',
    );
    expect(missing.status).toBe(404);
  });

  it('grows the memory of a leaking container until it is OOM-killed, again and again', async () => {
    const c = sim.cluster('production');
    const pod = () =>
      c.sim
        .list('Pod', 'shop')
        .find(p => p.metadata.name.startsWith('thumbnailer-'))!;
    const memory = async () => {
      const res = await get(
        'production',
        `/apis/metrics.k8s.io/v1beta1/namespaces/shop/pods/${
          pod().metadata.name
        }`,
      );
      return quantityValue(res.body.containers?.[0]?.usage.memory) ?? 0;
    };
    // 15 s into its run: 90 % of 256Mi
    expect(await memory()).toBeGreaterThan(0.89 * 256 * MI);
    await sim.clock.advance(5 * 60_000);
    const later = await memory();
    expect(later).toBeGreaterThan(0.93 * 256 * MI);
    expect(later).toBeLessThan(256 * MI);
    await sim.clock.advance(6 * 60_000);
    const status = pod().status.containerStatuses[0];
    expect(status.restartCount).toBe(1);
    expect(status.lastState.terminated).toMatchObject({
      reason: 'OOMKilled',
      exitCode: 137,
    });
    // restarted after the first back-off step: running again, memory low
    expect(status.state.running).toBeDefined();
    expect(await memory()).toBeLessThan(0.9 * 256 * MI);
    await sim.clock.advance(11 * 60_000);
    expect(pod().status.containerStatuses[0].restartCount).toBe(2);
    // 22 simulated minutes of the demo, one controller pass per second
  }, 60_000);
});

describe('usage figures', () => {
  it('print as metrics-server prints them', () => {
    expect(formatCpu(12_000_000)).toBe('12m');
    expect(formatCpu(250_000)).toBe('250u');
    expect(formatCpu(250_001)).toBe('250001n');
    expect(formatMemory(123456 * 1024)).toBe('123456Ki');
    expect(formatMemory(256 * MI)).toBe('256Mi');
    expect(formatMemory(1000)).toBe('1000');
  });

  it('climb to 90 % of the limit quickly, then creep below it', () => {
    const limit = 256 * MI;
    expect(leakedMemory(limit, 0, 660_000)).toBeCloseTo(0.6 * limit);
    expect(leakedMemory(limit, 15_000, 660_000)).toBeCloseTo(0.9 * limit);
    expect(leakedMemory(limit, 659_000, 660_000)).toBeLessThan(limit);
    expect(leakedMemory(limit, 659_000, 660_000)).toBeGreaterThan(0.99 * limit);
  });
});
