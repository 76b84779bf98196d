import v8 from 'node:v8';
import vm from 'node:vm';
import type { KubeObject } from '@workload-status/backstage-plugin-workload-status-common';
import { EventStore } from './EventStore';
import { projectEvent } from './projectEvent';

/**
 * What the store really holds on the heap, against what it estimates: the
 * byte bound is only as good as the estimate. Measured as the collected
 * heap with the store minus the collected heap once it is dropped (gc
 * exposed at run time): a heap measured before the store was built would
 * also count what other tests of the same worker free meanwhile.
 */
v8.setFlagsFromString('--expose-gc');
const gc: () => void = vm.runInNewContext('gc');
const heapUsed = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

/** The heap that one `build`'s result holds, and what `check` reads of it. */
function retainedOnce<T, R>(
  build: () => T,
  check: (built: T) => R,
): { held: number; checked: R } {
  let built: T | undefined = build();
  const withIt = heapUsed();
  const checked = check(built);
  built = undefined;
  const without = heapUsed();
  return { held: withIt - without, checked };
}

/**
 * The median of three measurements after a warm-up build: a single one
 * also counts whatever the worker allocated or freed meanwhile (seen once
 * in CI at 2.5 times the store's size), and the first build compiles the
 * code it runs.
 */
function retainedBy<T, R>(
  build: () => T,
  check: (built: T) => R,
): { held: number; checked: R } {
  retainedOnce(build, check);
  const runs = [1, 2, 3].map(() => retainedOnce(build, check));
  runs.sort((a, b) => a.held - b.held);
  return runs[1];
}

const MiB = 1024 * 1024;
const pod: KubeObject = {
  kind: 'Pod',
  metadata: { name: 'web-1', namespace: 'shop', uid: 'pod-uid' },
};

/** An Event as a watch delivers it: parsed from its JSON line. */
function wireEvent(i: number, message: string): KubeObject {
  const { message: _, ...rest } = event(i, '');
  // the message spliced into the line as is (plain text, no escapes)
  return JSON.parse(
    `${JSON.stringify(rest).slice(0, -1)},"message":"${message}"}`,
  );
}

function event(i: number, message: string) {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: {
      name: `web-1.${i}`,
      namespace: 'shop',
      uid: `6f0c1d2e-0000-4000-8000-${String(i).padStart(12, '0')}`,
      resourceVersion: String(100_000 + i),
    },
    involvedObject: {
      kind: 'Pod',
      name: 'web-1',
      namespace: 'shop',
      uid: 'pod-uid',
      fieldPath: 'spec.containers{web}',
    },
    type: 'Warning',
    reason: 'BackOff',
    message,
    source: { component: 'kubelet' },
    firstTimestamp: '2026-01-01T10:00:00Z',
    lastTimestamp: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
    count: 1,
  };
}

describe('EventStore on the heap', () => {
  it('holds no more than it estimates (ordinary events)', () => {
    const { held, checked } = retainedBy(
      () => {
        const store = new EventStore({
          maxEvents: 100_000,
          maxBytes: 1024 * MiB,
        });
        for (let i = 0; i < 10_000; i++) {
          store.upsert(
            projectEvent(
              wireEvent(i, `Back-off restarting failed container web ${i}`),
            ),
          );
        }
        return store;
      },
      store => ({ size: store.size, bytes: store.bytes }),
    );
    expect(checked.size).toBe(10_000);
    expect(held).toBeLessThanOrEqual(checked.bytes);
    // and the estimate is not wildly above it either
    expect(checked.bytes).toBeLessThan(3 * held);
  });

  it('stays within its byte bound when fed 300 events of 1 MiB', () => {
    const filler = 'lorem ipsum dolor sit amet '.repeat(MiB / 27);
    const { held, checked } = retainedBy(
      () => {
        const store = new EventStore({ maxEvents: 10_000, maxBytes: 2 * MiB });
        for (let i = 0; i < 300; i++) {
          store.upsert(projectEvent(wireEvent(i, `${i} ${filler}`)));
        }
        return store;
      },
      store => ({
        size: store.size,
        bytes: store.bytes,
        evicted: store.evictedCount,
        firstMessage: store.eventsOf([pod]).events[0].message,
      }),
    );
    expect(checked.bytes).toBeLessThanOrEqual(2 * MiB);
    // before the bounds: 300 MiB held (every message whole)
    expect(held).toBeLessThanOrEqual(2 * MiB);
    // ~9 KB estimated per event with a full 4 KiB message
    expect(checked.size).toBeGreaterThan(150);
    expect(checked.size).toBeLessThan(220);
    expect(checked.evicted).toBe(300 - checked.size);
    expect(checked.firstMessage).toMatch(/^\d+ lorem ipsum/);
  });
});
