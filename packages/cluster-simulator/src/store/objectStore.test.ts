import { createClock } from '../clock';
import { Random } from '../random';
import { ChangeEvent, ObjectStore, StoreError } from './objectStore';

const cm = (name: string, ns = 'a', spec: any = { x: 1 }) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: ns },
  spec,
});

function store(windowSize = 100) {
  return new ObjectStore({
    clock: createClock('manual'),
    random: new Random(1),
    windowSize,
  });
}

describe('object store', () => {
  it('assigns uid, creationTimestamp, generation and a global increasing resourceVersion', () => {
    const s = store();
    const a = s.create(cm('a'));
    const b = s.create(cm('b'));
    expect(a.metadata).toMatchObject({
      uid: expect.stringMatching(/^[0-9a-f-]{36}$/),
      creationTimestamp: '2026-01-15T10:00:00Z',
      generation: 1,
    });
    expect(Number(b.metadata.resourceVersion)).toBe(
      Number(a.metadata.resourceVersion) + 1,
    );
    expect(() => s.create(cm('a'))).toThrow(StoreError);
  });

  it('bumps generation on spec changes only, and checks resourceVersion on update', () => {
    const s = store();
    const a = s.create(cm('a'));
    const statusOnly = s.update({
      ...a,
      status: { ok: true },
      metadata: { ...a.metadata, resourceVersion: undefined },
    });
    expect(statusOnly.metadata.generation).toBe(1);
    const spec = s.update({
      ...statusOnly,
      spec: { x: 2 },
      metadata: { ...statusOnly.metadata, resourceVersion: undefined },
    });
    expect(spec.metadata.generation).toBe(2);
    expect(() =>
      s.update({
        ...spec,
        metadata: {
          ...spec.metadata,
          resourceVersion: a.metadata.resourceVersion,
        },
      }),
    ).toThrow(/has been modified/);
    const same = s.update({
      ...spec,
      metadata: { ...spec.metadata, resourceVersion: undefined },
    });
    expect(same.metadata.resourceVersion).toBe(spec.metadata.resourceVersion); // no-op writes do not bump
  });

  it('lists and scans in namespace/name order', () => {
    const s = store();
    for (const [n, ns] of [
      ['b', 'y'],
      ['a', 'y'],
      ['c', 'x'],
    ])
      s.create(cm(n, ns));
    expect(
      s
        .list('apps/deployments')
        .map(o => `${o.metadata.namespace}/${o.metadata.name}`),
    ).toEqual(['x/c', 'y/a', 'y/b']);
    expect(s.list('apps/deployments', 'y').map(o => o.metadata.name)).toEqual([
      'a',
      'b',
    ]);
    const after: string[] = [];
    s.scan('apps/deployments', undefined, 'y/a', k => {
      after.push(k);
      return true;
    });
    expect(after).toEqual(['y/b']);
    expect(s.countAfter('apps/deployments', 'x/c')).toBe(2);
  });

  it('replays changes from the window and reports versions older than it', () => {
    const s = store(3);
    const start = s.resourceVersion;
    for (let i = 0; i < 5; i++) s.create(cm(`d${i}`));
    expect(s.eventsSince('apps/deployments', start)).toBeUndefined();
    const recent = s.eventsSince('apps/deployments', s.resourceVersion - 2)!;
    expect(recent.map(e => e.object.metadata.name)).toEqual(['d3', 'd4']);
    s.resetWindow();
    expect(
      s.eventsSince('apps/deployments', s.resourceVersion - 1),
    ).toBeUndefined();
    expect(s.eventsSince('apps/deployments', s.resourceVersion)).toEqual([]);
  });

  it('fans out changes to watchers, with the previous object on MODIFIED', () => {
    const s = store();
    const seen: ChangeEvent[] = [];
    const stop = s.addWatcher({
      storage: 'apps/deployments',
      onChange: e => seen.push(e),
    });
    s.create(cm('a'));
    s.modify('apps/deployments', 'a', 'a', d => {
      d.spec.x = 9;
    });
    s.remove('apps/deployments', 'a', 'a');
    stop();
    s.create(cm('b'));
    expect(seen.map(e => e.type)).toEqual(['ADDED', 'MODIFIED', 'DELETED']);
    expect(seen[1].previous?.spec.x).toBe(1);
  });
});
