import { NotAllowedError } from '@backstage/errors';
import type { KubeObject } from '@workload-status/backstage-plugin-workload-status-common';
import type { ClusterCache } from '../cache/ClusterCache';
import { ObjectStore } from '../cache/ObjectStore';
import { EntityIndex } from '../matching/EntityIndex';
import { LabelSelector } from '../matching/LabelSelector';
import { EntityObjects } from './EntityObjects';

const pod = (name: string, namespace: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name,
    namespace,
    uid: `uid-${namespace}-${name}`,
    labels: { 'backstage.io/kubernetes-id': 'claim' },
  },
});

/**
 * An entity `claim` whose selector finds pods in `shop` (its owner's
 * namespace) and in `data` (another team's), with an ownership rule that
 * allows `shop` only.
 */
function setup() {
  const store = new ObjectStore();
  [pod('a', 'shop'), pod('b', 'data'), pod('c', 'data')].forEach(p =>
    store.upsert(p),
  );
  const index = new EntityIndex();
  index.addCluster('prod', store);
  index.setEntity({
    entityRef: 'component:default/claim',
    selector: LabelSelector.parse('backstage.io/kubernetes-id=claim'),
  });
  const asked: Array<[string, string, string]> = [];
  const objects = new EntityObjects(
    {
      index,
      clusterCaches: () =>
        new Map([['prod', { store } as unknown as ClusterCache]]),
      connection: () => undefined,
    },
    { ensure: async () => true },
    {
      async authorize(entityRef, cluster, namespace) {
        asked.push([entityRef, cluster, namespace]);
        if (namespace !== 'shop') {
          throw new NotAllowedError(`namespace ${namespace} is team-data's`);
        }
      },
      async allowedNamespaces(_ref, _cluster, namespaces) {
        return new Set([...namespaces].filter(n => n === 'shop'));
      },
    },
  );
  return { objects, asked };
}

const names = (clusters: Awaited<ReturnType<EntityObjects['resolve']>>) =>
  clusters.flatMap(c =>
    [...c.uids].map(uid => c.store.get(uid)?.metadata?.name),
  );

describe('EntityObjects', () => {
  it('resolves, for logs and actions, only the objects in namespaces the owner owns', async () => {
    const { objects } = setup();
    expect(names(await objects.resolve('component:default/claim'))).toEqual([
      'a',
    ]);
    // what the status shows anyway
    expect(
      names(await objects.resolveVisible('component:default/claim')).sort(),
    ).toEqual(['a', 'b', 'c']);
  });

  it('tells which of some namespaces the owner owns', async () => {
    const { objects } = setup();
    expect(
      await objects.ownedNamespaces('component:default/claim', 'prod', [
        'shop',
        'data',
      ]),
    ).toEqual(new Set(['shop']));
  });

  it('finds an object of the tree in an owned namespace', async () => {
    const { objects } = setup();
    await expect(
      objects.find('component:default/claim', {
        cluster: 'prod',
        kind: 'Pod',
        namespace: 'shop',
        name: 'a',
      }),
    ).resolves.toMatchObject({ metadata: { name: 'a' } });
  });

  it('answers 403 for an object of the tree in a namespace not owned, 404 for one not in the tree', async () => {
    const { objects, asked } = setup();
    await expect(
      objects.find('component:default/claim', {
        cluster: 'prod',
        kind: 'Pod',
        namespace: 'data',
        name: 'b',
      }),
    ).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: "namespace data is team-data's",
    });
    // not in the tree: the same 404 as ever, ownership not even asked
    asked.length = 0;
    await expect(
      objects.find('component:default/claim', {
        cluster: 'prod',
        kind: 'Pod',
        namespace: 'data',
        name: 'elsewhere',
      }),
    ).rejects.toMatchObject({
      name: 'NotFoundError',
      message:
        'component:default/claim has no Pod data/elsewhere in cluster prod',
    });
    expect(asked).toEqual([]);
  });
});
