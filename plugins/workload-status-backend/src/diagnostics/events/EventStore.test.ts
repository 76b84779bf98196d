import type { KubeObject } from '@workload-status/backstage-plugin-workload-status-common';
import { EVENT_OVERHEAD_BYTES, EventStore, estimateBytes } from './EventStore';
import { ProjectedEvent, projectEvent } from './projectEvent';

const pod: KubeObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-1', namespace: 'shop', uid: 'pod-uid' },
};

function coreEvent(
  uid: string,
  overrides: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: {
      name: `web-1.${uid}`,
      namespace: 'shop',
      uid,
      resourceVersion: '1',
      creationTimestamp: '2026-01-01T10:00:00Z',
      managedFields: [{ manager: 'kubelet' }],
    } as KubeObject['metadata'],
    involvedObject: {
      apiVersion: 'v1',
      kind: 'Pod',
      name: 'web-1',
      namespace: 'shop',
      uid: 'pod-uid',
      fieldPath: 'spec.containers{web}',
    },
    reason: 'BackOff',
    message: 'Back-off restarting failed container web',
    source: { component: 'kubelet', host: 'node-1' },
    firstTimestamp: '2026-01-01T10:00:00Z',
    lastTimestamp: '2026-01-01T10:05:00Z',
    count: 7,
    type: 'Warning',
    eventTime: null,
    reportingComponent: 'kubelet',
    ...overrides,
  };
}

/** The apiserver's events.k8s.io/v1 view of a core/v1 Event (pkg/apis/events/v1 conversion). */
function eventsV1View(e: KubeObject): KubeObject {
  const c = e as Record<string, any>;
  return {
    apiVersion: 'events.k8s.io/v1',
    kind: 'Event',
    metadata: e.metadata,
    eventTime: c.eventTime,
    reportingController: c.reportingComponent,
    reportingInstance: c.source?.host,
    action: c.reason,
    reason: c.reason,
    regarding: c.involvedObject,
    note: c.message,
    type: c.type,
    deprecatedSource: c.source,
    deprecatedFirstTimestamp: c.firstTimestamp,
    deprecatedLastTimestamp: c.lastTimestamp,
    deprecatedCount: c.count,
  };
}

describe('projectEvent', () => {
  it('projects both views of one event to the same small record', () => {
    const core = coreEvent('e1');
    const v1 = eventsV1View(core);
    const a = projectEvent(core) as ProjectedEvent;
    const b = projectEvent(v1) as ProjectedEvent;
    const { apiVersion: _a, ...rest } = a;
    const { apiVersion: _b, ...restB } = b;
    expect(restB).toEqual(rest);
    expect(a).toMatchObject({
      type: 'Warning',
      reason: 'BackOff',
      count: 7,
      firstSeenMs: Date.parse('2026-01-01T10:00:00Z'),
      lastSeenMs: Date.parse('2026-01-01T10:05:00Z'),
      source: 'kubelet',
      subject: {
        kind: 'Pod',
        namespace: 'shop',
        name: 'web-1',
        uid: 'pod-uid',
        container: 'web',
      },
    });
    expect(JSON.stringify(a)).not.toContain('managedFields');
  });

  it('reads an events.k8s.io series and microsecond event times', () => {
    const e = projectEvent({
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      metadata: { uid: 'e2', namespace: 'shop' },
      eventTime: '2026-01-01T10:00:00.123456Z',
      series: { count: 12, lastObservedTime: '2026-01-01T11:00:00.5Z' },
      deprecatedCount: 0,
      regarding: { kind: 'Node', name: 'node-1' },
      reason: 'NodeNotReady',
      note: 'Node is not ready',
      type: 'Normal',
      reportingController: 'node-controller',
    }) as ProjectedEvent;
    expect(e).toMatchObject({
      count: 12,
      firstSeenMs: Date.parse('2026-01-01T10:00:00.123Z'),
      lastSeenMs: Date.parse('2026-01-01T11:00:00.500Z'),
      message: 'Node is not ready',
      source: 'node-controller',
      subject: { kind: 'Node', name: 'node-1' },
    });
    expect(e.subject.namespace).toBeUndefined();
  });
});

