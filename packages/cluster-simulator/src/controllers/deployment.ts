/**
 * The Deployment controller (pkg/controller/deployment): one ReplicaSet per
 * pod template (named `<deployment>-<pod-template-hash>`), rolling updates
 * bounded by maxSurge / maxUnavailable, Recreate, revision annotations,
 * `spec.paused`, progress deadline, revision history cleanup, and the status
 * and conditions kube-controller-manager writes.
 */
import { kubeTime } from '../clock';
import { templateHash } from '../random';
import { KubeObject } from '../types';
import {
  Controller,
  ControllerContext,
  controllerRef,
  isTerminating,
  ownedBy,
  setCondition,
} from './context';
import { markDeleted } from './replicaset';

const SOURCE = { component: 'deployment-controller' };
export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';

/** int-or-percent resolution as in intstr.GetScaledValueFromIntOrPercent. */
export function resolveIntOrPercent(
  value: number | string | undefined,
  total: number,
  roundUp: boolean,
  fallback: string,
): number {
  const v = value ?? fallback;
  if (typeof v === 'number') return v;
  const pct = Number(v.replace('%', ''));
  const raw = (pct * total) / 100;
  return roundUp ? Math.ceil(raw) : Math.floor(raw);
}

function revisionOf(rs: KubeObject): number {
  return Number(rs.metadata.annotations?.[REVISION_ANNOTATION] ?? 0);
}

export class DeploymentController implements Controller {
  readonly name = 'deployment';

  reconcile(ctx: ControllerContext) {
    for (const d of ctx.store.list('apps/deployments')) {
      if (isTerminating(d)) continue;
      this.sync(ctx, d);
    }
  }

  private sync(ctx: ControllerContext, d: KubeObject) {
    const ns = d.metadata.namespace;
    const replicas = d.spec.replicas ?? 1;
    let rsList = ownedBy(ctx, 'apps/replicasets', d).filter(
      rs => !isTerminating(rs),
    );
    // A Deployment's own template never carries pod-template-hash (only its ReplicaSets' do).
    const hash = templateHash(d.spec.template);
    let newRs = rsList.find(
      rs => rs.metadata.labels?.['pod-template-hash'] === hash,
    );
    const maxRevision = Math.max(0, ...rsList.map(revisionOf));

    if (d.spec.paused) {
      this.writeStatus(ctx, d, rsList, newRs, true);
      return;
    }

    if (!newRs) {
      const template = structuredClone(d.spec.template);
      template.metadata = {
        ...(template.metadata ?? {}),
        labels: {
          ...(template.metadata?.labels ?? {}),
          'pod-template-hash': hash,
        },
      };
      const strategy = d.spec.strategy?.type ?? 'RollingUpdate';
      const surge =
        strategy === 'RollingUpdate'
          ? resolveIntOrPercent(
              d.spec.strategy?.rollingUpdate?.maxSurge,
              replicas,
              true,
              '25%',
            )
          : 0;
      const total = rsList.reduce((n, rs) => n + (rs.spec.replicas ?? 0), 0);
      let initial = Math.max(0, Math.min(replicas, replicas + surge - total));
      if (rsList.length === 0) initial = replicas;
      else if (strategy === 'Recreate') initial = 0;
      newRs = ctx.store.create({
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: {
          name: `${d.metadata.name}-${hash}`,
          namespace: ns,
          labels: {
            ...(d.spec.template.metadata?.labels ?? {}),
            'pod-template-hash': hash,
          },
          annotations: {
            'deployment.kubernetes.io/desired-replicas': String(replicas),
            'deployment.kubernetes.io/max-replicas': String(replicas + surge),
            [REVISION_ANNOTATION]: String(maxRevision + 1),
          },
          ownerReferences: [controllerRef(d)],
        },
        spec: {
          replicas: initial,
          minReadySeconds: d.spec.minReadySeconds,
          selector: {
            matchLabels: {
              ...(d.spec.selector?.matchLabels ?? {}),
              'pod-template-hash': hash,
            },
            ...(d.spec.selector?.matchExpressions
              ? { matchExpressions: d.spec.selector.matchExpressions }
              : {}),
          },
          template,
        },
      });
      if (newRs.spec.minReadySeconds === undefined)
        delete newRs.spec.minReadySeconds;
      if (initial > 0) this.scaleEvent(ctx, d, newRs, 0, initial);
      rsList = [...rsList, newRs];
      this.progressing(
        ctx,
        d,
        'NewReplicaSetCreated',
        `Created new replica set "${newRs.metadata.name}"`,
      );
    } else if (revisionOf(newRs) < maxRevision) {
      // Rollback to an older template: the old ReplicaSet becomes the newest revision.
      newRs = ctx.store.modify(
        'apps/replicasets',
        ns,
        newRs.metadata.name,
        rs => {
          rs.metadata.annotations = {
            ...(rs.metadata.annotations ?? {}),
            [REVISION_ANNOTATION]: String(maxRevision + 1),
          };
        },
      )!;
      rsList = rsList.map(rs =>
        rs.metadata.uid === newRs!.metadata.uid ? newRs! : rs,
      );
    }

    const oldRs = rsList.filter(rs => rs.metadata.uid !== newRs!.metadata.uid);
    if ((d.spec.strategy?.type ?? 'RollingUpdate') === 'Recreate')
      this.recreate(ctx, d, newRs, oldRs);
    else this.rollingUpdate(ctx, d, newRs, oldRs);

    this.cleanupHistory(ctx, d, oldRs);
    rsList = ownedBy(ctx, 'apps/replicasets', d).filter(
      rs => !isTerminating(rs),
    );
    newRs = rsList.find(rs => rs.metadata.uid === newRs!.metadata.uid);
    this.writeStatus(ctx, d, rsList, newRs, false);
  }

