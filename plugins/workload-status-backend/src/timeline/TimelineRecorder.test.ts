import { mockServices } from '@backstage/backend-test-utils';
import type {
  EntityStatus,
  Health,
  WorkloadStatus,
} from '@workload-status/backstage-plugin-workload-status-common';
import { migratedDatabase } from './migratedDatabase';
import { REPLICA_LAG_MS, TimelineRecorder } from './TimelineRecorder';
import { TimelineRecord, TimelineStore } from './TimelineStore';
import { pluginTestDatabases } from '../__testUtils__/pluginTestDatabases';

const databases = pluginTestDatabases();
const REF = 'component:default/checkout';
const T0 = Date.UTC(2026, 11, 7, 10, 0, 0);

function workload(
  health: Health,
  lifecycle: string,
  extra: Partial<WorkloadStatus> = {},
): WorkloadStatus {
  return {
    cluster: 'prod',
    namespace: 'shop',
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    name: 'checkout',
    lifecycle,
    health,
    reasons:
      health === 'error'
        ? [
            {
              severity: 'warning',
              code: 'PodRestarting',
              message: 'restarting',
              object: { kind: 'Pod', name: 'checkout-1' },
            },
            {
              severity: 'error',
              code: 'CrashLoopBackOff',
              message:
                'Container app keeps crashing: Authorization: Bearer abcdefghijklmnopqrstuvwxyz0123456789',
              object: { kind: 'Pod', name: 'checkout-1' },
            },
          ]
        : [],
    components: {},
    pods: [],
    jobHistory: [],
    builds: [],
    ...extra,
  };
}

function status(
  workloads: WorkloadStatus[],
  extra: Partial<EntityStatus> = {},
): EntityStatus {
  const health = workloads[0]?.health ?? 'unknown';
  return {
    entityRef: REF,
    lifecycle: workloads[0]?.lifecycle ?? 'NotFound',
    health,
    reasons: workloads.flatMap(w => w.reasons),
    updatedAt: new Date(T0).toISOString(),
    clusters: [{ name: 'prod', reachable: true, stale: false }],
    workloads,
    ...extra,
  };
}

