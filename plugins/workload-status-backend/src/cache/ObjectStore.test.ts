import { ObjectStore, ObjectChange } from './ObjectStore';

const pod = (
  uid: string,
  labels: Record<string, string>,
  rv = '1',
  owner?: string,
) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    uid,
    name: uid,
    namespace: 'shop',
    resourceVersion: rv,
    labels,
    ownerReferences: owner
      ? [{ kind: 'ReplicaSet', name: owner, uid: owner }]
      : undefined,
  },
});

describe('ObjectStore', () => {
  it('indexes by kind, namespace, label and owner, and unindexes on change', () => {
    const store = new ObjectStore();
    store.upsert(pod('a', { app: 'web', tier: 'x' }, '1', 'rs1'));
    store.indexLabelKey('app'); // after the fact: scans what is there
    store.upsert(pod('b', { app: 'api' }));
    expect([...store.uidsWithLabel('app', 'web')]).toEqual(['a']);
    expect(() => store.uidsWithLabel('tier', 'x')).toThrow(/not indexed/);
    expect([...store.childrenOf('rs1')]).toEqual(['a']);
    expect(store.uidsOfKind('Pod').sort()).toEqual(['a', 'b']);
    expect(store.countsByKind()).toEqual({ Pod: 2 });

    store.upsert(pod('a', { app: 'api' }, '2'));
    expect(store.uidsWithLabel('app', 'web').size).toBe(0);
    expect(store.childrenOf('rs1').size).toBe(0);
    expect([...store.uidsWithLabel('app', 'api')].sort()).toEqual(['a', 'b']);

    store.delete('b');
    expect([...store.uidsWithLabel('app', 'api')]).toEqual(['a']);
    expect(store.size).toBe(1);
    expect(store.countsByKind()).toEqual({ Pod: 1 });
  });

  it('finds nodes by name', () => {
    const store = new ObjectStore();
    store.upsert({
      kind: 'Node',
      metadata: { uid: 'n1', name: 'node-1', resourceVersion: '1' },
    });
    expect(store.findNode('node-1')?.metadata?.uid).toBe('n1');
    store.delete('n1');
    expect(store.findNode('node-1')).toBeUndefined();
  });

  it('reports changes, but not a repeat of the same resourceVersion', () => {
    const store = new ObjectStore();
    const changes: ObjectChange[] = [];
    store.onChange(c => changes.push(c));
    store.upsert(pod('a', {}, '1'));
    store.upsert(pod('a', {}, '1'));
    store.upsert(pod('a', {}, '2'));
    store.delete('a');
    store.delete('a');
    expect(
      changes.map(c => [
        c.previous?.metadata?.resourceVersion,
        c.next?.metadata?.resourceVersion,
      ]),
    ).toEqual([
      [undefined, '1'],
      ['1', '2'],
      ['2', undefined],
    ]);
  });
});