  private scale(
    ctx: ControllerContext,
    d: KubeObject,
    rs: KubeObject,
    to: number,
  ) {
    const from = rs.spec.replicas ?? 0;
    if (from === to) return;
    ctx.store.modify(
      'apps/replicasets',
      rs.metadata.namespace,
      rs.metadata.name,
      r => {
        r.spec.replicas = to;
        r.metadata.annotations = {
          ...(r.metadata.annotations ?? {}),
          'deployment.kubernetes.io/desired-replicas': String(
            d.spec.replicas ?? 1,
          ),
        };
      },
    );
    rs.spec = { ...rs.spec, replicas: to };
    this.scaleEvent(ctx, d, rs, from, to);
  }

  private scaleEvent(
    ctx: ControllerContext,
    d: KubeObject,
    rs: KubeObject,
    from: number,
    to: number,
  ) {
    const verb = to > from ? 'up' : 'down';
    ctx.events.record(
      d,
      'Normal',
      'ScalingReplicaSet',
      `Scaled ${verb} replica set ${rs.metadata.name} from ${from} to ${to}`,
      SOURCE,
      ctx.now,
    );
  }

  private recreate(
    ctx: ControllerContext,
    d: KubeObject,
    newRs: KubeObject,
    oldRs: KubeObject[],
  ) {
    for (const rs of oldRs) this.scale(ctx, d, rs, 0);
    const oldPods = oldRs.flatMap(rs => ownedBy(ctx, '/pods', rs));
    if (oldPods.length === 0) this.scale(ctx, d, newRs, d.spec.replicas ?? 1);
  }

