/**
 * Nodes: their kubelet-reported status, and what the node lifecycle
 * controller does when a node stops answering: after the grace period, the
 * node's conditions go Unknown (NodeStatusUnknown), it gets the unreachable
 * taints, and its pods are marked phase Unknown / reason NodeLost.
 */
import { kubeTime } from '../clock';
import { KubeObject } from '../types';
import { Controller, ControllerContext } from './context';

/** Annotation the simulator puts on a node to say its kubelet went silent (value: the time). */
export const NODE_LOST_MARK = 'simulator.workload-status.dev/lost-at';
/** How long after the kubelet goes silent the node is declared Unknown (shortened from 40 s). */
export const NODE_MONITOR_GRACE_MS = 20_000;

const CONDITIONS: Array<[string, string, string]> = [
  [
    'MemoryPressure',
    'KubeletHasSufficientMemory',
    'kubelet has sufficient memory available',
  ],
  ['DiskPressure', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
  [
    'PIDPressure',
    'KubeletHasSufficientPID',
    'kubelet has sufficient PID available',
  ],
  ['Ready', 'KubeletReady', 'kubelet is posting ready status'],
];

export function newNode(
  name: string,
  index: number,
  nowMs: number,
  extra: { labels?: Record<string, string>; taints?: any[] } = {},
): KubeObject {
  const t = kubeTime(nowMs);
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: {
        'beta.kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        'node.kubernetes.io/instance-type': 'm5.xlarge',
        'topology.kubernetes.io/zone': `eu-west-1${'abc'[index % 3]}`,
        ...(extra.labels ?? {}),
      },
      annotations: {
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    },
    spec: {
      podCIDR: `10.244.${index + 1}.0/24`,
      podCIDRs: [`10.244.${index + 1}.0/24`],
      providerID: `aws:///eu-west-1a/i-0${(index + 1)
        .toString(16)
        .padStart(16, '0')}`,
      ...(extra.taints ? { taints: extra.taints } : {}),
    },
    status: {
      addresses: [
        { type: 'InternalIP', address: `10.0.0.${11 + index}` },
        { type: 'Hostname', address: name },
      ],
      allocatable: {
        cpu: '3920m',
        'ephemeral-storage': '95491281146',
        memory: '15186036Ki',
        pods: '110',
      },
      capacity: {
        cpu: '4',
        'ephemeral-storage': '103589868Ki',
        memory: '16139892Ki',
        pods: '110',
      },
      conditions: CONDITIONS.map(([type, reason, message]) => ({
        type,
        status: type === 'Ready' ? 'True' : 'False',
        lastHeartbeatTime: t,
        lastTransitionTime: t,
        reason,
        message,
      })),
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        architecture: 'amd64',
        bootID: `00000000-0000-4000-8000-00000000000${index % 10}`,
        containerRuntimeVersion: 'containerd://1.7.27',
        kernelVersion: '6.8.0-1021-aws',
        kubeProxyVersion: '',
        kubeletVersion: 'v1.33.4',
        machineID: `ec2${String(index).padStart(29, '0')}`,
        operatingSystem: 'linux',
        osImage: 'Ubuntu 24.04.2 LTS',
        systemUUID: `ec2${String(index).padStart(
          5,
          '0',
        )}-0000-4000-8000-000000000000`,
      },
    },
  };
}

export function nodeIsReady(node: KubeObject): boolean {
  return (
    node.status?.conditions?.some(
      (c: any) => c.type === 'Ready' && c.status === 'True',
    ) ?? false
  );
}

/** Whether the pod tolerates every NoSchedule/NoExecute taint of the node. */
export function nodeTolerated(node: KubeObject, pod: KubeObject): boolean {
  const tolerations: any[] = pod.spec?.tolerations ?? [];
  return (node.spec?.taints ?? []).every((taint: any) => {
    if (taint.effect === 'PreferNoSchedule') return true;
    return tolerations.some(t => {
      if (t.effect && t.effect !== taint.effect) return false;
      if (t.operator === 'Exists') return !t.key || t.key === taint.key;
      return t.key === taint.key && (t.value ?? '') === (taint.value ?? '');
    });
  });
}

