import { deployment, testCluster } from '../testing/testCluster';

describe('garbage collector', () => {
  it('cascades a Deployment delete to its ReplicaSets and pods, then removes it', () => {
    const t = testCluster();
    t.apply(deployment('web', { replicas: 2 }));
    t.advance(5000);
    t.cluster.delete('Deployment', 'default', 'web');
    expect(
      t.cluster.get('Deployment', 'default', 'web')!.metadata.deletionTimestamp,
    ).toBeDefined();
    t.advance(1000);
    expect(
      t.cluster.list('Pod', 'default').every(p => p.metadata.deletionTimestamp),
    ).toBe(true);
    t.advance(5000);
    expect(t.cluster.list('Pod', 'default')).toHaveLength(0);
    expect(t.cluster.list('ReplicaSet', 'default')).toHaveLength(0);
    expect(t.cluster.get('Deployment', 'default', 'web')).toBeUndefined();
  });
});
