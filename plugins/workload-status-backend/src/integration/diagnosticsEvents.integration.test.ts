import type { EntityEventsResponse } from '@workload-status/backstage-plugin-workload-status-common';
import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { startHarness } from '../__testUtils__/simulatorHarness';

jest.setTimeout(60_000);

/**
 * GET .../events against the simulated cluster, which serves every event
 * through core/v1 and events.k8s.io/v1 (as an apiserver does) and
 * aggregates repeats into `count` as client-go's recorder does.
 */
describe('entity events from the watch cache', () => {
  let h: Awaited<ReturnType<typeof startHarness>>;
  const auth = mockCredentials.user.header('user:default/alice');
  const events = (name: string, query = '') =>
    request(h.backend.server)
      .get(
        `/api/workload-status/v1/entities/default/component/${name}/events${query}`,
      )
      .set('Authorization', auth);

  beforeAll(async () => {
    h = await startHarness(['checkout', 'web', 'edge-proxy']);
    await h.eventually(h.clusters, cs => cs.every(c => c.synced));
  });

  afterAll(async () => {
    await h?.stop();
  });

  it('lists a crash-looping pod’s events warnings first, each occurrence once', async () => {
    // let checkout crash a few times
    await h.follow('checkout', s => s.health === 'error', { stepMs: 5000 });
    for (let i = 0; i < 12; i++) await h.sim.clock.advance(5000);

    const cluster = h.sim.cluster('production');
    const backOffCount = () =>
      cluster
        .list('Event', 'shop')
        .filter(
          e =>
            e.reason === 'BackOff' &&
            String(e.involvedObject?.name).startsWith('checkout-'),
        )
        .reduce((n, e) => n + (e.count ?? 1), 0);
    expect(backOffCount()).toBeGreaterThanOrEqual(2);

    const res = await h.eventually(
      async () => (await events('checkout')).body as EntityEventsResponse,
      body =>
        body.items?.find(e => e.reason === 'BackOff')?.count === backOffCount(),
    );
    const items = res.items;
    expect(res.incomplete).toBeUndefined();
    // warnings first, then newest first within each type
    const firstNormal = items.findIndex(e => e.type === 'Normal');
    expect(firstNormal).toBeGreaterThan(0);
    expect(items.slice(firstNormal).every(e => e.type === 'Normal')).toBe(true);
    for (const group of [
      items.slice(0, firstNormal),
      items.slice(firstNormal),
    ]) {
      const times = group.map(e => e.lastSeen ?? '');
      expect(times).toEqual([...times].sort().reverse());
    }
    // both event APIs delivered every event, yet each appears once, and the
    // kubelet's repeats are one entry with their count (not doubled)
    const keys = items.map(e =>
      JSON.stringify([e.object, e.type, e.reason, e.message]),
    );
    expect(new Set(keys).size).toBe(keys.length);
    const backOff = items.filter(e => e.reason === 'BackOff');
    expect(backOff).toHaveLength(1);
    expect(backOff[0]).toMatchObject({
      cluster: 'production',
      type: 'Warning',
      object: {
        kind: 'Pod',
        namespace: 'shop',
        name: expect.stringMatching(/^checkout-/),
        container: 'app',
      },
      count: backOffCount(),
      source: 'kubelet',
    });
    expect(backOff[0].firstSeen! < backOff[0].lastSeen!).toBe(true);
    // the Deployment's own events are the entity's too
    expect(items.some(e => e.object.kind === 'Deployment')).toBe(true);
    // another entity's events are not
    expect(items.every(e => !e.object.name.startsWith('web'))).toBe(true);
  });

  it('filters by type and object', async () => {
    const warnings = (await events('checkout', '?type=Warning')).body
      .items as EntityEventsResponse['items'];
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings.every(e => e.type === 'Warning')).toBe(true);

    const ofDeployment = (
      await events('checkout', '?objectKind=Deployment&objectName=checkout')
    ).body.items as EntityEventsResponse['items'];
    expect(ofDeployment.length).toBeGreaterThan(0);
    expect(
      ofDeployment.every(
        e => e.object.kind === 'Deployment' && e.object.name === 'checkout',
      ),
    ).toBe(true);
  });

  it('answers 400 for a bad filter and 404 for an unknown entity', async () => {
    for (const query of [
      '?type=Error',
      '?objectKind=Pod%2F..',
      '?objectName=UPPER',
      '?type=Warning&type=Normal',
    ]) {
      const res = await events('checkout', query);
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
      expect(res.body.error.name).toBe('InputError');
    }
    expect((await events('nobody')).status).toBe(404);
  });

  it('says incomplete while a cluster is down, and serves what it has', async () => {
    const edge = h.sim.cluster('edge');
    const before = await h.eventually(
      async () => (await events('edge-proxy')).body as EntityEventsResponse,
      body => body.items?.length > 0 && !body.incomplete,
    );
    await edge.faults.set({ down: true });
    const during = await h.eventually(
      async () => (await events('edge-proxy')).body as EntityEventsResponse,
      body => body.incomplete === true,
    );
    expect(during.incomplete).toBe(true);
    // the cached events stay available
    expect(during.items.length).toBe(before.items.length);
    await edge.faults.clear();
    const after = await h.eventually(
      async () => (await events('edge-proxy')).body as EntityEventsResponse,
      body => body.incomplete === undefined,
      10_000,
    );
    expect(after.incomplete).toBeUndefined();
  });

  it('keeps events out of the status inputs', async () => {
    // an event about web's Deployment, and nothing else
    h.sim.cluster('production').apply({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'web.test', namespace: 'shop' },
      involvedObject: { kind: 'Deployment', namespace: 'shop', name: 'web' },
      reason: 'Probe',
      message: 'a note for the test',
      type: 'Normal',
      count: 1,
      firstTimestamp: h.sim.clock.now().toISOString(),
      lastTimestamp: h.sim.clock.now().toISOString(),
    } as any);
    const res = await h.eventually(
      async () => (await events('web')).body as EntityEventsResponse,
      body => body.items.some(e => e.reason === 'Probe'),
    );
    // matched by kind, namespace and name: the event names no uid
    expect(res.items.find(e => e.reason === 'Probe')).toMatchObject({
      object: { kind: 'Deployment', namespace: 'shop', name: 'web' },
    });
    // not in the status store (the EntityIndex and the dirty marking feed
    // on its changes only), so no entity is recomputed for an event
    const [production] = (await h.clusters()).filter(
      c => c.name === 'production',
    );
    expect(production.objects.Event).toBeUndefined();
    expect(production.objects.Pod).toBeGreaterThan(0);
  });
});
