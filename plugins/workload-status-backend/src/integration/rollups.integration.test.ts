import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { startSimulator, Simulator } from '@internal/cluster-simulator';
import {
  emptyHealthCounts,
  EntityRollup,
  HEALTH_ORDER,
  rollupLifecycle,
  worstHealth,
} from '@workload-status/backstage-plugin-workload-status-common';
import request from 'supertest';
import { workloadStatusPlugin } from '../plugin';
import { workloadStatusClockServiceRef } from '../status/clockServiceRef';
import { permissionBackend } from '../__testUtils__/permissionBackend';
import { signalsRecorder } from '../__testUtils__/signalsRecorder';
import {
  SCENARIO,
  simulatorKubernetesConfig,
} from '../__testUtils__/simulatorHarness';

jest.setTimeout(60_000);

const CATALOG = resolvePackagePath(
  '@workload-status/backstage-plugin-workload-status-backend',
  'src/integration/fixtures/rollup-catalog.yaml',
);

/*
 * System and Group rollups over HTTP, against the simulated cluster, the
 * real catalog (fixtures/rollup-catalog.yaml) and the real permission
 * backend: the System shop holds web, checkout and recommendations;
 * team-shop is the parent of team-web (checkout) and team-billing
 * (recommendations, reports).
 */
