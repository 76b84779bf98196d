import { ObjectStore } from '../cache/ObjectStore';
import { EntityIndex } from './EntityIndex';
import { EntityMatcher } from './EntityMatcher';

const entity = (name: string, annotations: Record<string, string>) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default', annotations },
});

let n = 0;
const obj = (
  kind: string,
  name: string,
  labels: Record<string, string> = {},
  owner?: string,
  namespace = 'shop',
) => ({
  apiVersion: 'v1',
  kind,
  metadata: {
    uid: name,
    name,
    namespace,
    resourceVersion: String(++n),
    labels,
    ownerReferences: owner
      ? [{ kind: 'X', name: owner, uid: owner }]
      : undefined,
  },
});

function setup() {
  const store = new ObjectStore();
  const index = new EntityIndex();
  const dirty: string[][] = [];
  index.addCluster('prod', store);
  store.onChange(({ previous, next }) =>
    dirty.push([...index.applyChange('prod', previous, next)].sort()),
  );
  const matcher = new EntityMatcher('multiTenant');
  return { store, index, dirty, matcher };
}

describe('EntityIndex', () => {
  it('finds objects by selector and their owned objects by ownerReferences', () => {
    const { store, index, matcher } = setup();
    store.upsert(
      obj('Deployment', 'web', { 'backstage.io/kubernetes-id': 'web' }),
    );
    store.upsert(obj('ReplicaSet', 'web-rs', {}, 'web'));
    store.upsert(obj('Pod', 'web-pod', {}, 'web-rs'));
    store.upsert(
      obj('Deployment', 'api', { 'backstage.io/kubernetes-id': 'api' }),
    );
    index.setEntity(
      matcher.match(entity('web', { 'backstage.io/kubernetes-id': 'web' })),
    );
    expect(
      [...index.objectUids('component:default/web', 'prod')].sort(),
    ).toEqual(['web', 'web-pod', 'web-rs']);
  });

  it("does not join a pod of another namespace that names the entity's Job as owner", () => {
    const { store, index, matcher } = setup();
    const labels = { 'backstage.io/kubernetes-id': 'reports' };
    store.upsert(obj('CronJob', 'reports', labels, undefined, 'data'));
    store.upsert(obj('Job', 'reports-1', {}, 'reports', 'data'));
    store.upsert(obj('Pod', 'reports-1-pod', {}, 'reports-1', 'data'));
    // someone who may create pods in shop copies the Job's uid
    store.upsert(obj('Pod', 'intruder', {}, 'reports-1', 'shop'));
    index.setEntity(
      matcher.match(
        entity('reports', { 'backstage.io/kubernetes-id': 'reports' }),
      ),
    );
    expect(
      [...index.objectUids('component:default/reports', 'prod')].sort(),
    ).toEqual(['reports', 'reports-1', 'reports-1-pod']);
  });

  it('marks only the entities an object change concerns', () => {
    const { store, index, dirty, matcher } = setup();
    index.setEntity(
      matcher.match(entity('web', { 'backstage.io/kubernetes-id': 'web' })),
    );
    index.setEntity(
      matcher.match(
        entity('api', { 'backstage.io/kubernetes-label-selector': 'app=api' }),
      ),
    );
    index.setEntity(
      matcher.match(
        entity('web-shop', {
          'backstage.io/kubernetes-id': 'web',
          'backstage.io/kubernetes-namespace': 'shop',
        }),
      ),
    );
    store.upsert(
      obj('Deployment', 'web', { 'backstage.io/kubernetes-id': 'web' }),
    );
    expect(dirty.pop()).toEqual([
      'component:default/web',
      'component:default/web-shop',
    ]);
    store.upsert(
      obj(
        'Deployment',
        'web2',
        { 'backstage.io/kubernetes-id': 'web' },
        undefined,
        'other',
      ),
    );
    expect(dirty.pop()).toEqual(['component:default/web']);
    store.upsert(obj('Deployment', 'api', { app: 'api' }));
    expect(dirty.pop()).toEqual(['component:default/api']);

    // a child without labels reaches its owner's entities once they were computed
    index.objectUids('component:default/web', 'prod');
    store.upsert(obj('ReplicaSet', 'web-rs', {}, 'web'));
    expect(dirty.pop()).toEqual(['component:default/web']);
    // relabelled away: still dirties the entity it left
    store.upsert(obj('Deployment', 'api', { app: 'other' }));
    expect(dirty.pop()).toEqual(['component:default/api']);
    expect(index.objectUids('component:default/api', 'prod').size).toBe(0);
  });

  it('records invalid selectors as errors that match nothing', () => {
    const { index, matcher } = setup();
    const match = matcher.match(
      entity('bad', { 'backstage.io/kubernetes-label-selector': 'app in (x' }),
    );
    expect(match.error).toMatch(/kubernetes-label-selector.*unbalanced/);
    index.setEntity(match);
    expect(index.objectUids('component:default/bad', 'prod').size).toBe(0);
  });

  it('restricts clusters by the service locator method', () => {
    const single = new EntityMatcher('singleTenant');
    expect(
      single.match(
        entity('x', {
          'backstage.io/kubernetes-id': 'x',
          'backstage.io/kubernetes-cluster': 'edge',
        }),
      ).clusters,
    ).toEqual(['edge']);
    expect(
      new EntityMatcher('multiTenant').match(
        entity('x', {
          'backstage.io/kubernetes-id': 'x',
          'backstage.io/kubernetes-cluster': 'edge',
        }),
      ).clusters,
    ).toBeUndefined();
  });
});
