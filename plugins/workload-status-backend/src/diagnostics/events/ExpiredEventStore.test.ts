import { mockServices } from '@backstage/backend-test-utils';
import { migratedDatabase } from '../../timeline/migratedDatabase';
import {
  ExpiredEventRecorder,
  MAX_PENDING_EVENTS,
} from './ExpiredEventRecorder';
import {
  ExpiredEventStore,
  PersistedEvent,
  persistedBytes,
} from './ExpiredEventStore';
import type { ProjectedEvent } from './projectEvent';
import { pluginTestDatabases } from '../../__testUtils__/pluginTestDatabases';

const databases = pluginTestDatabases();
const REF = 'component:default/checkout';

function projected(uid: string, minute: number, count = 1): ProjectedEvent {
  return {
    kind: 'Event',
    metadata: { uid, resourceVersion: `${count}`, namespace: 'shop' },
    type: 'Warning',
    reason: 'BackOff',
    message: `Back-off restarting failed container ${uid}`,
    subject: {
      kind: 'Pod',
      namespace: 'shop',
      name: 'checkout-1',
      uid: 'pod-1',
    },
    count,
    firstSeenMs: Date.UTC(2026, 0, 1, 10, 0),
    lastSeenMs: Date.UTC(2026, 0, 1, 10, minute),
    source: 'kubelet',
  };
}

describe.each(databases.eachSupportedId())('ExpiredEventStore on %s', id => {
  let store: ExpiredEventStore;

  beforeEach(async () => {
    const knex = await databases.init(id);
    store = new ExpiredEventStore(
      migratedDatabase(mockServices.database({ knex })),
    );
  });

  it('coalesces an event storm into one row per event and entity', async () => {
    const upsert = jest.spyOn(store, 'upsert');
    const recorder = new ExpiredEventRecorder({
      store,
      entitiesOf: (_cluster, uid) => (uid === 'pod-1' ? [REF] : []),
      logger: mockServices.logger.mock(),
      flushDelayMs: 60_000,
    });
    for (let i = 1; i <= 200; i++) {
      recorder.eventSeen('prod', projected('e1', 1, i));
    }
    recorder.eventSeen('prod', projected('e2', 2));
    // an event about an object no entity counts is not kept
    recorder.eventSeen('prod', {
      ...projected('e3', 3),
      subject: { kind: 'Pod', name: 'stranger', uid: 'pod-x' },
    });
    await recorder.flush();
    expect(upsert).toHaveBeenCalledTimes(1);
    expect(upsert.mock.calls[0][0]).toHaveLength(2);
    const kept = await store.list(REF);
    expect(kept.map(k => k.uid).sort()).toEqual(['e1', 'e2']);
    expect(kept.find(k => k.uid === 'e1')!.event).toMatchObject({
      cluster: 'prod',
      type: 'Warning',
      reason: 'BackOff',
      count: 200,
      object: { kind: 'Pod', namespace: 'shop', name: 'checkout-1' },
      source: 'kubelet',
      firstSeen: '2026-01-01T10:00:00.000Z',
      lastSeen: '2026-01-01T10:01:00.000Z',
    });
    // the stranger is tried once more, then dropped
    await recorder.flush();
    await recorder.stop();
    expect(await store.list(REF)).toHaveLength(2);
  });

  it('bounds what waits for a write', async () => {
    const recorder = new ExpiredEventRecorder({
      store,
      entitiesOf: () => [REF],
      logger: mockServices.logger.mock(),
      flushDelayMs: 60_000,
    });
    for (let i = 0; i < MAX_PENDING_EVENTS + 10; i++) {
      recorder.eventSeen('prod', projected(`e${i}`, 1));
    }
    expect(recorder.dropped).toBe(10);
    await recorder.stop();
  });

  it('filters by the events query and prunes by age, then by bytes, oldest first', async () => {
    const row = (uid: string, minute: number): PersistedEvent => ({
      entityRef: REF,
      cluster: 'prod',
      uid,
      event: {
        cluster: 'prod',
        type: minute % 2 ? 'Warning' : 'Normal',
        reason: 'BackOff',
        message: 'x'.repeat(1000),
        object: { kind: 'Pod', namespace: 'shop', name: `pod-${minute}` },
        count: 1,
        lastSeen: new Date(Date.UTC(2026, 0, 1, 10, minute)).toISOString(),
      },
    });
    const rows = Array.from({ length: 10 }, (_, i) => row(`e${i}`, i));
    await store.upsert(rows);
    expect(await store.list(REF, { type: 'Warning' })).toHaveLength(5);
    expect(await store.list(REF, { objectName: 'pod-3' })).toHaveLength(1);
    expect((await store.list(REF)).map(r => r.uid)[0]).toBe('e9');

    const deleted = await store.prune({
      before: new Date(Date.UTC(2026, 0, 1, 10, 2)).toISOString(),
      maxBytes: 3 * persistedBytes(rows[0]) + 10,
    });
    expect(deleted).toBe(7);
    expect((await store.list(REF)).map(r => r.uid)).toEqual(['e9', 'e8', 'e7']);
  });
});
