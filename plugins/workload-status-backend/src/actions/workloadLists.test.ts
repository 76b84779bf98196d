import { ClusterRequestError } from '../cluster/ClusterConnection';
import { findAutoscaler, listReplicaSets } from './workloadLists';

const ref = {
  cluster: 'production',
  namespace: 'shop',
  name: 'storefront',
  kind: 'Deployment',
};

/** A connection whose GET answers with `answer` and keeps the paths asked. */
function answering(answer: (path: string) => unknown) {
  const paths: string[] = [];
  return {
    paths,
    connection: {
      getJson: async <T>(path: string): Promise<T> => {
        paths.push(path);
        const value = answer(path);
        if (value instanceof Error) throw value;
        return value as T;
      },
    },
  };
}

const hpa = (name: string, kind: string, target: string) => ({
  metadata: { name },
  spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind, name: target } },
});

describe('findAutoscaler', () => {
  it('names the HPA whose scaleTargetRef is the workload, reading one bounded page', async () => {
    const { connection, paths } = answering(() => ({
      items: [
        hpa('other', 'Deployment', 'checkout'),
        hpa('same-name-other-kind', 'StatefulSet', 'storefront'),
        hpa('storefront-hpa', 'Deployment', 'storefront'),
      ],
    }));
    expect(await findAutoscaler(connection, ref)).toBe('storefront-hpa');
    expect(paths).toEqual([
      '/apis/autoscaling/v2/namespaces/shop/horizontalpodautoscalers?limit=500',
    ]);
  });

  it('finds none in a cluster without autoscaling/v2 (404) or without items', async () => {
    expect(
      await findAutoscaler(
        answering(() => new ClusterRequestError('not found', 404)).connection,
        ref,
      ),
    ).toBeUndefined();
    expect(
      await findAutoscaler(answering(() => ({ items: 'x' })).connection, ref),
    ).toBeUndefined();
  });

  it('turns another failure into the error clusterCallError words', async () => {
    await expect(
      findAutoscaler(
        answering(
          () => new ClusterRequestError('GET ... answered 403: no', 403),
        ).connection,
        ref,
      ),
    ).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
      message: expect.stringContaining(
        "The plugin's service account may not list horizontalpodautoscalers in cluster production",
      ),
    });
    await expect(
      findAutoscaler(
        answering(() => new ClusterRequestError('connect ECONNREFUSED'))
          .connection,
        ref,
      ),
    ).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
      message: expect.stringContaining('cannot be reached'),
    });
  });
});

describe('listReplicaSets', () => {
  it("lists by the Deployment's matchLabels", async () => {
    const { connection, paths } = answering(() => ({ items: [{ a: 1 }] }));
    expect(
      await listReplicaSets(connection, ref, {
        spec: {
          selector: { matchLabels: { 'app.kubernetes.io/name': 'storefront' } },
          template: {},
        },
      }),
    ).toEqual([{ a: 1 }]);
    expect(paths).toEqual([
      '/apis/apps/v1/namespaces/shop/replicasets?labelSelector=app.kubernetes.io%2Fname%3Dstorefront&limit=500',
    ]);
  });
});
