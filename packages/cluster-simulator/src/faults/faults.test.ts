/** Every fault switch, seen from the client side (@kubernetes/client-node and raw HTTP). */
import * as k8s from '@kubernetes/client-node';
import { startSimulator, Simulator } from '../simulator';
import { Scenario } from '../scenarios/scenario';

const SCENARIO: Scenario = {
  name: 'faults',
  clusters: [
    {
      name: 'one',
      nodes: 1,
      objects: [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' } },
          spec: {
            replicas: 1,
            selector: { matchLabels: { app: 'web' } },
            template: {
              metadata: { labels: { app: 'web' } },
              spec: { containers: [{ name: 'web', image: 'web:1.0.0' }] },
            },
          },
        },
      ],
    },
  ],
};

describe('faults', () => {
  let sim: Simulator;
  let kc: k8s.KubeConfig;
  const token = 'fault-token';

  beforeEach(async () => {
    sim = await startSimulator({
      scenario: SCENARIO,
      clock: 'manual',
      token,
      adminPort: 0,
      bookmarkIntervalMs: 50,
    });
    kc = new k8s.KubeConfig();
    kc.loadFromOptions({
      clusters: [
        { name: 'one', server: sim.cluster('one').url, skipTLSVerify: true },
      ],
      users: [{ name: 'u', token }],
      contexts: [{ name: 'c', cluster: 'one', user: 'u' }],
      currentContext: 'c',
    });
  });
  afterEach(() => sim.stop());

  const core = () => kc.makeApiClient(k8s.CoreV1Api);
  const url = () => sim.cluster('one').url;
  const get = (path: string) =>
    fetch(`${url()}${path}`, { headers: { Authorization: `Bearer ${token}` } });

  /** Opens a watch; resolves with what happened when it ended or after `ms`. */
  function watchFor(path: string, query: Record<string, string>, ms: number) {
    const events: Array<{ type: string; obj: any }> = [];
    return new Promise<{
      events: typeof events;
      ended: boolean;
      error: unknown;
    }>(resolve => {
      let ctrl: AbortController | undefined;
      const timer = setTimeout(() => {
        ctrl?.abort();
        resolve({ events, ended: false, error: undefined });
      }, ms);
      new k8s.Watch(kc)
        .watch(
          path,
          query,
          (type, obj) => events.push({ type, obj }),
          err => {
            clearTimeout(timer);
            resolve({ events, ended: true, error: err });
          },
        )
        .then(c => (ctrl = c));
    });
  }

  it('adds latency to every request', async () => {
    await sim.cluster('one').faults.set({ latencyMs: 300 });
    const t = Date.now();
    await core().listNamespacedPod({ namespace: 'shop' });
    expect(Date.now() - t).toBeGreaterThanOrEqual(290);
  });

  it.each([500, 429, 403] as const)(
    'answers %i at error rate 1 with a Status object',
    async code => {
      await sim.cluster('one').faults.set({ errorRate: 1, errorStatus: code });
      await expect(
        core().listNamespacedPod({ namespace: 'shop' }),
      ).rejects.toMatchObject({ code });
      const res = await get('/api/v1/pods');
      const body = await res.json();
      expect(body).toMatchObject({
        kind: 'Status',
        code,
        reason: {
          500: 'InternalError',
          429: 'TooManyRequests',
          403: 'Forbidden',
        }[code],
      });
      await sim.cluster('one').faults.clear();
      await expect(
        core().listNamespacedPod({ namespace: 'shop' }),
      ).resolves.toBeDefined();
    },
  );

  it('tells a throttled client when to retry', async () => {
    await sim.cluster('one').faults.set({ errorRate: 1, errorStatus: 429 });
    expect((await get('/api/v1/pods')).headers.get('retry-after')).toBe('1');
  });

  it('drops watch connections after a delay', async () => {
    await sim.cluster('one').faults.set({ dropWatchesAfterMs: 100 });
    const result = await watchFor('/api/v1/pods', {}, 3000);
    expect(result.ended).toBe(true);
    expect(result.events.length).toBeGreaterThan(0); // the initial ADDED events came first
  });

  it('drops every open watch on demand', async () => {
    const pending = watchFor('/api/v1/pods', {}, 3000);
    await new Promise(r => setTimeout(r, 100));
    sim.cluster('one').faults.dropWatches();
    const result = await pending;
    expect(result.ended).toBe(true);
  });

  it('answers watches from a resourceVersion with 410 Expired while expireWatches is on', async () => {
    const list = await core().listNamespacedPod({ namespace: 'shop' });
    await sim.cluster('one').faults.set({ expireWatches: true });
    const result = await watchFor(
      '/api/v1/namespaces/shop/pods',
      { resourceVersion: list.metadata!.resourceVersion! },
      3000,
    );
    expect(result.events[0]).toMatchObject({
      type: 'ERROR',
      obj: { code: 410, reason: 'Expired' },
    });
    expect(result.ended).toBe(true);
  });

  it('expires open watches on demand (in-stream 410) and forgets older versions', async () => {
    const list = await core().listNamespacedPod({ namespace: 'shop' });
    const pending = watchFor(
      '/api/v1/namespaces/shop/pods',
      { resourceVersion: list.metadata!.resourceVersion! },
      3000,
    );
    await new Promise(r => setTimeout(r, 100));
    sim.cluster('one').faults.expireWatches();
    const result = await pending;
    expect(result.events.map(e => e.type)).toEqual(['ERROR']);
    const again = await watchFor(
      '/api/v1/namespaces/shop/pods',
      { resourceVersion: list.metadata!.resourceVersion! },
      3000,
    );
    expect(again.events[0].obj.code).toBe(410);
  });

  it('stalls streams: the connection stays open, nothing arrives, then it all arrives late', async () => {
    const list = await core().listNamespacedPod({ namespace: 'shop' });
    await sim.cluster('one').faults.set({ stallStreams: true });
    const seen: Array<{ type: string; name: string }> = [];
    const ctrl = await new k8s.Watch(kc).watch(
      '/api/v1/namespaces/shop/pods',
      {
        resourceVersion: list.metadata!.resourceVersion!,
        allowWatchBookmarks: 'true',
      },
      (type, obj) => seen.push({ type, name: obj?.metadata?.name }),
      () => undefined,
    );
    sim
      .cluster('one')
      .setImage('Deployment', 'shop', 'web', 'web', 'web:2.0.0');
    await sim.clock.advance(5000);
    await new Promise(r => setTimeout(r, 700));
    expect(seen).toEqual([]);
    await sim.cluster('one').faults.clear();
    // the same connection delivers what it held, like a stalled TCP stream
    const deadline = Date.now() + 2000;
    while (!seen.some(e => e.type === 'ADDED') && Date.now() < deadline) {
      await new Promise(r => setTimeout(r, 25));
    }
    ctrl.abort();
    expect(seen.some(e => e.type === 'ADDED')).toBe(true);
  });

  it('silences the watches of one resource type only (silentWatches)', async () => {
    await sim.cluster('one').faults.set({ silentWatches: ['pods'] });
    const pods = await core().listNamespacedPod({ namespace: 'shop' });
    const rv = pods.metadata!.resourceVersion!;
    const watched = (path: string) =>
      watchFor(path, { resourceVersion: rv, allowWatchBookmarks: 'true' }, 700);
    const silent = watched('/api/v1/namespaces/shop/pods');
    const talking = watched('/apis/apps/v1/namespaces/shop/deployments');
    sim
      .cluster('one')
      .setImage('Deployment', 'shop', 'web', 'web', 'web:2.0.0');
    await sim.clock.advance(5000);
    const [p, d] = await Promise.all([silent, talking]);
    // no events, no bookmarks on pods; the deployments watch and LISTs work
    expect(p).toMatchObject({ ended: false, events: [] });
    expect(d.events.map(e => e.type)).toContain('MODIFIED');
    expect(d.events.map(e => e.type)).toContain('BOOKMARK');
    expect(pods.items.length).toBeGreaterThan(0);
    await expect(
      sim.cluster('one').faults.set({ silentWatches: 'pods' as any }),
    ).rejects.toThrow(/silentWatches must be a list/);
  });

  it('restart cuts every watch and resets the resourceVersion window', async () => {
    const list = await core().listNamespacedPod({ namespace: 'shop' });
    const pending = watchFor(
      '/api/v1/namespaces/shop/pods',
      { resourceVersion: list.metadata!.resourceVersion! },
      3000,
    );
    await new Promise(r => setTimeout(r, 100));
    sim.cluster('one').restart();
    expect((await pending).ended).toBe(true);
    await sim.clock.advance(1000);
    const after = await watchFor(
      '/api/v1/namespaces/shop/pods',
      { resourceVersion: list.metadata!.resourceVersion! },
      3000,
    );
    expect(after.events[0]).toMatchObject({
      type: 'ERROR',
      obj: { code: 410 },
    });
    const relist = await core().listNamespacedPod({ namespace: 'shop' });
    expect(Number(relist.metadata!.resourceVersion)).toBeGreaterThan(
      Number(list.metadata!.resourceVersion),
    );
  });

  it('goes down (connection refused) and comes back on the same port', async () => {
    const before = url();
    const pending = watchFor('/api/v1/pods', {}, 3000);
    await new Promise(r => setTimeout(r, 100));
    await sim.cluster('one').faults.set({ down: true });
    expect((await pending).ended).toBe(true);
    expect(sim.clusters[0].down).toBe(true);
    await expect(fetch(`${before}/version`)).rejects.toMatchObject({
      cause: { code: 'ECONNREFUSED' },
    });
    await sim.cluster('one').faults.set({ down: false });
    expect(url()).toBe(before);
    expect((await get('/version')).status).toBe(200);
  });

  it('serves several clusters, each on its own port and token', async () => {
    const two = await startSimulator({
      scenario: {
        name: 'two',
        clusters: [
          { name: 'a', nodes: 1 },
          { name: 'b', nodes: 1 },
        ],
      },
      clock: 'manual',
      token: 'shared',
      tokens: { b: 'only-b' },
    });
    try {
      const [a, b] = two.clusters;
      expect(a.url).not.toBe(b.url);
      expect(b.token).toBe('only-b');
      const status = (u: string, t: string) =>
        fetch(`${u}/api/v1/nodes`, {
          headers: { Authorization: `Bearer ${t}` },
        }).then(r => r.status);
      expect(await status(a.url, 'shared')).toBe(200);
      expect(await status(b.url, 'shared')).toBe(401);
      expect(await status(b.url, 'only-b')).toBe(200);
    } finally {
      await two.stop();
    }
  });

  it('switches faults at run time through the admin endpoint', async () => {
    const admin = (method: string, path: string, body?: unknown) =>
      fetch(`${sim.adminUrl}${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': 'application/json',
        },
        body: body ? JSON.stringify(body) : undefined,
      });
    expect((await admin('GET', '/clusters')).status).toBe(200);
    const set = await admin('PATCH', '/clusters/one/faults', {
      errorRate: 1,
      errorStatus: 429,
    });
    expect(await set.json()).toMatchObject({ errorRate: 1, errorStatus: 429 });
    expect((await get('/api/v1/pods')).status).toBe(429);
    expect(
      (await admin('PATCH', '/clusters/one/faults', { bogus: true })).status,
    ).toBe(400);
    await admin('DELETE', '/clusters/one/faults');
    expect((await get('/api/v1/pods')).status).toBe(200);
    const advanced = await admin('POST', '/clock/advance', { ms: 5000 });
    expect((await advanced.json()).now).toBe('2026-01-15T10:00:05.000Z');
    const state = await (await admin('GET', '/clusters/one/state')).json();
    expect(
      state.objects.some(
        (o: any) => o.kind === 'Pod' && o.status?.phase === 'Running',
      ),
    ).toBe(true);
    expect((await fetch(`${sim.adminUrl}/clusters`)).status).toBe(401);
  });
});
