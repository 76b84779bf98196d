import { testCluster } from '../testing/testCluster';

const ds = (tolerations: any[] = []) => ({
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name: 'agent', namespace: 'default' },
  spec: {
    selector: { matchLabels: { app: 'agent' } },
    template: {
      metadata: { labels: { app: 'agent' } },
      spec: { tolerations, containers: [{ name: 'agent', image: 'agent:1' }] },
    },
  },
});

describe('daemonset controller', () => {
  it('runs one pod per node, pinned by node affinity', () => {
    const t = testCluster(3);
    t.apply(ds());
    t.advance(5000);
    const pods = t.pods();
    expect(pods.map(p => p.spec.nodeName).sort()).toEqual([
      'node-1',
      'node-2',
      'node-3',
    ]);
    expect(
      pods[0].spec.affinity.nodeAffinity
        .requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]
        .matchFields[0].key,
    ).toBe('metadata.name');
    expect(
      t.cluster.get('DaemonSet', 'default', 'agent')!.status,
    ).toMatchObject({
      desiredNumberScheduled: 3,
      currentNumberScheduled: 3,
      numberReady: 3,
      updatedNumberScheduled: 3,
      numberMisscheduled: 0,
    });
  });

  it('skips nodes with taints it does not tolerate', () => {
    const t = testCluster(2);
    t.cluster.store.modify('/nodes', undefined, 'node-2', n => {
      n.spec.taints = [
        { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' },
      ];
    });
    t.apply(ds());
    t.advance(5000);
    expect(t.pods().map(p => p.spec.nodeName)).toEqual(['node-1']);
    t.apply(ds([{ operator: 'Exists', effect: 'NoSchedule' }]));
    t.advance(5000);
    expect(
      t
        .pods()
        .map(p => p.spec.nodeName)
        .sort(),
    ).toEqual(['node-1', 'node-2']);
  });

  it('keeps the pod of a lost node, Unknown, and counts it unavailable', () => {
    const t = testCluster(3);
    t.apply(ds());
    t.advance(5000);
    t.cluster.loseNode('node-3');
    t.advance(25_000);
    const lost = t.pods().find(p => p.spec.nodeName === 'node-3')!;
    expect(lost.status).toMatchObject({ phase: 'Unknown', reason: 'NodeLost' });
    expect(
      t.cluster.get('DaemonSet', 'default', 'agent')!.status,
    ).toMatchObject({
      desiredNumberScheduled: 3,
      numberReady: 2,
      numberUnavailable: 1,
    });
  });
});
