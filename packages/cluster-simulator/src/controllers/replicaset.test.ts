import { testCluster } from '../testing/testCluster';

const rs = (replicas: number) => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name: 'web-abc', namespace: 'default', labels: { app: 'web' } },
  spec: {
    replicas,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'app', image: 'web:1' }] },
    },
  },
});

describe('replicaset controller', () => {
  it('creates the missing pods from the template and counts them', () => {
    const t = testCluster();
    t.apply(rs(3));
    t.advance(5000);
    const pods = t.pods();
    expect(pods).toHaveLength(3);
    expect(pods[0].metadata.name).toMatch(
      /^web-abc-[bcdfghjklmnpqrstvwxz2456789]{5}$/,
    );
    expect(pods[0].metadata.ownerReferences![0]).toMatchObject({
      kind: 'ReplicaSet',
      name: 'web-abc',
      controller: true,
    });
    expect(pods[0].spec.tolerations).toHaveLength(2);
    expect(
      t.cluster.get('ReplicaSet', 'default', 'web-abc')!.status,
    ).toMatchObject({
      replicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      observedGeneration: 1,
    });
    expect(
      t.events('web-abc').filter(r => r === 'SuccessfulCreate'),
    ).toHaveLength(3);
  });

  it('deletes extras when scaled down, and replaces a deleted pod', () => {
    const t = testCluster();
    t.apply(rs(3));
    t.advance(5000);
    t.cluster.patch('ReplicaSet', 'default', 'web-abc', {
      spec: { replicas: 1 },
    });
    t.advance(4000);
    expect(t.cluster.list('Pod', 'default')).toHaveLength(1);
    const [only] = t.pods();
    t.cluster.delete('Pod', 'default', only.metadata.name);
    t.advance(5000);
    const now = t.pods();
    expect(now).toHaveLength(1);
    expect(now[0].metadata.name).not.toBe(only.metadata.name);
    expect(t.events('web-abc')).toContain('SuccessfulDelete');
  });
});
