import { mockServices } from '@backstage/backend-test-utils';
import { BASE_KINDS } from '@workload-status/backstage-plugin-workload-status-common';
import type {
  ClusterCache,
  ClusterHealth,
  StaleResourceType,
} from '../cache/ClusterCache';
import { ObjectStore } from '../cache/ObjectStore';
import { EntityIndex } from '../matching/EntityIndex';
import { EntityMatcher } from '../matching/EntityMatcher';
import { EntityStatusService } from './EntityStatusService';

const NOW = Date.parse('2026-01-15T10:00:00Z');
const t = (s: number) => new Date(NOW - s * 1000).toISOString();

const deployment = (name: string, rv: string, ready: number) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name,
    namespace: 'shop',
    uid: `uid-${name}`,
    resourceVersion: rv,
    generation: 1,
    creationTimestamp: t(3600),
    labels: { 'backstage.io/kubernetes-id': name },
  },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: name } },
    template: { spec: { containers: [{ name: 'app', image: 'x:1' }] } },
  },
  status: {
    observedGeneration: 1,
    replicas: 2,
    updatedReplicas: 2,
    readyReplicas: ready,
    availableReplicas: ready,
    conditions: [
      {
        type: 'Available',
        status: ready === 2 ? 'True' : 'False',
        lastTransitionTime: t(3000),
      },
    ],
  },
});

/** A cluster as the status service sees it: a store and a health. */
function fakeCluster(name: string, health: Partial<ClusterHealth>) {
  const store = new ObjectStore();
  const h: ClusterHealth = {
    name,
    synced: true,
    reachable: true,
    stale: false,
    objects: {},
    resources: [],
    lastSyncAt: t(1),
    ...health,
  };
  const staleTypes: StaleResourceType[] = [];
  return {
    store,
    health: () => h,
    set: (next: Partial<ClusterHealth>) => Object.assign(h, next),
    staleResourceTypes: () => staleTypes,
    /** resource types whose watch is silent or failing */
    setStaleTypes: (next: StaleResourceType[]) =>
      staleTypes.splice(0, staleTypes.length, ...next),
  };
}

function setup() {
  const index = new EntityIndex();
  const prod = fakeCluster('prod', {});
  const edge = fakeCluster('edge', {});
  const clusters = new Map([
    ['prod', prod as unknown as ClusterCache],
    ['edge', edge as unknown as ClusterCache],
  ]);
  let now = NOW;
  const service = new EntityStatusService({
    index,
    clusters: () => clusters,
    kinds: BASE_KINDS,
    logger: mockServices.logger.mock(),
    now: () => now,
  });
  for (const [name, c] of [
    ['prod', prod],
    ['edge', edge],
  ] as const) {
    index.addCluster(name, c.store);
    c.store.onChange(({ previous, next }) =>
      service.markDirty(index.applyChange(name, previous, next)),
    );
  }
  const matcher = new EntityMatcher('multiTenant');
  const addEntity = (name: string, cluster?: string) =>
    index.setEntity(
      matcher.match({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name,
          namespace: 'default',
          annotations: {
            'backstage.io/kubernetes-id': name,
            ...(cluster ? { 'backstage.io/kubernetes-cluster': cluster } : {}),
          },
        },
      }),
    );
  return { service, prod, edge, addEntity, tick: (ms: number) => (now += ms) };
}