describe('rollups against the simulated cluster and the real catalog', () => {
  const permissions = permissionBackend({ catalogFiles: [CATALOG] });
  const signals = signalsRecorder();
  let sim: Simulator;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;

  beforeAll(async () => {
    sim = await startSimulator({
      scenario: SCENARIO,
      clock: 'manual',
      token: 'rollups-token',
    });
    backend = await startTestBackend({
      features: [
        workloadStatusPlugin,
        ...permissions.features,
        mockServices.rootConfig.factory({
          data: {
            ...permissions.config,
            kubernetes: simulatorKubernetesConfig(sim),
            workloadStatus: { signalDebounce: '10ms' },
          },
        }),
        signals.factory,
        createServiceFactory({
          service: workloadStatusClockServiceRef,
          deps: {},
          factory: () => ({ now: () => sim.clock.now().getTime() }),
        }),
      ],
    });
    await permissions.waitForCatalog(backend.server);
    const deadline = Date.now() + 20_000;
    for (;;) {
      const res = await request(backend.server)
        .get('/api/workload-status/v1/clusters')
        .set('Authorization', mockCredentials.service.header());
      if (res.body.items?.every((c: any) => c.synced)) break;
      if (Date.now() > deadline) throw new Error('clusters never synced');
      await new Promise(r => setTimeout(r, 50));
    }
  });

  afterAll(async () => {
    await backend?.stop();
    await sim?.stop();
  });

  beforeEach(() => permissions.setMode('allow'));

  const callers = {
    alice: mockCredentials.user.header('user:default/alice'),
    bob: mockCredentials.user.header('user:default/bob'),
    service: mockCredentials.service.header(),
  };
  const get = (who: keyof typeof callers, path: string) =>
    request(backend.server)
      .get(`/api/workload-status${path}`)
      .set('Authorization', callers[who]);
  const summaries = (who: keyof typeof callers, entityRefs: string[]) =>
    request(backend.server)
      .post('/api/workload-status/v1/summaries')
      .set('Authorization', callers[who])
      .send({ entityRefs });

  /** The members' own statuses, as the status route answers them. */
  async function memberHealths(names: string[]) {
    const healths = new Map<string, string>();
    for (const name of names) {
      const res = await get(
        'service',
        `/v1/entities/default/component/${name}/status`,
      );
      expect(res.status).toBe(200);
      healths.set(`component:default/${name}`, res.body.health);
    }
    return healths;
  }

  function expectRollupOf(rollup: EntityRollup, healths: Map<string, string>) {
    const counts = emptyHealthCounts();
    for (const h of healths.values()) counts[h as keyof typeof counts]++;
    expect(rollup.counts).toEqual(counts);
    expect(rollup.health).toBe(worstHealth([...healths.values()] as any));
    expect(rollup.members.map(m => m.entityRef).sort()).toEqual(
      [...healths.keys()].sort(),
    );
  }

  /** Until the rollup's members are all read (the catalog is read at start). */
  async function rollupOf(path: string, size: number): Promise<EntityRollup> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const res = await get('service', path);
      expect(res.status).toBe(200);
      if (res.body.members.length === size) return res.body;
      if (Date.now() > deadline) {
        throw new Error(`${path}: ${JSON.stringify(res.body).slice(0, 400)}`);
      }
      await new Promise(r => setTimeout(r, 100));
    }
  }

  it("answers a System's rollup: worst health, counts, members worst first", async () => {
    const rollup = await rollupOf('/v1/entities/default/system/shop/status', 3);
    const healths = await memberHealths(['web', 'checkout', 'recommendations']);
    expect(rollup).toMatchObject({
      entityRef: 'system:default/shop',
      kind: 'system',
    });
    expectRollupOf(rollup, healths);
    expect(rollup.lifecycle).toBe(rollupLifecycle(rollup.health, 3));
    const ranks = rollup.members.map(m => HEALTH_ORDER.indexOf(m.health));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(rollup.members[0].health).toBe(rollup.health);
  });

  it("rolls a child group's entities into its parent group", async () => {
    const parent = await rollupOf(
      '/v1/entities/default/group/team-shop/status',
      3,
    );
    expect(parent.kind).toBe('group');
    expectRollupOf(
      parent,
      await memberHealths(['checkout', 'recommendations', 'reports']),
    );
    const child = await rollupOf(
      '/v1/entities/default/group/team-billing/status',
      2,
    );
    expectRollupOf(child, await memberHealths(['recommendations', 'reports']));
  });

  it('serves rollups in the summaries batch, beside entities', async () => {
    const shopRollup = await rollupOf(
      '/v1/entities/default/system/shop/status',
      3,
    );
    const res = await summaries('service', [
      'component:default/web',
      'system:default/shop',
      'group:default/team-web',
    ]);
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: any) => i.entityRef)).toEqual([
      'component:default/web',
      'system:default/shop',
      'group:default/team-web',
    ]);
    const [, shop, teamWeb] = res.body.items;
    expect(shop).toMatchObject({
      health: shopRollup.health,
      lifecycle: shopRollup.lifecycle,
      counts: shopRollup.counts,
    });
    // the worst member's top reason, named
    const worst = shopRollup.members[0];
    const worstReason = worst.reasons[0]
      ? `${worst.entityRef}: ${worst.reasons[0].message}`
      : undefined;
    expect(shop.reasons[0]?.message).toBe(worstReason);
    const [checkout] = (await memberHealths(['checkout'])).values();
    expect(teamWeb).toMatchObject({
      health: checkout,
      counts: { ...emptyHealthCounts(), [checkout]: 1 },
    });
  });

  it('counts only the members the caller may read', async () => {
    await rollupOf('/v1/entities/default/system/shop/status', 3);
    permissions.setMode('owner');
    // alice owns the System, web, and checkout through team-web; not recommendations
    const res = await get('alice', '/v1/entities/default/system/shop/status');
    expect(res.status).toBe(200);
    expect(res.body.members.map((m: any) => m.entityRef).sort()).toEqual([
      'component:default/checkout',
      'component:default/web',
    ]);
    const total = Object.values(
      res.body.counts as Record<string, number>,
    ).reduce((a, b) => a + b, 0);
    expect(total).toBe(2);

    const [shop] = (await summaries('alice', ['system:default/shop'])).body
      .items;
    expect(
      Object.values(shop.counts as Record<string, number>).reduce(
        (a, b) => a + b,
        0,
      ),
    ).toBe(2);

    // bob does not own the System: refused, and left out of summaries
    const refused = await get('bob', '/v1/entities/default/system/shop/status');
    expect(refused.status).toBe(403);
    expect(
      (await summaries('bob', ['system:default/shop'])).body.items,
    ).toEqual([]);
  });

  it("publishes a signal for the System when a member's status changes", async () => {
    await rollupOf('/v1/entities/default/system/shop/status', 3);
    const before = signals.published.length;
    sim
      .cluster('production')
      .setImage(
        'Deployment',
        'shop',
        'web',
        'web',
        'registry.example.com/shop/web:2.0.0',
      );
    const deadline = Date.now() + 20_000;
    const forShop = () =>
      signals.published
        .slice(before)
        .some(s => (s.message as any)?.entityRef === 'system:default/shop');
    while (!forShop()) {
      if (Date.now() > deadline) throw new Error('no signal for the System');
      // status changes are computed on reads and on the pipeline's own turn
      await get('service', '/v1/entities/default/component/web/status');
      await new Promise(r => setTimeout(r, 100));
    }
    expect(forShop()).toBe(true);
  });
});
