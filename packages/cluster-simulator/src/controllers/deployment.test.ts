import { deployment, testCluster } from '../testing/testCluster';
import { resolveIntOrPercent } from './deployment';

const cond = (d: any, type: string) =>
  d.status.conditions.find((c: any) => c.type === type);

describe('deployment controller', () => {
  it('creates a ReplicaSet per template and reports a settled rollout', () => {
    const t = testCluster();
    t.apply(deployment('web', { replicas: 3 }));
    t.advance(6000);
    const d = t.cluster.get('Deployment', 'default', 'web')!;
    const rs = t.cluster.list('ReplicaSet', 'default');
    expect(rs).toHaveLength(1);
    expect(rs[0].metadata.name).toBe(
      `web-${rs[0].metadata.labels!['pod-template-hash']}`,
    );
    expect(rs[0].metadata.ownerReferences![0]).toMatchObject({
      kind: 'Deployment',
      name: 'web',
      controller: true,
    });
    expect(d.metadata.annotations!['deployment.kubernetes.io/revision']).toBe(
      '1',
    );
    expect(d.status).toMatchObject({
      observedGeneration: 1,
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
    });
    expect(cond(d, 'Available')).toMatchObject({
      status: 'True',
      reason: 'MinimumReplicasAvailable',
    });
    expect(cond(d, 'Progressing')).toMatchObject({
      status: 'True',
      reason: 'NewReplicaSetAvailable',
    });
    expect(t.events('web')).toEqual(['ScalingReplicaSet']);
  });

  it('rolls out a new image within maxSurge and maxUnavailable', () => {
    const t = testCluster();
    t.apply(
      deployment('web', {
        replicas: 4,
        strategy: {
          type: 'RollingUpdate',
          rollingUpdate: { maxSurge: 1, maxUnavailable: 0 },
        },
      }),
    );
    t.advance(6000);
    t.cluster.setImage('Deployment', 'default', 'web', 'app', 'web:2.0.0');
    let maxPods = 0;
    let minReady = Infinity;
    for (let i = 0; i < 40; i++) {
      t.advance(1000);
      const pods = t.pods();
      maxPods = Math.max(maxPods, pods.length);
      minReady = Math.min(
        minReady,
        pods.filter(p => p.status?.containerStatuses?.[0]?.ready).length,
      );
    }
    expect(maxPods).toBeLessThanOrEqual(5);
    expect(minReady).toBeGreaterThanOrEqual(4);
    const d = t.cluster.get('Deployment', 'default', 'web')!;
    expect(d.metadata.generation).toBe(2);
    expect(d.metadata.annotations!['deployment.kubernetes.io/revision']).toBe(
      '2',
    );
    expect(d.status).toMatchObject({
      observedGeneration: 2,
      updatedReplicas: 4,
      availableReplicas: 4,
    });
    expect(
      t.pods().every(p => p.spec.containers[0].image === 'web:2.0.0'),
    ).toBe(true);
    const rs = t.cluster.list('ReplicaSet', 'default');
    expect(rs.map(r => r.spec.replicas).sort()).toEqual([0, 4]);
  });

  it('reports ProgressDeadlineExceeded when new pods never get ready, keeping the old ones', () => {
    const t = testCluster();
    t.apply(deployment('web', { replicas: 2, progressDeadlineSeconds: 30 }));
    t.advance(6000);
    t.cluster.patch(
      'Deployment',
      'default',
      'web',
      {
        spec: {
          template: {
            metadata: {
              annotations: {
                'simulator.workload-status.dev/behaviour': 'image-pull-error',
              },
            },
            spec: { containers: [{ name: 'app', image: 'web:bad' }] },
          },
        },
      },
      'strategic',
    );
    t.advance(45_000);
    const d = t.cluster.get('Deployment', 'default', 'web')!;
    expect(cond(d, 'Progressing')).toMatchObject({
      status: 'False',
      reason: 'ProgressDeadlineExceeded',
    });
    expect(
      t.pods().filter(p => p.status.containerStatuses[0].ready),
    ).toHaveLength(2);
    expect(t.events('web')).toContain('ProgressDeadlineExceeded');
  });

  it('scales to zero and uses Recreate when asked', () => {
    const t = testCluster();
    t.apply(deployment('web', { replicas: 2, strategy: { type: 'Recreate' } }));
    t.advance(6000);
    t.cluster.setImage('Deployment', 'default', 'web', 'app', 'web:2.0.0');
    t.advance(1000);
    expect(
      t.pods().every(p => p.spec.containers[0].image === 'web:1.0.0'),
    ).toBe(true);
    t.advance(10_000);
    expect(t.pods().map(p => p.spec.containers[0].image)).toEqual([
      'web:2.0.0',
      'web:2.0.0',
    ]);
    t.cluster.patch('Deployment', 'default', 'web', { spec: { replicas: 0 } });
    t.advance(5000);
    expect(t.cluster.list('Pod', 'default')).toHaveLength(0);
    expect(
      t.cluster.get('Deployment', 'default', 'web')!.status.replicas,
    ).toBeUndefined();
  });

  it('resolves percentages like intstr', () => {
    expect(resolveIntOrPercent('25%', 3, true, '25%')).toBe(1);
    expect(resolveIntOrPercent('25%', 3, false, '25%')).toBe(0);
    expect(resolveIntOrPercent(undefined, 10, false, '25%')).toBe(2);
    expect(resolveIntOrPercent(2, 10, true, '25%')).toBe(2);
  });
});