describe('EntityStatusService', () => {
  it("adds the reason sources' entity reasons per cluster, without changing health", () => {
    const { service, prod, addEntity } = setup();
    addEntity('web');
    prod.store.upsert(deployment('web', '1', 2));
    const seen: Array<[string, string, string[]]> = [];
    service.addReasonSource((entityRef, cluster, objects) => {
      seen.push([
        entityRef,
        cluster,
        objects.map(o => `${o.kind}/${o.metadata?.name}`),
      ]);
      return objects.length
        ? [
            {
              severity: 'warning',
              code: 'NamespaceNotOwned',
              message: `Namespace shop of cluster ${cluster}: not owned`,
              object: { kind: 'Namespace', name: 'shop', cluster },
            },
          ]
        : [];
    });
    service.resync();
    const status = service.getStatus('component:default/web')!;
    expect(status).toMatchObject({ lifecycle: 'Running', health: 'ok' });
    expect(status.reasons).toEqual([
      expect.objectContaining({
        code: 'NamespaceNotOwned',
        object: { kind: 'Namespace', name: 'shop', cluster: 'prod' },
      }),
    ]);
    expect(seen).toEqual([
      ['component:default/web', 'prod', ['Deployment/web']],
      ['component:default/web', 'edge', []],
    ]);
  });

  it('names in the summary the clusters and namespaces its workloads were found in, once each', () => {
    const { service, prod, edge, addEntity } = setup();
    addEntity('web');
    addEntity('idle');
    prod.store.upsert(deployment('web', '1', 2));
    edge.store.upsert(deployment('web', '1', 1));
    expect(service.getSummary('component:default/web')).toMatchObject({
      entityRef: 'component:default/web',
      clusters: ['edge', 'prod'],
      namespaces: ['shop'],
    });
    expect(service.getSummary('component:default/idle')).toMatchObject({
      clusters: [],
      namespaces: [],
    });
  });

  it('marks the workloads of a stale cluster Exception, as last seen, without touching the others', () => {
    const { service, prod, edge, addEntity } = setup();
    addEntity('web');
    prod.store.upsert(deployment('web', '1', 2));
    edge.store.upsert(deployment('web', '1', 2));
    expect(service.getStatus('component:default/web')).toMatchObject({
      lifecycle: 'Running',
      health: 'ok',
    });

    edge.set({
      reachable: false,
      stale: true,
      lastError: 'connect ECONNREFUSED',
    });
    service.markClusterDirty('edge');
    const status = service.getStatus('component:default/web')!;
    expect(status).toMatchObject({ lifecycle: 'Exception', health: 'unknown' });
    expect(status.workloads.map(w => [w.cluster, w.lifecycle])).toEqual([
      ['prod', 'Running'],
      ['edge', 'Exception'],
    ]);
    expect(status.workloads[1].reasons[0]).toMatchObject({
      code: 'ClusterUnreachable',
      message: expect.stringContaining('connect ECONNREFUSED'),
      object: {
        kind: 'Deployment',
        namespace: 'shop',
        name: 'web',
        cluster: 'edge',
      },
    });
    expect(status.clusters).toEqual([
      expect.objectContaining({ name: 'prod', reachable: true, stale: false }),
      expect.objectContaining({
        name: 'edge',
        reachable: false,
        stale: true,
        error: 'connect ECONNREFUSED',
      }),
    ]);
  });

  it('notes a cluster never read as info when workloads elsewhere speak for the entity', () => {
    const { service, prod, edge, addEntity } = setup();
    edge.set({ synced: false, reachable: false, stale: true });
    addEntity('web');
    addEntity('ghost');
    prod.store.upsert(deployment('web', '1', 2));
    expect(service.getStatus('component:default/web')).toMatchObject({
      lifecycle: 'Running',
      health: 'ok',
      reasons: [
        expect.objectContaining({ severity: 'info', code: 'ClusterNotSynced' }),
      ],
    });
    expect(service.getStatus('component:default/ghost')).toMatchObject({
      lifecycle: 'Exception',
      health: 'unknown',
      reasons: [
        expect.objectContaining({
          severity: 'warning',
          code: 'ClusterNotSynced',
        }),
      ],
    });
  });

  it("makes a never-read cluster a note, not the entity's concern, when the entity does not name it and was found elsewhere", () => {
    const { service, prod, edge, addEntity } = setup();
    edge.set({
      synced: false,
      reachable: false,
      stale: true,
      lastSyncAt: undefined,
    });
    addEntity('web');
    prod.store.upsert(deployment('web', '1', 2));
    const status = service.getStatus('component:default/web')!;
    expect(status).toMatchObject({ lifecycle: 'Running', health: 'ok' });
    expect(status.reasons.map(r => [r.severity, r.code])).toEqual([
      ['info', 'ClusterNotSynced'],
    ]);
    expect(status.clusters).toEqual([
      expect.objectContaining({ name: 'prod', stale: false }),
      expect.objectContaining({
        name: 'edge',
        reachable: false,
        affectsEntity: false,
      }),
    ]);
  });

  it('keeps a never-read cluster the concern of an entity that names it', () => {
    const { service, edge, addEntity } = setup();
    edge.set({
      synced: false,
      reachable: false,
      stale: true,
      lastSyncAt: undefined,
    });
    addEntity('gateway', 'edge');
    const status = service.getStatus('component:default/gateway')!;
    expect(status).toMatchObject({ lifecycle: 'Exception', health: 'unknown' });
    expect(status.reasons.map(r => [r.severity, r.code])).toEqual([
      ['warning', 'ClusterNotSynced'],
    ]);
    expect(status.clusters[1]).toMatchObject({
      name: 'edge',
      affectsEntity: true,
    });
  });

  it('makes a never-read cluster a note for an entity whose annotation names another cluster', () => {
    const { service, edge, addEntity } = setup();
    edge.set({
      synced: false,
      reachable: false,
      stale: true,
      lastSyncAt: undefined,
    });
    addEntity('batch', 'prod');
    const status = service.getStatus('component:default/batch')!;
    // nothing in prod, where it says its objects are: not Exception
    expect(status).toMatchObject({ lifecycle: 'NotFound', health: 'unknown' });
    expect(status.reasons.map(r => [r.severity, r.code])).toEqual([
      ['info', 'ClusterNotSynced'],
    ]);
    expect(status.clusters[1]).toMatchObject({
      name: 'edge',
      affectsEntity: false,
    });
  });

  it('notes a down cluster in which the entity had no objects at the last sync, and leaves its health alone', () => {
    const { service, prod, edge, addEntity } = setup();
    addEntity('web');
    addEntity('gateway');
    prod.store.upsert(deployment('web', '1', 2));
    edge.store.upsert(deployment('gateway', '1', 2));
    edge.set({
      reachable: false,
      stale: true,
      lastSyncAt: t(600),
      lastError: 'connect ECONNREFUSED',
    });
    service.markClusterDirty('edge');

    const web = service.getStatus('component:default/web')!;
    expect(web).toMatchObject({ lifecycle: 'Running', health: 'ok' });
    expect(web.reasons).toEqual([
      expect.objectContaining({
        severity: 'info',
        code: 'ClusterUnreachable',
        message: `Cluster edge cannot be reached (connect ECONNREFUSED); the entity had no objects there at its last sync (${t(
          600,
        )})`,
        hintTarget: 'cluster',
      }),
    ]);
    expect(web.clusters[1]).toMatchObject({
      name: 'edge',
      affectsEntity: false,
    });

    // objects there at the last sync: today's Exception, the cluster its concern
    const gateway = service.getStatus('component:default/gateway')!;
    expect(gateway).toMatchObject({
      lifecycle: 'Exception',
      health: 'unknown',
    });
    expect(gateway.clusters[1]).toMatchObject({
      name: 'edge',
      affectsEntity: true,
    });
  });

  it('lists workload reasons before cluster notes of the same severity', () => {
    const { service, prod, edge, addEntity } = setup();
    edge.set({ synced: false, reachable: false, stale: true });
    addEntity('web');
    const scaledDown = deployment('web', '1', 0);
    scaledDown.spec.replicas = 0;
    Object.assign(scaledDown.status, { replicas: 0, updatedReplicas: 0 });
    prod.store.upsert(scaledDown);
    const reasons = service.getStatus('component:default/web')!.reasons;
    expect(reasons.map(r => [r.severity, r.code])).toEqual([
      ['info', 'ScaledToZero'],
      ['info', 'ClusterNotSynced'],
    ]);
  });

  it('recomputes only on change, keeps updatedAt when nothing changed, and tells listeners once per change', () => {
    const { service, prod, addEntity, tick } = setup();
    const changed: string[] = [];
    service.onStatusChange(ref => changed.push(ref));
    addEntity('web');
    addEntity('api');
    prod.store.upsert(deployment('web', '1', 2));
    prod.store.upsert(deployment('api', '1', 2));
    const first = service.getStatus('component:default/web')!;
    service.getStatus('component:default/api');
    tick(5000);
    service.resync();
    service.flush(Infinity);
    expect(service.getStatus('component:default/web')!.updatedAt).toBe(
      first.updatedAt,
    );
    expect(changed).toEqual([]);

    prod.store.upsert(deployment('web', '2', 1));
    service.flush(Infinity);
    const second = service.getStatus('component:default/web')!;
    expect(second.updatedAt).not.toBe(first.updatedAt);
    expect(second.workloads[0].replicas).toMatchObject({ ready: 1 });
    expect(changed).toEqual(['component:default/web']); // not api
  });
});