export class NodeController implements Controller {
  readonly name = 'node';

  reconcile(ctx: ControllerContext) {
    for (const node of ctx.store.list('/nodes')) {
      const lostAt = node.metadata.annotations?.[NODE_LOST_MARK];
      if (!lostAt) continue;
      if (ctx.now < Date.parse(lostAt) + NODE_MONITOR_GRACE_MS) continue;
      if (
        !nodeIsReady(node) &&
        node.status.conditions.find((c: any) => c.type === 'Ready').status ===
          'Unknown'
      )
        continue;
      const t = kubeTime(ctx.now);
      ctx.store.modify('/nodes', undefined, node.metadata.name, n => {
        n.status.conditions = n.status.conditions.map((c: any) => ({
          ...c,
          status: 'Unknown',
          reason: 'NodeStatusUnknown',
          message: 'Kubelet stopped posting node status.',
          lastTransitionTime: t,
        }));
        n.spec.taints = [
          ...(n.spec.taints ?? []),
          {
            key: 'node.kubernetes.io/unreachable',
            effect: 'NoSchedule',
            timeAdded: t,
          },
          {
            key: 'node.kubernetes.io/unreachable',
            effect: 'NoExecute',
            timeAdded: t,
          },
        ];
      });
      ctx.events.record(
        node,
        'Normal',
        'NodeNotReady',
        `Node ${node.metadata.name} status is now: NodeNotReady`,
        { component: 'node-controller' },
        ctx.now,
      );
      for (const pod of ctx.store
        .list('/pods')
        .filter(p => p.spec.nodeName === node.metadata.name)) {
        if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed')
          continue;
        ctx.store.modify(
          '/pods',
          pod.metadata.namespace,
          pod.metadata.name,
          p => {
            p.status = {
              ...p.status,
              phase: 'Unknown',
              reason: 'NodeLost',
              message: `Node ${node.metadata.name} which was running pod ${pod.metadata.name} is unresponsive`,
              conditions: (p.status?.conditions ?? []).map((c: any) =>
                c.type === 'Ready' || c.type === 'ContainersReady'
                  ? {
                      ...c,
                      status: 'False',
                      reason: 'NodeLost',
                      message: undefined,
                      lastTransitionTime: t,
                    }
                  : c,
              ),
              containerStatuses: (p.status?.containerStatuses ?? []).map(
                (s: any) => ({ ...s, ready: false }),
              ),
            };
            for (const c of p.status.conditions)
              if (c.message === undefined) delete c.message;
          },
        );
        ctx.events.record(
          pod,
          'Warning',
          'NodeNotReady',
          'Node is not ready',
          { component: 'node-controller' },
          ctx.now,
        );
      }
    }
  }
}

/** Marks a node's kubelet as silent from `nowMs` (the controller does the rest). */
export function loseNode(node: KubeObject, nowMs: number): KubeObject {
  return {
    ...node,
    metadata: {
      ...node.metadata,
      annotations: {
        ...(node.metadata.annotations ?? {}),
        [NODE_LOST_MARK]: kubeTime(nowMs),
      },
    },
  };
}

/** Brings a lost node back: Ready again, taints removed. */
export function restoreNode(node: KubeObject, nowMs: number): KubeObject {
  const annotations = { ...(node.metadata.annotations ?? {}) };
  delete annotations[NODE_LOST_MARK];
  const t = kubeTime(nowMs);
  return {
    ...node,
    metadata: { ...node.metadata, annotations },
    spec: {
      ...node.spec,
      taints: (node.spec.taints ?? []).filter(
        (x: any) => x.key !== 'node.kubernetes.io/unreachable',
      ),
    },
    status: {
      ...node.status,
      conditions: CONDITIONS.map(([type, reason, message]) => ({
        type,
        status: type === 'Ready' ? 'True' : 'False',
        lastHeartbeatTime: t,
        lastTransitionTime: t,
        reason,
        message,
      })),
    },
  };
}