  /** deployment/rolling.go: reconcileNewReplicaSet, then reconcileOldReplicaSets. */
  private rollingUpdate(
    ctx: ControllerContext,
    d: KubeObject,
    newRs: KubeObject,
    oldRs: KubeObject[],
  ) {
    const replicas = d.spec.replicas ?? 1;
    let maxSurge = resolveIntOrPercent(
      d.spec.strategy?.rollingUpdate?.maxSurge,
      replicas,
      true,
      '25%',
    );
    let maxUnavailable = resolveIntOrPercent(
      d.spec.strategy?.rollingUpdate?.maxUnavailable,
      replicas,
      false,
      '25%',
    );
    if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
    if (replicas === 0) maxSurge = 0;
    const specOf = (rs: KubeObject) => rs.spec.replicas ?? 0;
    const availableOf = (rs: KubeObject) => rs.status?.availableReplicas ?? 0;

    // Scale up the new ReplicaSet within the surge budget.
    const total = () => [newRs, ...oldRs].reduce((n, rs) => n + specOf(rs), 0);
    if (specOf(newRs) > replicas) this.scale(ctx, d, newRs, replicas);
    else if (specOf(newRs) < replicas) {
      const room = replicas + maxSurge - total();
      if (room > 0)
        this.scale(ctx, d, newRs, Math.min(replicas, specOf(newRs) + room));
    }

    // Scale down old ReplicaSets without going below minAvailable.
    const minAvailable = replicas - maxUnavailable;
    const newUnavailable = specOf(newRs) - availableOf(newRs);
    let maxScaledDown = total() - minAvailable - newUnavailable;
    if (maxScaledDown > 0) {
      // First the old pods that are not available anyway.
      for (const rs of [...oldRs].sort((a, b) =>
        a.metadata.creationTimestamp!.localeCompare(
          b.metadata.creationTimestamp!,
        ),
      )) {
        if (maxScaledDown <= 0) break;
        const unhealthy = specOf(rs) - availableOf(rs);
        if (unhealthy <= 0) continue;
        const by = Math.min(unhealthy, maxScaledDown);
        this.scale(ctx, d, rs, specOf(rs) - by);
        maxScaledDown -= by;
      }
    }
    const allAvailable = [newRs, ...oldRs].reduce(
      (n, rs) => n + availableOf(rs),
      0,
    );
    let canRemove = Math.min(allAvailable - minAvailable, total() - replicas);
    for (const rs of [...oldRs].sort((a, b) =>
      a.metadata.creationTimestamp!.localeCompare(
        b.metadata.creationTimestamp!,
      ),
    )) {
      if (canRemove <= 0) break;
      const by = Math.min(specOf(rs), canRemove);
      if (by <= 0) continue;
      this.scale(ctx, d, rs, specOf(rs) - by);
      canRemove -= by;
    }
  }

  private cleanupHistory(
    ctx: ControllerContext,
    d: KubeObject,
    oldRs: KubeObject[],
  ) {
    const limit = d.spec.revisionHistoryLimit ?? 10;
    const idle = oldRs
      .filter(
        rs => (rs.spec.replicas ?? 0) === 0 && (rs.status?.replicas ?? 0) === 0,
      )
      .sort((a, b) => revisionOf(a) - revisionOf(b));
    for (const rs of idle.slice(0, Math.max(0, idle.length - limit)))
      markDeleted(ctx, 'apps/replicasets', rs);
  }

  private progressing(
    ctx: ControllerContext,
    d: KubeObject,
    reason: string,
    message: string,
  ) {
    ctx.store.modify(
      'apps/deployments',
      d.metadata.namespace,
      d.metadata.name,
      dep => {
        const t = kubeTime(ctx.now);
        dep.status = dep.status ?? {};
        dep.status.conditions = setCondition(
          dep.status.conditions ?? [],
          { type: 'Progressing', status: 'True', reason, message },
          t,
          { lastUpdateTime: t },
        );
      },
    );
  }

