import type { KubeObject } from '@internal/plugin-workload-status-common';
import { ObjectStore } from '../../cache/ObjectStore';
import { EntityEventsService } from './EntityEventsService';
import { EventStore } from './EventStore';
import { projectEvent } from './projectEvent';

const deployment: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop', uid: 'd1' },
};
const pod: KubeObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-1', namespace: 'shop', uid: 'p1' },
};
const stranger: KubeObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'other-1', namespace: 'shop', uid: 'p9' },
};

let seq = 0;
function event(
  subject: KubeObject,
  type: 'Normal' | 'Warning',
  reason: string,
  message: string,
  first: string,
  last: string,
  count = 1,
): KubeObject {
  seq += 1;
  return projectEvent({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `e${seq}`, namespace: 'shop', uid: `e${seq}` },
    involvedObject: {
      kind: subject.kind,
      name: subject.metadata?.name,
      namespace: subject.metadata?.namespace,
      uid: subject.metadata?.uid,
    },
    type,
    reason,
    message,
    count,
    firstTimestamp: first,
    lastTimestamp: last,
    source: { component: 'kubelet' },
  });
}

function setup(options: { current?: boolean; uids?: string[] } = {}) {
  const objects = new ObjectStore();
  [deployment, pod, stranger].forEach(o => objects.upsert(o));
  const events = new EventStore(1000);
  const service = new EntityEventsService(
    {
      resolve: async () => [
        {
          cluster: 'prod',
          store: objects,
          uids: new Set(options.uids ?? ['d1', 'p1']),
        },
      ],
    },
    {
      store: cluster => (cluster === 'prod' ? events : undefined),
      current: () => options.current ?? true,
    },
  );
  return { events, service };
}

describe('EntityEventsService', () => {
  it('merges repeats, puts warnings first and the newest first', async () => {
    const { events, service } = setup();
    const T = (m: number) => `2026-01-01T10:${String(m).padStart(2, '0')}:00Z`;
    events.upsert(
      event(
        deployment,
        'Normal',
        'ScalingReplicaSet',
        'Scaled up to 1',
        T(0),
        T(0),
      ),
    );
    // the same back-off, recorded twice (a recorder that lost its cache)
    events.upsert(
      event(pod, 'Warning', 'BackOff', 'Back-off restarting', T(1), T(5), 3),
    );
    events.upsert(
      event(pod, 'Warning', 'BackOff', 'Back-off restarting', T(6), T(9), 2),
    );
    events.upsert(event(pod, 'Normal', 'Pulled', 'Image pulled', T(2), T(8)));
    events.upsert(
      event(pod, 'Warning', 'Unhealthy', 'Readiness probe failed', T(3), T(4)),
    );
    // not the entity's
    events.upsert(
      event(stranger, 'Warning', 'BackOff', 'Back-off restarting', T(1), T(9)),
    );

    const { items, incomplete } = await service.list('component:default/web');
    expect(incomplete).toBeUndefined();
    expect(items.map(e => [e.type, e.reason, e.count])).toEqual([
      ['Warning', 'BackOff', 5],
      ['Warning', 'Unhealthy', 1],
      ['Normal', 'Pulled', 1],
      ['Normal', 'ScalingReplicaSet', 1],
    ]);
    expect(items[0]).toEqual({
      cluster: 'prod',
      type: 'Warning',
      reason: 'BackOff',
      message: 'Back-off restarting',
      object: { kind: 'Pod', namespace: 'shop', name: 'web-1' },
      count: 5,
      firstSeen: '2026-01-01T10:01:00.000Z',
      lastSeen: '2026-01-01T10:09:00.000Z',
      source: 'kubelet',
    });
  });

  it('filters by type and object', async () => {
    const { events, service } = setup();
    const t = '2026-01-01T10:00:00Z';
    events.upsert(event(deployment, 'Normal', 'ScalingReplicaSet', 'up', t, t));
    events.upsert(event(pod, 'Warning', 'BackOff', 'back-off', t, t));
    events.upsert(event(pod, 'Normal', 'Pulled', 'pulled', t, t));
    const reasons = async (q: object) =>
      (await service.list('component:default/web', q)).items.map(e => e.reason);
    expect(await reasons({ type: 'Warning' })).toEqual(['BackOff']);
    expect(await reasons({ objectKind: 'Deployment' })).toEqual([
      'ScalingReplicaSet',
    ]);
    expect(
      await reasons({ objectKind: 'Pod', objectName: 'web-1', type: 'Normal' }),
    ).toEqual(['Pulled']);
    expect(await reasons({ objectName: 'other-1' })).toEqual([]);
  });

  it('is incomplete while the event watch is not current', async () => {
    const { service } = setup({ current: false });
    expect(await service.list('component:default/web')).toEqual({
      items: [],
      incomplete: true,
      unavailableClusters: ['prod'],
    });
  });

  it('only names a cluster down that holds none of the entity objects', async () => {
    const { service } = setup({ current: false, uids: [] });
    expect(await service.list('component:default/web')).toEqual({
      items: [],
      unavailableClusters: ['prod'],
    });
  });
});
