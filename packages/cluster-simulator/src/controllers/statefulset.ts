/**
 * The StatefulSet controller: ordinal pods `<name>-0..n-1`, created in order
 * (OrderedReady waits for each to be ready) or all at once (Parallel);
 * rolling updates from the highest ordinal down to `partition`, one pod at a
 * time; revisions as `<name>-<hash>` in currentRevision / updateRevision.
 */
import { templateHash } from '../random';
import { KubeObject } from '../types';
import {
  Controller,
  ControllerContext,
  isTerminating,
  ownedBy,
} from './context';
import {
  markDeleted,
  podFromTemplate,
  podIsAvailable,
  podIsReady,
} from './replicaset';

const SOURCE = { component: 'statefulset-controller' };
const REVISION_LABEL = 'controller-revision-hash';

export class StatefulSetController implements Controller {
  readonly name = 'statefulset';

  reconcile(ctx: ControllerContext) {
    for (const sts of ctx.store.list('apps/statefulsets')) {
      if (isTerminating(sts)) continue;
      this.sync(ctx, sts);
    }
  }

  private sync(ctx: ControllerContext, sts: KubeObject) {
    const replicas = sts.spec.replicas ?? 1;
    const updateRevision = `${sts.metadata.name}-${templateHash(
      sts.spec.template,
    )}`;
    const currentRevision = sts.status?.currentRevision ?? updateRevision;
    const parallel = sts.spec.podManagementPolicy === 'Parallel';
    const partition = sts.spec.updateStrategy?.rollingUpdate?.partition ?? 0;
    const onDelete = sts.spec.updateStrategy?.type === 'OnDelete';
    const pods = ownedBy(ctx, '/pods', sts);
    const byOrdinal = new Map<number, KubeObject>();
    for (const p of pods)
      byOrdinal.set(
        Number(p.metadata.name.slice(sts.metadata.name.length + 1)),
        p,
      );

    let blocked = false;
    for (let i = 0; i < replicas; i++) {
      const pod = byOrdinal.get(i);
      if (!pod) {
        if (blocked) break;
        // Ordinals below the partition keep the current revision's template.
        const revision =
          i < partition && currentRevision !== updateRevision
            ? currentRevision
            : updateRevision;
        const template =
          revision === updateRevision
            ? sts.spec.template
            : this.revisions.get(currentRevision) ?? sts.spec.template;
        const name = `${sts.metadata.name}-${i}`;
        ctx.store.create(
          podFromTemplate(sts, template, name, {
            [REVISION_LABEL]: revision,
            'apps.kubernetes.io/pod-index': String(i),
            'statefulset.kubernetes.io/pod-name': name,
          }),
        );
        ctx.events.record(
          sts,
          'Normal',
          'SuccessfulCreate',
          `create Pod ${name} in StatefulSet ${sts.metadata.name} successful`,
          SOURCE,
          ctx.now,
        );
        if (!parallel) blocked = true;
        continue;
      }
      if (!parallel && (!podIsReady(pod) || isTerminating(pod))) blocked = true;
    }
    this.revisions.set(updateRevision, sts.spec.template);
    // Scale down from the highest ordinal.
    for (const [ordinal, pod] of [...byOrdinal.entries()].sort(
      (a, b) => b[0] - a[0],
    )) {
      if (ordinal < replicas || isTerminating(pod)) continue;
      markDeleted(ctx, '/pods', pod);
      ctx.events.record(
        sts,
        'Normal',
        'SuccessfulDelete',
        `delete Pod ${pod.metadata.name} in StatefulSet ${sts.metadata.name} successful`,
        SOURCE,
        ctx.now,
      );
      if (!parallel) break;
    }
    // Rolling update: replace the highest outdated ordinal >= partition once everything else is ready.
    const live = [...byOrdinal.entries()].filter(([o]) => o < replicas);
    const allReady =
      live.length === replicas &&
      live.every(([, p]) => podIsReady(p) && !isTerminating(p));
    if (!onDelete && allReady) {
      const outdated = live
        .filter(
          ([o, p]) =>
            o >= partition &&
            p.metadata.labels?.[REVISION_LABEL] !== updateRevision,
        )
        .sort((a, b) => b[0] - a[0]);
      if (outdated.length) markDeleted(ctx, '/pods', outdated[0][1]);
    }

    const current = ownedBy(ctx, '/pods', sts).filter(p => !isTerminating(p));
    const updatedCount = current.filter(
      p => p.metadata.labels?.[REVISION_LABEL] === updateRevision,
    ).length;
    const rolledOut = updatedCount === replicas && replicas === current.length;
    const status: any = {
      observedGeneration: sts.metadata.generation,
      replicas: current.length,
      readyReplicas: current.filter(podIsReady).length,
      currentReplicas: rolledOut
        ? updatedCount
        : current.filter(
            p => p.metadata.labels?.[REVISION_LABEL] === currentRevision,
          ).length,
      updatedReplicas: updatedCount,
      availableReplicas: current.filter(p =>
        podIsAvailable(p, sts.spec.minReadySeconds ?? 0, ctx.now),
      ).length,
      currentRevision: rolledOut ? updateRevision : currentRevision,
      updateRevision,
      collisionCount: 0,
    };
    for (const k of ['readyReplicas', 'currentReplicas', 'updatedReplicas'])
      if (!status[k]) delete status[k];
    if (JSON.stringify(sts.status) !== JSON.stringify(status)) {
      ctx.store.modify(
        'apps/statefulsets',
        sts.metadata.namespace,
        sts.metadata.name,
        s => {
          s.status = status;
        },
      );
    }
  }

  /** Templates by revision name (what ControllerRevision objects hold in a real cluster). */
  private readonly revisions = new Map<string, any>();
}
