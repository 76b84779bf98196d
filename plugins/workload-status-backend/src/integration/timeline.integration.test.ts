import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type {
  EntityEventsResponse,
  EntityStatus,
  EntityTimelineResponse,
} from '@workload-status/backstage-plugin-workload-status-common';
import request from 'supertest';
import { startHarness } from '../__testUtils__/simulatorHarness';
import { persistenceDatabases } from '../__testUtils__/timelineDatabases';

jest.setTimeout(120_000);

const databases = persistenceDatabases();

afterAll(() => databases.close());

/**
 * The timeline and the events kept past their life in the cluster, against
 * the simulated cluster: checkout crash-loops; its Events are deleted from
 * the cluster through the API (as Kubernetes does after an hour); then the
 * backend restarts on the same database.
 */
describe.each(databases.ids)('timeline and expired events on %s', id => {
  let h: Awaited<ReturnType<typeof startHarness>>;
  const auth = mockCredentials.user.header('user:default/alice');
  const entityPath = '/api/workload-status/v1/entities/default/component';
  const timeline = async (query = '') =>
    (
      await request(h.backend.server)
        .get(`${entityPath}/checkout/timeline${query}`)
        .set('Authorization', auth)
    ).body as EntityTimelineResponse;
  const events = async () =>
    (
      await request(h.backend.server)
        .get(`${entityPath}/checkout/events`)
        .set('Authorization', auth)
    ).body as EntityEventsResponse;
  const cluster = () => h.sim.cluster('production');
  const checkoutEvents = () =>
    cluster()
      .list('Event', 'shop')
      .filter(e => String(e.involvedObject?.name).startsWith('checkout'));

  /** Deletes Events through the API, as the apiserver's TTL does. */
  const deleteEvents = async (names: string[]) => {
    const { url, token } = h.sim.clusters.find(c => c.name === 'production')!;
    for (const name of names) {
      const res = await fetch(
        `${url}/api/v1/namespaces/shop/events/${encodeURIComponent(name)}`,
        { method: 'DELETE', headers: { authorization: `Bearer ${token}` } },
      );
      expect(res.status).toBe(200);
    }
  };

  let errorEntry: EntityTimelineResponse['items'][number];
  let deletedUids: string[];
  let sinceBefore: string | undefined;

  beforeAll(async () => {
    const knex = await databases.open(id);
    h = await startHarness(
      ['checkout'],
      {},
      {
        features: [mockServices.database.factory({ knex })],
      },
    );
    await h.eventually(h.clusters, cs => cs.every(c => c.synced));
    await h.follow('checkout', s => s.health === 'error', { stepMs: 5000 });
    for (let i = 0; i < 6; i++) await h.sim.clock.advance(5000);
  });

  afterAll(async () => {
    await h?.stop();
  });

  it('records the turn to error with its reason, once', async () => {
    const isTurnToError = (e: EntityTimelineResponse['items'][number]) =>
      e.subject.scope === 'workload' &&
      e.subject.kind === 'Deployment' &&
      e.subject.name === 'checkout' &&
      e.to.health === 'error';
    const body = await h.eventually(
      () => timeline(),
      b =>
        !!b.items?.some(
          e => isTurnToError(e) && e.reasonCodes.includes('CrashLoopBackOff'),
        ),
      15_000,
    );
    const toError = body.items.filter(isTurnToError);
    // a crash loop flaps between error (backing off) and warning
    // (restarting): each turn is one entry, none twice
    expect(toError.length).toBeGreaterThanOrEqual(1);
    expect(new Set(body.items.map(e => e.id)).size).toBe(body.items.length);
    errorEntry = toError.find(e => e.reasonCodes.includes('CrashLoopBackOff'))!;
    expect(errorEntry).toMatchObject({
      subject: {
        cluster: 'production',
        namespace: 'shop',
        kind: 'Deployment',
      },
      to: { health: 'error' },
    });
    expect(errorEntry.reasonCodes).toContain('CrashLoopBackOff');
    expect(errorEntry.message).toEqual(expect.any(String));
    // the entity's own change too, newest first
    expect(
      body.items.some(
        e => e.subject.scope === 'entity' && e.to.health === 'error',
      ),
    ).toBe(true);
    const times = body.items.map(e => e.at);
    expect(times).toEqual([...times].sort().reverse());
    // bounded and filtered by the query
    expect((await timeline('?limit=1')).items).toHaveLength(1);
    expect(
      (await timeline(`?since=${encodeURIComponent('2999-01-01T00:00:00Z')}`))
        .items,
    ).toEqual([]);
    const bad = await request(h.backend.server)
      .get(`${entityPath}/checkout/timeline?limit=0`)
      .set('Authorization', auth);
    expect(bad.status).toBe(400);
  });

  it('says since when the status has been red', async () => {
    const status: EntityStatus = await h
      // the entity's and the workload's rows are written one after the
      // other: wait for both
      .follow(
        'checkout',
        s =>
          s.health === 'error' &&
          !!s.since &&
          !!s.workloads.find(w => w.name === 'checkout')?.since,
        {
          stepMs: 1000,
          maxMs: 60_000,
        },
      )
      .then(seen => seen.at(-1)!);
    sinceBefore = status.since;
    // the time of the latest turn to error the timeline holds
    const { items } = await timeline();
    const turn = items.find(
      e =>
        e.subject.scope === 'entity' &&
        e.to.health === 'error' &&
        e.from?.health !== 'error',
    )!;
    expect(sinceBefore).toBe(turn.at);
    const deployment = status.workloads.find(w => w.name === 'checkout')!;
    expect(deployment.since).toEqual(expect.any(String));
  });

  it('answers events the cluster deleted, marked expired', async () => {
    const live = await h.eventually(
      () => events(),
      b => !!b.items?.some(e => e.reason === 'BackOff'),
    );
    expect(live.items.every(e => !e.expired)).toBe(true);
    // the writes are batched: let one batch pass
    await new Promise(r => setTimeout(r, 2500));
    const inCluster = checkoutEvents();
    expect(inCluster.length).toBeGreaterThan(0);
    deletedUids = inCluster.map(e => e.metadata.uid as string);
    await deleteEvents(inCluster.map(e => e.metadata.name as string));
    expect(checkoutEvents()).toEqual([]);

    const after = await h.eventually(
      () => events(),
      b =>
        !!b.items?.length &&
        b.items.every(e => e.expired) &&
        b.items.some(e => e.reason === 'BackOff'),
    );
    const backOff = after.items.find(e => e.reason === 'BackOff')!;
    expect(backOff).toMatchObject({
      expired: true,
      type: 'Warning',
      cluster: 'production',
      object: { kind: 'Pod', namespace: 'shop' },
      lastSeen: expect.any(String),
    });
  });

  it('keeps the timeline and the expired events across a restart', async () => {
    const before = await timeline();
    await h.restartBackend();
    await h.eventually(h.clusters, cs => cs.every(c => c.synced));
    // the new backend sees the same (unchanged) cluster: nothing new to record
    const after = await h.eventually(
      () => timeline(),
      b => (b.items?.length ?? 0) >= before.items.length,
    );
    expect(after.items.map(e => e.id)).toEqual(before.items.map(e => e.id));
    const status = await h.eventually(
      () => h.status('checkout'),
      s => s.health === 'error' && !!s.since,
    );
    expect(status.since).toBe(sinceBefore);

    const kept = await h.eventually(
      () => events(),
      b => !!b.items?.some(e => e.reason === 'BackOff'),
    );
    const backOff = kept.items.find(e => e.reason === 'BackOff')!;
    expect(backOff.expired).toBe(true);
    expect(deletedUids.length).toBeGreaterThan(0);
  });
});