describe('EntityStatusService flush', () => {
  it('yields between slices of work and finishes them all', async () => {
    const { service, prod, addEntity } = setup();
    for (let i = 0; i < 50; i++) {
      addEntity(`svc-${i}`);
      prod.store.upsert(deployment(`svc-${i}`, '1', 2));
    }
    const changed: string[] = [];
    service.onStatusChange(ref => changed.push(ref));
    for (let i = 0; i < 50; i++)
      service.getStatus(`component:default/svc-${i}`);
    for (let i = 0; i < 50; i++)
      prod.store.upsert(deployment(`svc-${i}`, '2', 1));
    service.flush(0); // one entity, then yield
    expect(changed).toHaveLength(1);
    // the rest in later turns of the event loop, however long each takes
    for (let i = 0; i < 200 && changed.length < 50; i++) {
      await new Promise(r => setTimeout(r, 10));
    }
    expect(changed).toHaveLength(50);
  });
});

describe('EntityStatusService over time', () => {
  const turns = async (n = 3) => {
    for (let i = 0; i < n; i++) await new Promise(r => setImmediate(r));
  };
  const unschedulablePod = (name: string) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'shop',
      uid: `uid-${name}`,
      resourceVersion: '1',
      creationTimestamp: t(10),
      labels: { 'backstage.io/kubernetes-id': name },
    },
    spec: { containers: [{ name: 'app', image: 'x:1' }] },
    status: {
      phase: 'Pending',
      conditions: [
        {
          type: 'PodScheduled',
          status: 'False',
          reason: 'Unschedulable',
          lastTransitionTime: t(10),
        },
      ],
    },
  });

  it('wakes an entity when a grace period ends, and no other, without a periodic resync', async () => {
    const { service, prod, addEntity, tick } = setup();
    addEntity('waiting');
    addEntity('web');
    prod.store.upsert(unschedulablePod('waiting'));
    prod.store.upsert(deployment('web', '1', 2));
    const changed: string[] = [];
    service.onStatusChange(ref => changed.push(ref));
    expect(service.getStatus('component:default/waiting')?.health).toBe(
      'progressing',
    );
    expect(service.getStatus('component:default/web')?.health).toBe('ok');
    await turns();
    // both planned: one wakes when its grace ends, one at the horizon
    expect(service.wakeCounts()).toMatchObject({ pending: 2, woken: 0 });

    tick(30_000); // inside the 60 s grace: nothing is due
    expect(service.getStatus('component:default/waiting')?.health).toBe(
      'progressing',
    );
    expect(service.wakeCounts().woken).toBe(0);

    tick(25_000); // 65 s after the pod became unschedulable
    await turns();
    const late = service.getStatus('component:default/waiting')!;
    expect(late.health).toBe('error');
    expect(changed).toEqual(['component:default/waiting']);
    // found within 1/32 of its distance: woken once, web never
    expect(service.wakeCounts().woken).toBe(1);
    service.stop();
  });
});
