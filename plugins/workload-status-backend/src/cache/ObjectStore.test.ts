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

const replicaSet = (uid: string, namespace = 'shop') => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { uid, name: uid, namespace, resourceVersion: '1' },
});

describe('ObjectStore', () => {
  it('indexes by kind, namespace, label and owner, and unindexes on change', () => {
    const store = new ObjectStore();
    store.upsert(replicaSet('rs1'));
    store.upsert(pod('a', { app: 'web', tier: 'x' }, '1', 'rs1'));
    store.indexLabelKey('app'); // after the fact: scans what is there
    store.upsert(pod('b', { app: 'api' }));
    expect([...store.uidsWithLabel('app', 'web')]).toEqual(['a']);
    expect(() => store.uidsWithLabel('tier', 'x')).toThrow(/not indexed/);
    expect([...store.childrenOf('rs1')]).toEqual(['a']);
    expect(store.uidsOfKind('Pod').sort()).toEqual(['a', 'b']);
    expect(store.countsByKind()).toEqual({ Pod: 2, ReplicaSet: 1 });

    store.upsert(pod('a', { app: 'api' }, '2'));
    expect(store.uidsWithLabel('app', 'web').size).toBe(0);
    expect(store.childrenOf('rs1')).toEqual([]);
    expect([...store.uidsWithLabel('app', 'api')].sort()).toEqual(['a', 'b']);

    store.delete('b');
    expect([...store.uidsWithLabel('app', 'api')]).toEqual(['a']);
    expect(store.size).toBe(2);
    expect(store.countsByKind()).toEqual({ Pod: 1, ReplicaSet: 1 });
  });

  /*
   * An ownerReference names an object of the dependent's own namespace (it
   * has no namespace field), as the garbage collector reads it: a pod in
   * another namespace that copies a Job's uid does not join that Job's tree.
   */
  it('joins owners and dependents of one namespace only', () => {
    const store = new ObjectStore();
    store.upsert(replicaSet('rs1', 'shop'));
    store.upsert(pod('mine', {}, '1', 'rs1'));
    const intruder = pod('intruder', {}, '1', 'rs1');
    intruder.metadata.namespace = 'elsewhere';
    store.upsert(intruder);
    expect([...store.childrenOf('rs1')]).toEqual(['mine']);

    // dependents of an owner the store does not hold: none
    store.upsert(pod('orphan', {}, '1', 'rs-unknown'));
    expect(store.childrenOf('rs-unknown')).toEqual([]);

    // a cluster-scoped owner (a Node of a mirror pod) has them anywhere
    store.upsert({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { uid: 'node1', name: 'node1', resourceVersion: '1' },
    });
    store.upsert(pod('static', {}, '1', 'node1'));
    const other = pod('static-2', {}, '1', 'node1');
    other.metadata.namespace = 'kube-system';
    store.upsert(other);
    expect([...store.childrenOf('node1')].sort()).toEqual([
      'static',
      'static-2',
    ]);
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
