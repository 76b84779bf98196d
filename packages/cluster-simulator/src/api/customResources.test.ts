import { startSimulator, Simulator } from '../simulator';

/** The Argo Rollouts and Knative Serving CRDs over HTTP, as a client of a real cluster sees them. */
jest.setTimeout(60_000);

describe('custom resources: Argo Rollouts and Knative Serving', () => {
  let sim: Simulator;
  const get = async (path: string, init: RequestInit = {}) => {
    const c = sim.cluster('production');
    return fetch(`${c.url}${path}`, {
      ...init,
      headers: {
        Authorization: `Bearer ${c.token}`,
        ...(init.headers ?? {}),
      },
    });
  };

  beforeAll(async () => {
    sim = await startSimulator({
      scenario: 'demo',
      clock: 'manual',
      token: 'crd-token',
    });
    await sim.clock.advance(30_000);
  });
  afterAll(async () => {
    await sim?.stop();
  });

  it('lists the groups and resources in discovery', async () => {
    const groups = await (await get('/apis')).json();
    const names = groups.groups.map((g: any) => g.name);
    expect(names).toEqual(
      expect.arrayContaining(['argoproj.io', 'serving.knative.dev']),
    );
    const argo = await (await get('/apis/argoproj.io/v1alpha1')).json();
    expect(argo.resources.map((r: any) => r.name)).toEqual([
      'rollouts',
      'rollouts/status',
      'rollouts/scale',
    ]);
    const knative = await (await get('/apis/serving.knative.dev/v1')).json();
    expect(
      knative.resources
        .filter((r: any) => !r.name.includes('/'))
        .map((r: any) => [r.name, r.kind, r.shortNames]),
    ).toEqual([
      ['services', 'Service', ['kservice', 'ksvc']],
      ['configurations', 'Configuration', ['config', 'cfg']],
      ['revisions', 'Revision', ['rev']],
      ['routes', 'Route', ['rt']],
    ]);
  });

  it('lists and gets them as custom resources (items keep apiVersion and kind)', async () => {
    const list = await (
      await get(
        '/apis/argoproj.io/v1alpha1/rollouts?labelSelector=backstage.io%2Fkubernetes-id%3Dpricing',
      )
    ).json();
    expect(list.kind).toBe('RolloutList');
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Rollout',
      status: { phase: 'Paused', currentStepIndex: 1 },
    });
    const revision = await (
      await get(
        '/apis/serving.knative.dev/v1/namespaces/data/revisions/previews-00001',
      )
    ).json();
    expect(revision).toMatchObject({
      apiVersion: 'serving.knative.dev/v1',
      kind: 'Revision',
      metadata: { labels: { 'serving.knative.dev/service': 'previews' } },
    });
    const missing = await get(
      '/apis/argoproj.io/v1alpha1/namespaces/shop/rollouts/nope',
    );
    expect(missing.status).toBe(404);
    expect((await missing.json()).message).toBe(
      'rollouts.argoproj.io "nope" not found',
    );
  });

  it('promotes a paused Rollout through its status subresource and streams the change', async () => {
    const base = '/apis/argoproj.io/v1alpha1/namespaces/shop/rollouts';
    const before = await (await get(`${base}/pricing`)).json();
    const watch = await get(
      `${base}?watch=true&resourceVersion=${before.metadata.resourceVersion}&timeoutSeconds=2`,
    );
    expect(watch.status).toBe(200);
    const patched = await get(`${base}/pricing/status`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/merge-patch+json' },
      body: JSON.stringify({ status: { pauseConditions: null } }),
    });
    expect(patched.status).toBe(200);
    expect((await patched.json()).status.pauseConditions).toBeUndefined();
    await sim.clock.advance(20_000);
    const events = (await watch.text())
      .trim()
      .split('\n')
      .map(line => JSON.parse(line));
    const steps = events.map(e => e.object.status.currentStepIndex);
    expect(events.every(e => e.type === 'MODIFIED')).toBe(true);
    expect(steps).toContain(2);
    expect(events[events.length - 1].object.status).toMatchObject({
      phase: 'Paused',
      currentStepIndex: 3,
      updatedReplicas: 3,
      pauseConditions: [{ reason: 'CanaryPauseStep' }],
    });
  });
});
