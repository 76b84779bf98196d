import { barePod, deployment, testCluster } from '../testing/testCluster';

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

  it('does not let an owner in another namespace own, or cascade into, a pod', () => {
    const t = testCluster();
    t.apply(deployment('web', { replicas: 1 }));
    t.advance(5000);
    const owner = t.cluster.get('Deployment', 'default', 'web')!;
    const ref = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'web',
      uid: owner.metadata.uid!,
      controller: true,
    };
    // the same pod shape in namespace other, claiming default's Deployment
    const foreign = barePod('claimer');
    foreign.metadata.namespace = 'other';
    foreign.metadata.ownerReferences = [ref];
    t.apply(foreign);
    t.advance(1000);
    // an owner reference across namespaces is absent: the claimer is collected
    expect(
      t.cluster.get('Pod', 'other', 'claimer')?.metadata.deletionTimestamp,
    ).toBeDefined();

    // and deleting default's Deployment never reaches into namespace other
    const bystander = barePod('bystander');
    bystander.metadata.namespace = 'other';
    bystander.metadata.ownerReferences = [
      ref,
      {
        apiVersion: 'v1',
        kind: 'Node',
        name: 'node-1',
        uid: t.cluster.get('Node', undefined, 'node-1')!.metadata.uid!,
      },
    ];
    t.apply(bystander);
    t.cluster.delete('Deployment', 'default', 'web');
    t.advance(6000);
    expect(t.cluster.get('Deployment', 'default', 'web')).toBeUndefined();
    expect(
      t.cluster.get('Pod', 'other', 'bystander')?.metadata.deletionTimestamp,
    ).toBeUndefined();
  });
});
