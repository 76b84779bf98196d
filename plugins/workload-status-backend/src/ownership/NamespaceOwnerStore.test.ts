import { NamespaceOwnerStore, projectNamespace } from './NamespaceOwnerStore';

const KEY = 'backstage.io/owner';
const ns = (
  name: string,
  rv: string,
  meta: {
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  },
) =>
  projectNamespace(KEY)({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name,
      uid: `uid-${name}`,
      resourceVersion: rv,
      managedFields: [{ manager: 'kubectl' }],
      ...meta,
    } as any,
    spec: { finalizers: ['kubernetes'] },
  });

describe('NamespaceOwnerStore', () => {
  it('keeps only the name, the uid, the version and the owner key', () => {
    expect(
      ns('shop', '1', {
        labels: { [KEY]: 'team-shop', team: 'x' },
        annotations: { [KEY]: 'group:default/team-shop', note: 'big' },
      }),
    ).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: 'shop',
        uid: 'uid-shop',
        resourceVersion: '1',
        labels: { [KEY]: 'team-shop' },
        annotations: { [KEY]: 'group:default/team-shop' },
      },
    });
  });

  it("reads each namespace's owner and reports changes of owner only", () => {
    const changed: string[] = [];
    const store = new NamespaceOwnerStore(KEY, n => changed.push(n));
    store.upsert(ns('shop', '1', { labels: { [KEY]: 'team-shop' } }));
    store.upsert(
      ns('data', '1', { annotations: { [KEY]: 'user:default/dana' } }),
    );
    store.upsert(ns('scratch', '1', {}));
    expect(store.get('shop')).toEqual({
      owner: 'group:default/team-shop',
      from: 'label',
    });
    expect(store.get('data')).toEqual({
      owner: 'user:default/dana',
      from: 'annotation',
    });
    expect(store.get('scratch')).toEqual({
      problem: 'has no backstage.io/owner label or annotation',
    });
    expect(store.get('nowhere')).toBeUndefined();
    expect(changed).toEqual(['shop', 'data', 'scratch']);

    // same version (a relist), then a new version with the same owner
    store.upsert(ns('shop', '1', { labels: { [KEY]: 'team-shop' } }));
    store.upsert(
      ns('shop', '2', { labels: { [KEY]: 'team-shop', other: 'x' } }),
    );
    expect(changed).toHaveLength(3);

    store.upsert(ns('shop', '3', { labels: { [KEY]: 'team-data' } }));
    expect(store.get('shop')?.owner).toBe('group:default/team-data');
    store.delete('uid-shop');
    expect(store.get('shop')).toBeUndefined();
    expect(changed).toEqual(['shop', 'data', 'scratch', 'shop', 'shop']);
    expect(store.uidsOfKind('Namespace').sort()).toEqual([
      'uid-data',
      'uid-scratch',
    ]);
  });

  it.each([
    [
      'a label and an annotation naming two owners',
      {
        labels: { [KEY]: 'team-shop' },
        annotations: { [KEY]: 'group:default/team-data' },
      },
      'names two owners in its backstage.io/owner label and annotation',
    ],
    [
      'a label that is no ref',
      { labels: { [KEY]: '' } },
      'has a backstage.io/owner label that is not an entity ref',
    ],
    [
      'an annotation that is no ref',
      { annotations: { [KEY]: 'group:default/team shop' } },
      'has a backstage.io/owner annotation that is not an entity ref',
    ],
  ])('believes no owner for %s', (_what, meta, problem) => {
    const store = new NamespaceOwnerStore(KEY, () => {});
    store.upsert(ns('x', '1', meta));
    expect(store.get('x')).toEqual({ problem });
  });

  it('agrees with a label and an annotation naming the same owner', () => {
    const store = new NamespaceOwnerStore(KEY, () => {});
    store.upsert(
      ns('x', '1', {
        labels: { [KEY]: 'team-shop' },
        annotations: { [KEY]: 'group:default/team-shop' },
      }),
    );
    expect(store.get('x')?.owner).toBe('group:default/team-shop');
  });
});