describe('EventStore', () => {
  it('keeps one entry per uid whichever API delivers it', () => {
    const store = new EventStore({
      maxEvents: 100,
      maxBytes: 32 * 1024 * 1024,
    });
    const core = coreEvent('e1');
    store.upsert(projectEvent(core));
    store.upsert(projectEvent(eventsV1View(core)));
    store.upsert(
      projectEvent(
        coreEvent('e1', {
          count: 8,
          metadata: { ...core.metadata, resourceVersion: '2' },
        }),
      ),
    );
    expect(store.size).toBe(1);
    const { events, evicted } = store.eventsOf([pod]);
    expect(events.map(e => e.count)).toEqual([8]);
    expect(evicted).toBe(false);
    store.delete('e1');
    expect(store.eventsOf([pod]).events).toEqual([]);
  });

  it('finds events without a subject uid by kind, namespace and name', () => {
    const store = new EventStore({
      maxEvents: 100,
      maxBytes: 32 * 1024 * 1024,
    });
    store.upsert(
      projectEvent(
        coreEvent('e1', {
          involvedObject: { kind: 'Pod', namespace: 'shop', name: 'web-1' },
        }),
      ),
    );
    store.upsert(
      projectEvent(
        coreEvent('e2', {
          involvedObject: { kind: 'Pod', namespace: 'shop', name: 'other' },
        }),
      ),
    );
    expect(store.eventsOf([pod]).events.map(e => e.metadata.uid)).toEqual([
      'e1',
    ]);
  });

  it('evicts the least recently seen events past its bound and says whose', () => {
    const store = new EventStore({ maxEvents: 3, maxBytes: 32 * 1024 * 1024 });
    const at = (minute: number) =>
      `2026-01-01T10:${String(minute).padStart(2, '0')}:00Z`;
    // the oldest is about another pod
    store.upsert(
      projectEvent(
        coreEvent('old', {
          involvedObject: {
            kind: 'Pod',
            namespace: 'shop',
            name: 'gone',
            uid: 'gone-uid',
          },
          lastTimestamp: at(0),
        }),
      ),
    );
    for (let i = 1; i <= 3; i++) {
      store.upsert(
        projectEvent(
          coreEvent(`e${i}`, { lastTimestamp: at(i), message: `m${i}` }),
        ),
      );
    }
    expect(store.size).toBe(3);
    expect(store.evictedCount).toBe(1);
    // web-1 lost nothing
    expect(store.eventsOf([pod])).toMatchObject({ evicted: false });
    expect(store.eventsOf([pod]).events).toHaveLength(3);
    const gone: KubeObject = {
      kind: 'Pod',
      metadata: { name: 'gone', namespace: 'shop', uid: 'gone-uid' },
    };
    expect(store.eventsOf([gone])).toEqual({ events: [], evicted: true });
    // a fourth event of web-1 pushes out its own oldest
    store.upsert(
      projectEvent(coreEvent('e4', { lastTimestamp: at(4), message: 'm4' })),
    );
    const after = store.eventsOf([pod]);
    expect(after.evicted).toBe(true);
    expect(after.events.map(e => e.message).sort()).toEqual(['m2', 'm3', 'm4']);
  });

  it('stays bounded in an event storm', () => {
    const store = new EventStore({
      maxEvents: 1000,
      maxBytes: 32 * 1024 * 1024,
    });
    for (let i = 0; i < 20_000; i++) {
      store.upsert(
        projectEvent(
          coreEvent(`e${i}`, {
            lastTimestamp: new Date(
              Date.UTC(2026, 0, 1) + i * 1000,
            ).toISOString(),
          }),
        ),
      );
    }
    expect(store.size).toBeLessThanOrEqual(1000);
    const newest = store.eventsOf([pod]).events.map(e => e.metadata.uid);
    expect(newest).toContain('e19999');
    expect(newest).not.toContain('e0');
  });
});

