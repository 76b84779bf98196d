import { testCluster } from '../testing/testCluster';

const sts = (image: string, partition = 0) => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'db', namespace: 'default' },
  spec: {
    replicas: 3,
    serviceName: 'db',
    selector: { matchLabels: { app: 'db' } },
    updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition } },
    template: {
      metadata: { labels: { app: 'db' } },
      spec: { containers: [{ name: 'db', image }] },
    },
  },
});

describe('statefulset controller', () => {
  it('creates ordinal pods one at a time (OrderedReady)', () => {
    const t = testCluster();
    t.apply(sts('db:1'));
    expect(t.pods().map(p => p.metadata.name)).toEqual(['db-0']);
    t.advance(3000);
    expect(t.pods().map(p => p.metadata.name)).toEqual(['db-0']); // db-0 is not ready yet
    t.advance(1000);
    expect(t.pods().map(p => p.metadata.name)).toEqual(['db-0', 'db-1']);
    t.advance(10_000);
    const s = t.cluster.get('StatefulSet', 'default', 'db')!;
    expect(s.status).toMatchObject({
      replicas: 3,
      readyReplicas: 3,
      currentReplicas: 3,
      updatedReplicas: 3,
    });
    expect(s.status.currentRevision).toBe(s.status.updateRevision);
    expect(t.pods()[1].metadata.labels).toMatchObject({
      'statefulset.kubernetes.io/pod-name': 'db-1',
      'apps.kubernetes.io/pod-index': '1',
    });
  });

  it('rolls out from the highest ordinal down to the partition', () => {
    const t = testCluster();
    t.apply(sts('db:1'));
    t.advance(15_000);
    t.cluster.patch(
      'StatefulSet',
      'default',
      'db',
      {
        spec: {
          updateStrategy: { rollingUpdate: { partition: 1 } },
          template: { spec: { containers: [{ name: 'db', image: 'db:2' }] } },
        },
      },
      'strategic',
    );
    t.advance(30_000);
    const images = Object.fromEntries(
      t.pods().map(p => [p.metadata.name, p.spec.containers[0].image]),
    );
    expect(images).toEqual({ 'db-0': 'db:1', 'db-1': 'db:2', 'db-2': 'db:2' });
    const s = t.cluster.get('StatefulSet', 'default', 'db')!;
    expect(s.status.updatedReplicas).toBe(2);
    expect(s.status.currentRevision).not.toBe(s.status.updateRevision);
  });
});
