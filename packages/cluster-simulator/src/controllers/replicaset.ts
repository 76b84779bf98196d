/**
 * The ReplicaSet controller: keeps `spec.replicas` live pods (not
 * terminating, not finished) matching the selector, creating pods from the
 * template (`<rs>-<suffix>`) and deleting the least useful extras first
 * (unscheduled, then not ready, then the youngest), as kube-controller-manager
 * ranks them. Reports replicas / ready / available counts.
 */
import { kubeTime } from '../clock';
import { KubeObject } from '../types';
import {
  Controller,
  ControllerContext,
  controllerRef,
  isTerminating,
  ownedBy,
  templateMeta,
} from './context';

const SOURCE = { component: 'replicaset-controller' };

export function podIsReady(pod: KubeObject): boolean {
  return (
    pod.status?.conditions?.some(
      (c: any) => c.type === 'Ready' && c.status === 'True',
    ) ?? false
  );
}

/** Ready for at least minReadySeconds (the apps controllers' "available"). */
export function podIsAvailable(
  pod: KubeObject,
  minReadySeconds: number,
  now: number,
): boolean {
  const ready = pod.status?.conditions?.find(
    (c: any) => c.type === 'Ready' && c.status === 'True',
  );
  if (!ready) return false;
  return (
    minReadySeconds <= 0 ||
    Date.parse(ready.lastTransitionTime) + minReadySeconds * 1000 <= now
  );
}

export function podIsActive(pod: KubeObject): boolean {
  return (
    !isTerminating(pod) &&
    pod.status?.phase !== 'Succeeded' &&
    pod.status?.phase !== 'Failed'
  );
}

/** Builds a pod from a template the way the workload controllers do. */
export function podFromTemplate(
  owner: KubeObject,
  template: any,
  name: string | undefined,
  extraLabels: Record<string, string> = {},
): KubeObject {
  const meta = templateMeta(template);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: name ?? '',
      ...(name ? {} : { generateName: `${owner.metadata.name}-` }),
      namespace: owner.metadata.namespace,
      labels: { ...meta.labels, ...extraLabels },
      ...(Object.keys(meta.annotations).length
        ? { annotations: meta.annotations }
        : {}),
      ownerReferences: [controllerRef(owner)],
    },
    spec: withPodDefaults(template.spec),
  };
}