describe.each(databases.eachSupportedId())('TimelineRecorder on %s', id => {
  let store: TimelineStore;
  let now: number;
  let current: EntityStatus | undefined;

  const replica = () =>
    new TimelineRecorder({
      store,
      getStatus: () => current,
      logger: mockServices.logger.mock(),
      now: () => now,
    });
  const observe = async (r: TimelineRecorder, s: EntityStatus) => {
    current = s;
    r.statusChanged(REF);
    await r.settled();
  };
  const rows = async (): Promise<TimelineRecord[]> =>
    store.list({ entityRef: REF, limit: 100 });

  beforeEach(async () => {
    const knex = await databases.init(id);
    store = new TimelineStore(
      migratedDatabase(mockServices.database({ knex })),
    );
    now = T0;
    current = undefined;
  });

  it('records a change once per subject, whatever the number of replicas', async () => {
    const a = replica();
    const b = replica();
    await observe(a, status([workload('ok', 'Running')]));
    await observe(b, status([workload('ok', 'Running')]));
    expect(await rows()).toHaveLength(2); // the entity and its Deployment appeared

    now = T0 + 60_000;
    await observe(a, status([workload('error', 'Degraded')]));
    now = T0 + 61_000; // the other replica sees it a second later
    await observe(b, status([workload('error', 'Degraded')]));
    const all = await rows();
    expect(all).toHaveLength(4);
    const change = all.find(
      r => r.subjectKey !== 'entity' && r.to.health === 'error',
    )!;
    expect(change).toMatchObject({
      at: new Date(T0 + 60_000).toISOString(),
      from: { lifecycle: 'Running', health: 'ok' },
      to: { lifecycle: 'Degraded', health: 'error' },
      subject: {
        scope: 'workload',
        cluster: 'prod',
        kind: 'Deployment',
        namespace: 'shop',
        name: 'checkout',
      },
      reasonCodes: ['CrashLoopBackOff', 'PodRestarting'],
    });
    // the first message, redacted
    expect(change.message).toMatch(/^Container app keeps crashing/);
    expect(change.message).not.toContain('abcdefghijklmnop');
    // both replicas say since when
    for (const r of [a, b]) {
      expect(r.entitySince(REF, 'error')).toBe(change.at);
      expect(r.entitySince(REF, 'ok')).toBeUndefined();
    }
  });

  it('writes nothing behind a later change another replica recorded (a lagging replica)', async () => {
    const a = replica();
    const b = replica();
    await observe(a, status([workload('ok', 'Running')]));
    await observe(b, status([workload('ok', 'Running')]));
    now = T0 + 60_000;
    await observe(a, status([workload('error', 'Degraded')]));
    expect(await rows()).toHaveLength(4);
    // b saw a state at T0+50s that reaches the database only now
    now = T0 + 50_000;
    await observe(b, status([workload('progressing', 'Pending')]));
    now = T0 + 61_000;
    await observe(b, status([workload('error', 'Degraded')]));
    const all = await rows();
    expect(all).toHaveLength(4);
    expect(all.filter(r => r.to.health === 'progressing')).toEqual([]);
  });

  it('does not record gone a workload another replica has just seen and this one not yet (a lagging cache)', async () => {
    const a = replica();
    const b = replica();
    await observe(a, status([]));
    // a new Deployment: a's cache has it, b's watch has not delivered it
    now = T0 + 60_000;
    await observe(a, status([workload('ok', 'Running')]));
    expect(await rows()).toHaveLength(2);
    // b's first look at the entity: it reads the timeline, which has the
    // Deployment, while its own cache does not have it yet
    now = T0 + 62_000;
    await observe(b, status([]));
    now = T0 + 63_000;
    await observe(b, status([workload('ok', 'Running')]));
    const all = await rows();
    expect(all.filter(r => r.to.lifecycle === 'NotFound')).toEqual([]);
    expect(all).toHaveLength(2);

    // once b has seen it, its leaving is b's to record too
    now = T0 + 70_000;
    await observe(b, status([]));
    expect(
      (await rows()).filter(
        r => r.subjectKey !== 'entity' && r.to.lifecycle === 'NotFound',
      ),
    ).toHaveLength(1);
  });

  it('records gone what a restarted replica no longer finds, when its row is older than a lagging cache', async () => {
    const a = replica();
    await observe(a, status([workload('ok', 'Running')]));
    // a new backend, its caches read after the Deployment was deleted
    now = T0 + REPLICA_LAG_MS + 1_000;
    const restarted = replica();
    await observe(restarted, status([]));
    const gone = (await rows()).filter(
      r => r.subjectKey !== 'entity' && r.to.lifecycle === 'NotFound',
    );
    expect(gone).toHaveLength(1);
    expect(gone[0].at).toBe(new Date(now).toISOString());
  });

  it('keeps since across lifecycle changes of the same health, and across a restart', async () => {
    const a = replica();
    await observe(a, status([workload('ok', 'Running')]));
    now = T0 + 60_000;
    await observe(a, status([workload('error', 'Degraded')]));
    now = T0 + 120_000;
    await observe(a, status([workload('error', 'Failed')]));
    expect(await rows()).toHaveLength(6);
    const since = new Date(T0 + 60_000).toISOString();
    expect(a.workloadSince(REF, 'prod/Deployment/shop/checkout', 'error')).toBe(
      since,
    );

    // a new backend on the same database: nothing new, the same since
    const restarted = replica();
    expect(restarted.entitySince(REF, 'error')).toBeUndefined(); // starts the read
    await restarted.settled();
    expect(restarted.entitySince(REF, 'error')).toBe(since);
    await observe(restarted, status([workload('error', 'Failed')]));
    expect(await rows()).toHaveLength(6);
  });

  it('leaves out startup artefacts and workloads of clusters it cannot see', async () => {
    const a = replica();
    await observe(a, status([workload('error', 'Degraded')]));
    expect(await rows()).toHaveLength(2);
    // the cluster goes away: the workload is not gone, only unseen
    await observe(
      a,
      status([], {
        lifecycle: 'Exception',
        health: 'unknown',
        clusters: [{ name: 'prod', reachable: false, stale: true }],
        reasons: [
          {
            severity: 'warning',
            code: 'ClusterNotSynced',
            message: 'not read yet',
            object: { kind: 'Cluster', name: 'prod', cluster: 'prod' },
          },
        ],
      }),
    );
    expect(await rows()).toHaveLength(2);
    // read again, the Deployment is gone for real
    now = T0 + 60_000;
    await observe(a, status([]));
    const all = await rows();
    expect(all).toHaveLength(4);
    expect(
      all.find(r => r.subjectKey !== 'entity' && r.to.lifecycle === 'NotFound'),
    ).toMatchObject({ from: { health: 'error' }, to: { health: 'unknown' } });
  });

  it('prunes by age and by rows per subject', async () => {
    const a = replica();
    for (let i = 0; i < 6; i++) {
      now = T0 + i * 60_000;
      await observe(
        a,
        status([
          workload(i % 2 ? 'error' : 'ok', i % 2 ? 'Degraded' : 'Running'),
        ]),
      );
    }
    expect(await rows()).toHaveLength(12);
    expect(
      await store.prune({
        before: new Date(T0 + 60_000).toISOString(),
        maxRowsPerSubject: 3,
      }),
    ).toBe(6);
    const kept = await rows();
    expect(kept).toHaveLength(6);
    expect(
      kept.every(r => r.at >= new Date(T0 + 3 * 60_000).toISOString()),
    ).toBe(true);
  });
});