  private writeStatus(
    ctx: ControllerContext,
    d0: KubeObject,
    rsList: KubeObject[],
    newRs: KubeObject | undefined,
    paused: boolean,
  ) {
    const d = ctx.store.get(
      'apps/deployments',
      d0.metadata.namespace,
      d0.metadata.name,
    )!;
    const replicas = d.spec.replicas ?? 1;
    const sum = (f: (rs: KubeObject) => number) =>
      rsList.reduce((n, rs) => n + f(rs), 0);
    const statusReplicas = sum(rs => rs.status?.replicas ?? 0);
    const updated = newRs?.status?.replicas ?? 0;
    const ready = sum(rs => rs.status?.readyReplicas ?? 0);
    const available = sum(rs => rs.status?.availableReplicas ?? 0);
    const maxUnavailable = resolveIntOrPercent(
      d.spec.strategy?.rollingUpdate?.maxUnavailable,
      replicas,
      false,
      '25%',
    );
    const minAvailable =
      (d.spec.strategy?.type ?? 'RollingUpdate') === 'Recreate'
        ? replicas
        : replicas - maxUnavailable;
    const t = kubeTime(ctx.now);
    const complete =
      updated === replicas &&
      statusReplicas === replicas &&
      available === replicas &&
      (newRs?.spec.replicas ?? 0) === replicas;
    const prev = d.status ?? {};
    const progressKey = `${newRs?.metadata.name}|${updated}|${
      newRs?.status?.readyReplicas ?? 0
    }|${newRs?.status?.availableReplicas ?? 0}|${statusReplicas}`;

    let conditions: any[] = prev.conditions ?? [];
    conditions = setCondition(
      conditions,
      available >= minAvailable
        ? {
            type: 'Available',
            status: 'True',
            reason: 'MinimumReplicasAvailable',
            message: 'Deployment has minimum availability.',
          }
        : {
            type: 'Available',
            status: 'False',
            reason: 'MinimumReplicasUnavailable',
            message: 'Deployment does not have minimum availability.',
          },
      t,
      { lastUpdateTime: t },
    );
    const progressing = conditions.find(c => c.type === 'Progressing');
    const deadline = (d.spec.progressDeadlineSeconds ?? 600) * 1000;
    if (paused) {
      conditions = setCondition(
        conditions,
        {
          type: 'Progressing',
          status: 'Unknown',
          reason: 'DeploymentPaused',
          message: 'Deployment is paused',
        },
        t,
        { lastUpdateTime: t },
      );
    } else if (complete && newRs) {
      conditions = setCondition(
        conditions,
        {
          type: 'Progressing',
          status: 'True',
          reason: 'NewReplicaSetAvailable',
          message: `ReplicaSet "${newRs.metadata.name}" has successfully progressed.`,
        },
        t,
        { lastUpdateTime: t },
      );
    } else if (newRs) {
      const lastProgress = progressing?.lastUpdateTime
        ? Date.parse(progressing.lastUpdateTime)
        : ctx.now;
      const moved = this.lastKeys.get(d.metadata.uid!) !== progressKey;
      if (moved) {
        this.lastKeys.set(d.metadata.uid!, progressKey);
        conditions = setCondition(
          conditions,
          {
            type: 'Progressing',
            status: 'True',
            reason: 'ReplicaSetUpdated',
            message: `ReplicaSet "${newRs.metadata.name}" is progressing.`,
          },
          t,
          { lastUpdateTime: t },
        );
        conditions.find(c => c.type === 'Progressing').lastUpdateTime = t;
      } else if (
        progressing?.reason !== 'ProgressDeadlineExceeded' &&
        ctx.now - lastProgress > deadline
      ) {
        conditions = setCondition(
          conditions,
          {
            type: 'Progressing',
            status: 'False',
            reason: 'ProgressDeadlineExceeded',
            message: `ReplicaSet "${newRs.metadata.name}" has timed out progressing.`,
          },
          t,
          { lastUpdateTime: t },
        );
        ctx.events.record(
          d,
          'Warning',
          'ProgressDeadlineExceeded',
          `Deployment "${d.metadata.name}" has timed out progressing.`,
          SOURCE,
          ctx.now,
        );
      }
    }
    const order = ['Available', 'Progressing', 'ReplicaFailure'];
    conditions = [...conditions].sort(
      (a, b) => order.indexOf(a.type) - order.indexOf(b.type),
    );
    const status: any = {
      observedGeneration: d.metadata.generation,
      replicas: statusReplicas,
      updatedReplicas: updated,
      readyReplicas: ready,
      availableReplicas: available,
      unavailableReplicas: Math.max(0, replicas - available),
      conditions,
    };
    for (const k of [
      'replicas',
      'updatedReplicas',
      'readyReplicas',
      'availableReplicas',
      'unavailableReplicas',
    ])
      if (!status[k]) delete status[k];
    const revision = newRs?.metadata.annotations?.[REVISION_ANNOTATION];
    if (
      JSON.stringify(prev) === JSON.stringify(status) &&
      d.metadata.annotations?.[REVISION_ANNOTATION] === revision
    )
      return;
    ctx.store.modify(
      'apps/deployments',
      d.metadata.namespace,
      d.metadata.name,
      dep => {
        dep.status = status;
        if (revision)
          dep.metadata.annotations = {
            ...(dep.metadata.annotations ?? {}),
            [REVISION_ANNOTATION]: revision,
          };
      },
    );
  }

  /** Last observed progress per deployment uid (the controller's in-memory view). */
  private readonly lastKeys = new Map<string, string>();
}
