import { createClock } from '../clock';
import { Random } from '../random';
import { ObjectStore } from '../store/objectStore';
import { EventRecorder } from './eventRecorder';

describe('event recorder', () => {
  it('aggregates repeats into count/lastTimestamp and expires old events', () => {
    const clock = createClock('manual');
    const store = new ObjectStore({ clock, random: new Random(1) });
    const events = new EventRecorder(store, new Random(2));
    const pod = store.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'ns' },
      spec: { containers: [{ name: 'c', image: 'c' }] },
    });
    const source = { component: 'kubelet', host: 'node-1' };
    events.record(
      pod,
      'Warning',
      'BackOff',
      'Back-off restarting failed container c',
      source,
      clock.nowMs(),
    );
    events.record(
      pod,
      'Warning',
      'BackOff',
      'Back-off restarting failed container c',
      source,
      clock.nowMs() + 10_000,
    );
    const [e] = store.list('/events');
    expect(e).toMatchObject({
      involvedObject: {
        kind: 'Pod',
        name: 'p',
        namespace: 'ns',
        uid: pod.metadata.uid,
      },
      reason: 'BackOff',
      type: 'Warning',
      count: 2,
      firstTimestamp: '2026-01-15T10:00:00Z',
      lastTimestamp: '2026-01-15T10:00:10Z',
      source: { component: 'kubelet', host: 'node-1' },
    });
    expect(e.metadata.name).toMatch(/^p\.[0-9a-f]{16}$/);
    events.expire(clock.nowMs() + 2 * 3_600_000);
    expect(store.list('/events')).toEqual([]);
  });
});
