import { testCluster } from '../testing/testCluster';
import { nodeTolerated, NODE_MONITOR_GRACE_MS } from './node';

const ready = (n: any) =>
  n.status.conditions.find((c: any) => c.type === 'Ready');

describe('node controller', () => {
  it('starts nodes Ready with capacity and node info', () => {
    const t = testCluster(1);
    const node = t.cluster.get('Node', undefined, 'node-1')!;
    expect(ready(node)).toMatchObject({
      status: 'True',
      reason: 'KubeletReady',
    });
    expect(node.status.allocatable.pods).toBe('110');
    expect(node.status.nodeInfo.kubeletVersion).toMatch(/^v1\./);
  });

  it('declares a silent node Unknown after the grace period, taints it and loses its pods', () => {
    const t = testCluster(1);
    t.apply({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'default' },
      spec: { containers: [{ name: 'c', image: 'c:1' }] },
    });
    t.advance(5000);
    t.cluster.loseNode('node-1');
    t.advance(NODE_MONITOR_GRACE_MS - 2000);
    expect(ready(t.cluster.get('Node', undefined, 'node-1')!).status).toBe(
      'True',
    );
    t.advance(3000);
    const node = t.cluster.get('Node', undefined, 'node-1')!;
    expect(ready(node)).toMatchObject({
      status: 'Unknown',
      reason: 'NodeStatusUnknown',
      message: 'Kubelet stopped posting node status.',
    });
    expect(node.spec.taints.map((x: any) => `${x.key}:${x.effect}`)).toEqual([
      'node.kubernetes.io/unreachable:NoSchedule',
      'node.kubernetes.io/unreachable:NoExecute',
    ]);
    const pod = t.cluster.get('Pod', 'default', 'p')!;
    expect(pod.status).toMatchObject({ phase: 'Unknown', reason: 'NodeLost' });
    expect(t.events('node-1')).toContain('NodeNotReady');
    // The lost node's pod no longer changes.
    t.advance(10_000);
    expect(t.cluster.get('Pod', 'default', 'p')!.metadata.resourceVersion).toBe(
      pod.metadata.resourceVersion,
    );
    t.cluster.restoreNode('node-1');
    expect(ready(t.cluster.get('Node', undefined, 'node-1')!).status).toBe(
      'True',
    );
    expect(t.cluster.get('Pod', 'default', 'p')).toBeUndefined();
  });

  it('matches tolerations to taints', () => {
    const node: any = {
      spec: {
        taints: [{ key: 'dedicated', value: 'logging', effect: 'NoSchedule' }],
      },
    };
    expect(nodeTolerated(node, { spec: {} } as any)).toBe(false);
    expect(
      nodeTolerated(node, {
        spec: {
          tolerations: [
            { key: 'dedicated', operator: 'Equal', value: 'logging' },
          ],
        },
      } as any),
    ).toBe(true);
    expect(
      nodeTolerated(node, {
        spec: { tolerations: [{ operator: 'Exists' }] },
      } as any),
    ).toBe(true);
    expect(
      nodeTolerated(node, {
        spec: { tolerations: [{ key: 'dedicated', value: 'other' }] },
      } as any),
    ).toBe(false);
  });
});