/** The defaults the apiserver fills into a pod spec. */
export function withPodDefaults(spec: any): any {
  const containerDefaults = (c: any) => ({
    imagePullPolicy:
      c.image?.endsWith(':latest') || !c.image?.includes(':')
        ? 'Always'
        : 'IfNotPresent',
    resources: {},
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    ...c,
    volumeMounts: [
      ...(c.volumeMounts ?? []),
      {
        name: 'kube-api-access',
        mountPath: '/var/run/secrets/kubernetes.io/serviceaccount',
        readOnly: true,
      },
    ],
  });
  return {
    dnsPolicy: 'ClusterFirst',
    enableServiceLinks: true,
    preemptionPolicy: 'PreemptLowerPriority',
    priority: 0,
    restartPolicy: 'Always',
    schedulerName: 'default-scheduler',
    securityContext: {},
    serviceAccount: spec.serviceAccountName ?? 'default',
    serviceAccountName: 'default',
    terminationGracePeriodSeconds: 30,
    ...spec,
    containers: spec.containers.map(containerDefaults),
    ...(spec.initContainers
      ? { initContainers: spec.initContainers.map(containerDefaults) }
      : {}),
    tolerations: [
      ...(spec.tolerations ?? []),
      {
        effect: 'NoExecute',
        key: 'node.kubernetes.io/not-ready',
        operator: 'Exists',
        tolerationSeconds: 300,
      },
      {
        effect: 'NoExecute',
        key: 'node.kubernetes.io/unreachable',
        operator: 'Exists',
        tolerationSeconds: 300,
      },
    ],
    volumes: [
      ...(spec.volumes ?? []),
      {
        name: 'kube-api-access',
        projected: {
          defaultMode: 420,
          sources: [
            { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
            {
              configMap: {
                items: [{ key: 'ca.crt', path: 'ca.crt' }],
                name: 'kube-root-ca.crt',
              },
            },
            {
              downwardAPI: {
                items: [
                  {
                    fieldRef: {
                      apiVersion: 'v1',
                      fieldPath: 'metadata.namespace',
                    },
                    path: 'namespace',
                  },
                ],
              },
            },
          ],
        },
      },
    ],
  };
}

/** Deletion cost ranking: unscheduled < pending < not ready < ready; younger first. */
function deletionRank(pod: KubeObject): number {
  if (!pod.spec.nodeName) return 0;
  if (pod.status?.phase === 'Pending') return 1;
  if (!podIsReady(pod)) return 2;
  return 3;
}

export class ReplicaSetController implements Controller {
  readonly name = 'replicaset';

  reconcile(ctx: ControllerContext) {
    for (const rs of ctx.store.list('apps/replicasets')) {
      if (isTerminating(rs)) continue;
      const pods = ownedBy(ctx, '/pods', rs);
      const active = pods.filter(podIsActive);
      const desired = rs.spec.replicas ?? 1;
      if (active.length < desired) {
        for (let i = active.length; i < desired; i++) {
          const pod = ctx.store.create(
            podFromTemplate(rs, rs.spec.template, undefined),
          );
          ctx.events.record(
            rs,
            'Normal',
            'SuccessfulCreate',
            `Created pod: ${pod.metadata.name}`,
            SOURCE,
            ctx.now,
          );
        }
      } else if (active.length > desired) {
        const victims = [...active]
          .sort(
            (a, b) =>
              deletionRank(a) - deletionRank(b) ||
              b.metadata.creationTimestamp!.localeCompare(
                a.metadata.creationTimestamp!,
              ),
          )
          .slice(0, active.length - desired);
        for (const pod of victims) {
          markDeleted(ctx, '/pods', pod);
          ctx.events.record(
            rs,
            'Normal',
            'SuccessfulDelete',
            `Deleted pod: ${pod.metadata.name}`,
            SOURCE,
            ctx.now,
          );
        }
      }
      const current = ownedBy(ctx, '/pods', rs).filter(p => !isTerminating(p));
      const minReady = rs.spec.minReadySeconds ?? 0;
      const status = {
        replicas: current.filter(podIsActive).length,
        fullyLabeledReplicas: current.filter(podIsActive).length,
        readyReplicas: current.filter(podIsReady).length,
        availableReplicas: current.filter(p =>
          podIsAvailable(p, minReady, ctx.now),
        ).length,
        terminatingReplicas: pods.filter(isTerminating).length,
        observedGeneration: rs.metadata.generation,
      };
      const clean: any = { ...status };
      for (const k of [
        'fullyLabeledReplicas',
        'readyReplicas',
        'availableReplicas',
        'terminatingReplicas',
      ])
        if (!clean[k]) delete clean[k];
      if (JSON.stringify(rs.status) !== JSON.stringify(clean)) {
        ctx.store.modify(
          'apps/replicasets',
          rs.metadata.namespace,
          rs.metadata.name,
          r => {
            r.status = clean;
          },
        );
      }
    }
  }
}

/** What a DELETE does to an object: sets deletionTimestamp (the GC and kubelet finish it). */
export function markDeleted(
  ctx: ControllerContext,
  storage: string,
  obj: KubeObject,
  graceSeconds?: number,
) {
  ctx.store.modify(storage, obj.metadata.namespace, obj.metadata.name, o => {
    if (o.metadata.deletionTimestamp) return;
    const grace =
      graceSeconds ??
      o.spec?.terminationGracePeriodSeconds ??
      (o.kind === 'Pod' ? 30 : 0);
    o.metadata.deletionTimestamp = kubeTime(ctx.now + grace * 1000);
    o.metadata.deletionGracePeriodSeconds = grace;
  });
}
