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

  /*
   * Objects live as text outside the heap: a reader gets an object of its
   * own, whose shared parts (labels, owners, containers) are frozen, so no
   * reader can change what the next one reads, or the indexes; the
   * indexes answer without parsing.
   */
  it('keeps objects as text and gives each reader its own object', () => {
    const store = new ObjectStore();
    const withContainers = (uid: string, rv: string) => ({
      ...pod(uid, { app: 'web', tier: 'x' }, rv, 'rs1'),
      spec: { nodeName: uid, containers: [{ name: 'app', image: 'x:1' }] },
      status: { phase: 'Running' },
    });
    store.upsert(withContainers('a', '7'));
    store.upsert(withContainers('b', '1'));
    const read = store.get('a')!;
    expect(read).toEqual(withContainers('a', '7'));
    read.metadata!.namespace = 'elsewhere';
    read.status.phase = 'Failed';
    expect(() => {
      read.metadata!.labels!.app = 'changed';
    }).toThrow(TypeError);
    expect(() => {
      read.spec.containers[0].image = 'evil:1';
    }).toThrow(TypeError);
    expect(store.get('a')).toEqual(withContainers('a', '7'));
    expect(store.get('a')).not.toBe(store.get('a'));
    expect(store.get('b')?.spec.containers).toBe(read.spec.containers);
    expect(store.containersOfUid('b')).toBe(read.spec.containers);
    expect(store.get('b')?.spec.nodeName).toBe('b');

    expect(store.namespaceOfUid('a')).toBe('shop');
    expect(store.nameOfUid('a')).toEqual({
      kind: 'Pod',
      namespace: 'shop',
      name: 'a',
    });
    // pods of one template share one frozen label set
    const labels = store.labelsOfUid('a')!;
    expect(labels).toEqual({ app: 'web', tier: 'x' });
    expect(store.labelsOfUid('b')).toBe(labels);
    expect(Object.isFrozen(labels)).toBe(true);
    expect(store.holdsVersion('a', '7')).toBe(true);
    expect(store.labelsOfUid('gone')).toBeUndefined();
  });

  it('frees the text of what it no longer holds', () => {
    const store = new ObjectStore();
    const big = (uid: string, rv: string) => ({
      ...pod(uid, {}, rv),
      status: { message: 'é'.repeat(200_000) }, // past a chunk's share
    });
    store.upsert(pod('small', {}));
    const base = store.textBytes;
    store.upsert(big('big', '1'));
    expect(store.textBytes).toBeGreaterThan(base + 400_000);
    store.upsert(big('big', '2'));
    expect(store.textBytes).toBeLessThan(base + 410_000);
    store.delete('big');
    expect(store.textBytes).toBe(base);
    expect(store.get('big')).toBeUndefined();
    expect(store.get('small')?.metadata?.uid).toBe('small');
  });

  /*
   * A cluster (or a kind registered by an adopter) can send any JSON: a
   * field of an unexpected type is not held apart, it stays in the text,
   * and every object reads back as it was stored.
   */
  it('reads back objects whose fields have unexpected types', () => {
    const store = new ObjectStore();
    const odd = {
      kind: 'Widget',
      metadata: {
        uid: 'w1',
        name: 42,
        namespace: ['x'],
        resourceVersion: { v: 1 },
        labels: 'app=web',
        ownerReferences: { uid: 'o' },
      },
      spec: { containers: 'app', uid: 'spec-uid', name: 'kept' },
      status: 'fine',
    } as any;
    store.upsert(odd);
    expect(store.get('w1')).toEqual(odd);
    expect(store.namespaceOfUid('w1')).toBeUndefined();
    expect(store.labelsOfUid('w1')).toBeUndefined();
    const bare = { metadata: { uid: 'b1' } };
    store.upsert(bare);
    expect(store.get('b1')).toEqual(bare);
  });
});