describe('projectEvent against a hostile cluster', () => {
  it('redacts the message and cuts it at the bound, saying so', () => {
    const e = projectEvent(
      coreEvent('big', {
        message: `login with password=hunter2 failed ${'again '.repeat(
          200_000,
        )}`,
      }),
      4096,
    ) as ProjectedEvent;
    expect(Buffer.byteLength(e.message)).toBeLessThanOrEqual(4096);
    expect(e.message.startsWith('login with password=[REDACTED] failed')).toBe(
      true,
    );
    expect(e.messageTruncated).toBe(true);
    const small = projectEvent(coreEvent('small')) as ProjectedEvent;
    expect(small.messageTruncated).toBeUndefined();
  });

  it('bounds every other text, and redacts what a user reads', () => {
    const long = (c: string) => c.repeat(1024 * 1024);
    const e = projectEvent({
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      metadata: { uid: long('u'), namespace: long('n'), resourceVersion: '1' },
      regarding: {
        kind: long('K'),
        name: long('a'),
        namespace: long('b'),
        uid: long('c'),
        fieldPath: `spec.containers{${long('d')}}`,
      },
      reason: `token=${long('r')}`,
      note: 'n',
      action: long('x'),
      reportingController: `secret=${long('s')}`,
      type: 'Warning',
    }) as ProjectedEvent;
    const strings = JSON.stringify(e);
    expect(strings.length).toBeLessThan(4096);
    expect(e.reason).toBe('token=[REDACTED]');
    expect(e.source).toBe('secret=[REDACTED]');
    expect(e.subject.name).toHaveLength(256);
    expect(e.metadata.uid).toHaveLength(256);
  });
});

describe('EventStore byte bound', () => {
  const MiB = 1024 * 1024;
  const filler = 'lorem ipsum dolor sit amet '.repeat(MiB / 27);
  const hostile = (i: number, at = Date.UTC(2026, 0, 1) + i * 1000) =>
    projectEvent(
      coreEvent(`h${i}`, {
        message: `token=abcdefghijklmnop${i} ${filler}`,
        lastTimestamp: new Date(at).toISOString(),
      }),
    );

  it('keeps its estimated bytes under the bound, dropping the least recently seen', () => {
    const store = new EventStore({ maxEvents: 10_000, maxBytes: MiB });
    for (let i = 0; i < 300; i++) store.upsert(hostile(i));
    expect(store.bytes).toBeLessThanOrEqual(MiB);
    // each stored message is 4 KiB at most: ~9 KB estimated, ~100 of them
    expect(store.size).toBeGreaterThan(80);
    expect(store.size).toBeLessThan(120);
    expect(store.evictedCount).toBe(300 - store.size);
    const uids = store.eventsOf([pod]).events.map(e => e.metadata.uid);
    expect(uids).toContain('h299');
    expect(uids).not.toContain('h0');
    expect(store.eventsOf([pod]).evicted).toBe(true);
  });

  it('estimates more than an event holds (two bytes per character)', () => {
    const e = projectEvent(coreEvent('e1')) as ProjectedEvent;
    expect(estimateBytes(e)).toBe(
      EVENT_OVERHEAD_BYTES +
        2 *
          [
            e.metadata.uid,
            e.metadata.resourceVersion!,
            e.metadata.namespace!,
            e.apiVersion!,
            e.reason,
            e.message,
            e.source!,
            e.subject.kind,
            e.subject.name,
            e.subject.namespace!,
            e.subject.uid!,
            e.subject.container!,
          ].join('').length,
    );
  });

  it('does not let events dated in the future outlive newer ones', () => {
    let now = Date.UTC(2026, 0, 1, 12);
    const store = new EventStore({
      maxEvents: 3,
      maxBytes: MiB,
      now: () => now,
    });
    // stored first, dated a year ahead
    store.upsert(
      projectEvent(
        coreEvent('future', { lastTimestamp: '2027-01-01T00:00:00Z' }),
      ),
    );
    for (let i = 1; i <= 3; i++) {
      now += 1000;
      store.upsert(
        projectEvent(
          coreEvent(`e${i}`, { lastTimestamp: new Date(now).toISOString() }),
        ),
      );
    }
    const uids = store.eventsOf([pod]).events.map(e => e.metadata.uid);
    expect(uids.sort()).toEqual(['e1', 'e2', 'e3']);
  });

  it('bounds what it remembers of evicted subjects', () => {
    const store = new EventStore({ maxEvents: 10, maxBytes: MiB });
    for (let i = 0; i < 5000; i++) {
      store.upsert(
        projectEvent(
          coreEvent(`e${i}`, {
            involvedObject: {
              kind: 'Pod',
              namespace: 'shop',
              name: `${'p'.repeat(250)}${i}`,
              uid: `${'u'.repeat(250)}${i}`,
            },
            lastTimestamp: new Date(
              Date.UTC(2026, 0, 1) + i * 1000,
            ).toISOString(),
          }),
        ),
      );
    }
    expect(store.size).toBeLessThanOrEqual(10);
    expect(store.bytes).toBeLessThanOrEqual(MiB);
  });
});
