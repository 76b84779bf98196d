/**
 * The DaemonSet controller: one pod per node that the pod template tolerates
 * and selects, pinned with required node affinity on `metadata.name` (as the
 * real controller does since 1.12); rolling updates one node at a time
 * (maxUnavailable, default 1); OnDelete leaves old pods alone.
 */
import { templateHash } from '../random';
import { KubeObject } from '../types';
import {
  Controller,
  ControllerContext,
  isTerminating,
  ownedBy,
} from './context';
import { nodeTolerated } from './node';
import {
  markDeleted,
  podFromTemplate,
  podIsAvailable,
  podIsReady,
} from './replicaset';

const SOURCE = { component: 'daemonset-controller' };
const REVISION_LABEL = 'controller-revision-hash';

export class DaemonSetController implements Controller {
  readonly name = 'daemonset';

  reconcile(ctx: ControllerContext) {
    const nodes = ctx.store.list('/nodes');
    for (const ds of ctx.store.list('apps/daemonsets')) {
      if (isTerminating(ds)) continue;
      this.sync(ctx, ds, nodes);
    }
  }

  private sync(ctx: ControllerContext, ds: KubeObject, nodes: KubeObject[]) {
    const revision = templateHash(ds.spec.template);
    const probe = {
      spec: {
        tolerations: [
          ...(ds.spec.template.spec.tolerations ?? []),
          {
            key: 'node.kubernetes.io/unreachable',
            operator: 'Exists',
            effect: 'NoExecute',
          },
          {
            key: 'node.kubernetes.io/unreachable',
            operator: 'Exists',
            effect: 'NoSchedule',
          },
          {
            key: 'node.kubernetes.io/not-ready',
            operator: 'Exists',
            effect: 'NoExecute',
          },
        ],
      },
    } as KubeObject;
    const selector = ds.spec.template.spec.nodeSelector ?? {};
    const eligible = nodes.filter(
      n =>
        nodeTolerated(n, probe) &&
        Object.entries(selector).every(
          ([k, v]) => n.metadata.labels?.[k] === v,
        ),
    );
    const pods = ownedBy(ctx, '/pods', ds);
    for (const node of eligible) {
      const onNode = pods.filter(
        p => podNode(p) === node.metadata.name && !isTerminating(p),
      );
      if (onNode.length > 0) continue;
      const template = structuredClone(ds.spec.template);
      template.spec.affinity = {
        ...(template.spec.affinity ?? {}),
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              {
                matchFields: [
                  {
                    key: 'metadata.name',
                    operator: 'In',
                    values: [node.metadata.name],
                  },
                ],
              },
            ],
          },
        },
      };
      template.spec.tolerations = [
        ...(template.spec.tolerations ?? []),
        {
          key: 'node.kubernetes.io/disk-pressure',
          operator: 'Exists',
          effect: 'NoSchedule',
        },
        {
          key: 'node.kubernetes.io/memory-pressure',
          operator: 'Exists',
          effect: 'NoSchedule',
        },
        {
          key: 'node.kubernetes.io/pid-pressure',
          operator: 'Exists',
          effect: 'NoSchedule',
        },
        {
          key: 'node.kubernetes.io/unschedulable',
          operator: 'Exists',
          effect: 'NoSchedule',
        },
      ];
      const pod = ctx.store.create(
        podFromTemplate(ds, template, undefined, {
          [REVISION_LABEL]: revision,
          'pod-template-generation': String(ds.metadata.generation ?? 1),
        }),
      );
      ctx.events.record(
        ds,
        'Normal',
        'SuccessfulCreate',
        `Created pod: ${pod.metadata.name}`,
        SOURCE,
        ctx.now,
      );
    }
    // Rolling update: replace one outdated pod at a time while the others are available.
    const live = ownedBy(ctx, '/pods', ds).filter(p => !isTerminating(p));
    const maxUnavailable =
      Number(ds.spec.updateStrategy?.rollingUpdate?.maxUnavailable ?? 1) || 1;
    const unavailable = live.filter(p => !podIsReady(p)).length;
    if (
      ds.spec.updateStrategy?.type !== 'OnDelete' &&
      unavailable < maxUnavailable
    ) {
      const outdated = live.find(
        p => p.metadata.labels?.[REVISION_LABEL] !== revision,
      );
      if (outdated) {
        markDeleted(ctx, '/pods', outdated);
        ctx.events.record(
          ds,
          'Normal',
          'SuccessfulDelete',
          `Deleted pod: ${outdated.metadata.name}`,
          SOURCE,
          ctx.now,
        );
      }
    }
    const current = ownedBy(ctx, '/pods', ds).filter(p => !isTerminating(p));
    const ready = current.filter(podIsReady).length;
    const available = current.filter(p =>
      podIsAvailable(p, ds.spec.minReadySeconds ?? 0, ctx.now),
    ).length;
    const status: any = {
      currentNumberScheduled: current.filter(p =>
        eligible.some(n => n.metadata.name === podNode(p)),
      ).length,
      desiredNumberScheduled: eligible.length,
      numberAvailable: available,
      numberMisscheduled: current.filter(
        p => !eligible.some(n => n.metadata.name === podNode(p)),
      ).length,
      numberReady: ready,
      numberUnavailable: Math.max(0, eligible.length - available),
      observedGeneration: ds.metadata.generation,
      updatedNumberScheduled: current.filter(
        p => p.metadata.labels?.[REVISION_LABEL] === revision,
      ).length,
    };
    for (const k of ['numberAvailable', 'numberUnavailable'])
      if (!status[k]) delete status[k];
    if (JSON.stringify(ds.status) !== JSON.stringify(status)) {
      ctx.store.modify(
        'apps/daemonsets',
        ds.metadata.namespace,
        ds.metadata.name,
        d => {
          d.status = status;
        },
      );
    }
  }
}

function podNode(pod: KubeObject): string | undefined {
  return (
    pod.spec.nodeName ??
    pod.spec.affinity?.nodeAffinity
      ?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms?.[0]
      ?.matchFields?.[0]?.values?.[0]
  );
}
