import type { KubeObject } from '@workload-status/backstage-plugin-workload-status-common';
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

function setup(
  options: {
    current?: boolean;
    uids?: string[];
    maxEvents?: number;
    maxResponseBytes?: number;
  } = {},
) {
  const objects = new ObjectStore();
  [deployment, pod, stranger].forEach(o => objects.upsert(o));
  const events = new EventStore({
    maxEvents: options.maxEvents ?? 1000,
    maxBytes: 32 * 1024 * 1024,
  });
  const service = new EntityEventsService(
    {
      resolveVisible: async () => [
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
    { maxResponseBytes: options.maxResponseBytes },
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

  describe('against whoever can create Events', () => {
    const MiB = 1024 * 1024;
    const secrets = [
      'password=hunter2',
      'Authorization: Bearer abcdefghijklmnopqrstuvwxyz',
      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ',
      'AKIAIOSFODNN7EXAMPLE',
    ];
    const leaked = /hunter2|abcdefghijklmnop|eyJhbGci|AKIAIOSFODNN7/;
    const hostile = (i: number) =>
      event(
        pod,
        'Warning',
        'Hostile',
        // a secret at the start, one in the middle, filler to 1 MiB
        `event ${i}: ${secrets[i % secrets.length]} ${'lorem ipsum '.repeat(
          MiB / 24,
        )} ${secrets[(i + 1) % secrets.length]} ${'dolor sit '.repeat(
          MiB / 20,
        )}`,
        '2026-01-01T10:00:00Z',
        new Date(Date.UTC(2026, 0, 1, 10) + i * 1000).toISOString(),
      );

    it.each([
      // 60 fit in the answer; 300 full-size ones do not fit in 1 MiB
      [60, { items: [60, 60], truncated: undefined }],
      [300, { items: [200, 299], truncated: true }],
    ])(
      'answers %i events of 1 MiB about one pod in well under 2 MiB, with no secret',
      async (n, expected) => {
        const { events, service } = setup({ maxEvents: 10_000 });
        for (let i = 0; i < n; i++) events.upsert(hostile(i));
        const answer = await service.list('component:default/web');
        const json = JSON.stringify(answer);
        // before: 60 MiB (300 MiB) answered, every message whole
        expect(Buffer.byteLength(json)).toBeLessThan(MiB + 1);
        expect(json).not.toMatch(leaked);
        expect(json).toContain('[REDACTED]');
        expect(answer.items.length).toBeGreaterThanOrEqual(expected.items[0]);
        expect(answer.items.length).toBeLessThanOrEqual(expected.items[1]);
        expect(answer.truncated).toBe(expected.truncated);
        expect(answer.incomplete).toBe(expected.truncated);
        expect(answer.items.every(e => e.messageTruncated)).toBe(true);
        expect(
          answer.items.every(e => Buffer.byteLength(e.message) <= 4096),
        ).toBe(true);
        expect(events.bytes).toBeLessThanOrEqual(32 * MiB);
      },
    );

    it('leaves the least important events out of an answer over its bound, and says so', async () => {
      const { events, service } = setup({ maxResponseBytes: 64 * 1024 });
      const t = (s: number) => new Date(Date.UTC(2026, 0, 1) + s * 1000);
      for (let i = 0; i < 400; i++) {
        events.upsert(
          event(
            pod,
            i % 2 ? 'Normal' : 'Warning',
            `Reason${i}`,
            `message number ${i} ${'x '.repeat(100)}`,
            t(i).toISOString(),
            t(i).toISOString(),
          ),
        );
      }
      const answer = await service.list('component:default/web');
      expect(Buffer.byteLength(JSON.stringify(answer))).toBeLessThanOrEqual(
        64 * 1024,
      );
      expect(answer).toMatchObject({ incomplete: true, truncated: true });
      // warnings first, the newest first: the 200 warnings come before any
      // Normal, and what is left out is the oldest of the rest
      expect(answer.items[0].reason).toBe('Reason398');
      expect(answer.items.length).toBeLessThan(400);
      expect(answer.items.every(e => e.type === 'Warning')).toBe(true);
    });

    it('says nothing of truncation when the answer fits', async () => {
      const { events, service } = setup();
      events.upsert(
        event(
          pod,
          'Warning',
          'BackOff',
          'back-off',
          '2026-01-01T10:00:00Z',
          '2026-01-01T10:00:00Z',
        ),
      );
      const answer = await service.list('component:default/web');
      expect(answer.truncated).toBeUndefined();
      expect(answer.incomplete).toBeUndefined();
      expect(answer.items[0].messageTruncated).toBeUndefined();
    });
  });
});

describe('EntityEventsService with events kept past their life', () => {
  const kept = (uid: string, cluster = 'prod') => ({
    entityRef: 'component:default/web',
    cluster,
    uid,
    event: {
      cluster,
      type: 'Warning' as const,
      reason: 'BackOff',
      message: 'Back-off restarting',
      object: { kind: 'Pod', namespace: 'shop', name: 'web-1' },
      count: 4,
      firstSeen: '2026-01-01T09:00:00.000Z',
      lastSeen: '2026-01-01T09:30:00.000Z',
    },
  });

  function withKept(rows: ReturnType<typeof kept>[] | Error) {
    const objects = new ObjectStore();
    [deployment, pod].forEach(o => objects.upsert(o));
    const events = new EventStore({ maxEvents: 100, maxBytes: 1024 * 1024 });
    const service = new EntityEventsService(
      {
        resolveVisible: async () => [
          { cluster: 'prod', store: objects, uids: new Set(['d1', 'p1']) },
        ],
      },
      {
        store: cluster => (cluster === 'prod' ? events : undefined),
        current: () => true,
      },
      {
        expired: {
          list: async () => {
            if (rows instanceof Error) throw rows;
            return rows;
          },
        },
      },
    );
    return { events, service };
  }

  it('lists the events the cluster deleted, marked expired, beside the live ones', async () => {
    const { events, service } = withKept([
      kept('gone-1'),
      kept('other-cluster', 'old'),
    ]);
    const live = event(
      pod,
      'Warning',
      'BackOff',
      'Back-off restarting',
      '2026-01-01T10:00:00Z',
      '2026-01-01T10:05:00Z',
    );
    events.upsert(live);
    // the live event was kept too: answered once, live
    const { items } = await service.list('component:default/web');
    expect(items).toHaveLength(2);
    expect(items[0]).toMatchObject({
      count: 1,
      lastSeen: '2026-01-01T10:05:00.000Z',
    });
    expect(items[0].expired).toBeUndefined();
    expect(items[1]).toMatchObject({
      expired: true,
      count: 4,
      lastSeen: '2026-01-01T09:30:00.000Z',
    });
    // a cluster the entity no longer looks in is left out
    expect(items.some(i => i.cluster === 'old')).toBe(false);
  });

  it('does not list a kept event twice while the cluster still has it', async () => {
    const { events, service } = withKept([]);
    const live = event(
      pod,
      'Warning',
      'BackOff',
      'Back-off restarting',
      '2026-01-01T10:00:00Z',
      '2026-01-01T10:05:00Z',
    );
    events.upsert(live);
    const same = kept(live.metadata!.uid!);
    const again = withKept([same]);
    again.events.upsert(live);
    const { items } = await again.service.list('component:default/web');
    expect(items).toHaveLength(1);
    expect(items[0].expired).toBeUndefined();
    expect((await service.list('component:default/web')).items).toHaveLength(1);
  });

  it('answers the live events, incomplete, when the database fails', async () => {
    const { service } = withKept(new Error('database down'));
    const answer = await service.list('component:default/web');
    expect(answer).toEqual({ items: [], incomplete: true });
  });
});
