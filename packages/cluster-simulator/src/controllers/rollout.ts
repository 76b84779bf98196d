/**
 * The Argo Rollouts controller (argoproj.io/v1alpha1 Rollout), reduced to
 * what a workload status needs. One ReplicaSet per pod template
 * (`<rollout>-<hash>`, labelled `rollouts-pod-template-hash`, annotated with
 * `rollout.argoproj.io/revision`). The first template is deployed at once and
 * becomes the stable ReplicaSet.
 *
 * Canary (no traffic routing): a new template walks `spec.strategy.canary.steps`
 * from index 0. `setWeight: w` scales the new ReplicaSet to ceil(replicas*w/100)
 * and the stable one down as canary pods become available; `pause: {}` stops
 * with `status.pauseConditions` [CanaryPauseStep] and `controllerPause` until
 * a promotion clears the pause conditions (what `kubectl argo rollouts promote`
 * patches into the status); `pause: {duration}` resumes by itself. Other step
 * types (analysis, experiment) are not simulated and complete at once. After
 * the last step the new ReplicaSet takes all replicas and becomes `stableRS`.
 *
 * Blue-green: the new ReplicaSet is scaled to full size as the preview; once
 * available it becomes active (`status.blueGreen.activeSelector`) at once, after
 * `autoPromotionSeconds`, or, with `autoPromotionEnabled: false`, when promoted
 * (pause condition BlueGreenPause); the old one is scaled to zero after
 * `scaleDownDelaySeconds` (30), noted in its `scale-down-deadline` annotation.
 *
 * `status.abort: true` (`kubectl argo rollouts abort`) scales the new
 * ReplicaSet to zero and the stable one back up; `spec.paused` holds all.
 */
import { kubeTime, parseDuration } from '../clock';
import { templateHash } from '../random';
import { KubeObject } from '../types';
import {
  Controller,
  ControllerContext,
  isTerminating,
  ownedBy,
} from './context';
import {
  createRolloutReplicaSet,
  hashOf,
  recordRolloutEvent,
  revisionOf,
  scaleRolloutReplicaSet,
} from './rolloutReplicaSets';
import {
  INVALID_STRATEGY_MESSAGE,
  RolloutProgress,
  RolloutState,
  rolloutStatusObject,
} from './rolloutStatus';

const STORAGE = 'argoproj.io/rollouts';
const SOURCE = { component: 'rollouts-controller' };
const SCALE_DOWN_DEADLINE = 'argo-rollouts.argoproj.io/scale-down-deadline';
const DEFAULT_PROGRESS_DEADLINE_SECONDS = 600;

const count = (rs: KubeObject | undefined, field: string): number =>
  rs?.status?.[field] ?? 0;

/** The canary weight a step index asks for: the last setWeight up to it; 100 after the last step. */
export function canaryWeight(steps: any[], index: number): number {
  if (index >= steps.length) return 100;
  for (let i = index; i >= 0; i--)
    if (typeof steps[i]?.setWeight === 'number') return steps[i].setWeight;
  return 0;
}

function stepLabel(step: any): string {
  if (typeof step.setWeight === 'number') return `setWeight: ${step.setWeight}`;
  if (step.pause)
    return step.pause.duration === undefined
      ? 'pause'
      : `pause: ${step.pause.duration}`;
  return Object.keys(step)[0] ?? 'step';
}

function strategyOf(ro: KubeObject): RolloutState['strategy'] {
  if (ro.spec.strategy?.canary) return 'canary';
  if (ro.spec.strategy?.blueGreen) return 'blueGreen';
  return undefined;
}

export class RolloutController implements Controller {
  readonly name = 'rollout';
  /** Per Rollout uid: what its counts were and since when (progressDeadlineSeconds). */
  private readonly lastProgress = new Map<
    string,
    { key: string; since: number }
  >();

  reconcile(ctx: ControllerContext) {
    const rollouts = ctx.store.list(STORAGE);
    for (const ro of rollouts) if (!isTerminating(ro)) this.sync(ctx, ro);
    if (this.lastProgress.size > rollouts.length) {
      const live = new Set(rollouts.map(ro => ro.metadata.uid));
      for (const uid of this.lastProgress.keys())
        if (!live.has(uid)) this.lastProgress.delete(uid);
    }
  }

  private sync(ctx: ControllerContext, ro: KubeObject) {
    const strategy = strategyOf(ro);
    const hash = templateHash(ro.spec.template);
    const prev = ro.status ?? {};
    const steps: any[] = ro.spec.strategy?.canary?.steps ?? [];
    let rsList = ownedBy(ctx, 'apps/replicasets', ro).filter(
      rs => !isTerminating(rs),
    );
    const fresh = prev.currentPodHash !== hash;
    const p: RolloutProgress = {
      index: fresh ? 0 : prev.currentStepIndex ?? 0,
      pauseConditions: fresh ? [] : [...(prev.pauseConditions ?? [])],
      controllerPause: fresh ? false : Boolean(prev.controllerPause),
      abort: fresh ? false : Boolean(prev.abort),
      stableRS: prev.stableRS,
      activeSelector: prev.blueGreen?.activeSelector,
    };
    if (!strategy) {
      this.writeStatus(ctx, ro, p, hash, undefined, rsList, strategy);
      return;
    }
    let newRs = rsList.find(rs => hashOf(rs) === hash);
    if (!newRs) {
      const revision = Math.max(0, ...rsList.map(revisionOf)) + 1;
      newRs = createRolloutReplicaSet(ctx, ro, hash, revision);
      rsList = [...rsList, newRs];
    }
    if (!p.stableRS || !rsList.some(rs => hashOf(rs) === p.stableRS)) {
      // The first deploy (or a lost stable ReplicaSet) skips the steps.
      p.stableRS = hash;
      p.activeSelector = hash;
    }
    if (p.stableRS === hash) p.index = steps.length;

    const targets =
      strategy === 'canary'
        ? this.canary(ctx, ro, p, steps, hash, rsList, newRs)
        : this.blueGreen(ctx, ro, p, hash, rsList, newRs);
    if (!ro.spec.paused)
      for (const rs of rsList) {
        const h = hashOf(rs)!;
        scaleRolloutReplicaSet(ctx, ro, rs, targets.get(h) ?? 0);
      }
    rsList = ownedBy(ctx, 'apps/replicasets', ro).filter(
      rs => !isTerminating(rs),
    );
    this.writeStatus(
      ctx,
      ro,
      p,
      hash,
      rsList.find(rs => hashOf(rs) === hash),
      rsList,
      strategy,
    );
  }

  /** Moves a canary at most one step and returns the replicas per pod hash. */
  private canary(
    ctx: ControllerContext,
    ro: KubeObject,
    p: RolloutProgress,
    steps: any[],
    hash: string,
    rsList: KubeObject[],
    newRs: KubeObject,
  ): Map<string, number> {
    const replicas = ro.spec.replicas ?? 1;
    const stable = rsList.find(rs => hashOf(rs) === p.stableRS);
    if (p.stableRS === hash) return new Map([[hash, replicas]]);
    if (p.abort)
      return new Map([
        [hash, 0],
        [p.stableRS!, replicas],
      ]);
    const step = steps[p.index];
    const desired = (weight: number) =>
      weight >= 100 ? replicas : Math.ceil((replicas * weight) / 100);
    const canaryReady = count(newRs, 'availableReplicas');
    if (!ro.spec.paused) {
      if (!step) {
        if (canaryReady >= replicas) {
          p.stableRS = hash;
          recordRolloutEvent(
            ctx,
            ro,
            'RolloutCompleted',
            `Rollout completed update to revision ${revisionOf(
              newRs,
            )} (${hash}): Completed all ${steps.length} canary steps`,
          );
        }
      } else if (typeof step.setWeight === 'number') {
        const want = desired(step.setWeight);
        if (
          canaryReady >= want &&
          (stable?.spec.replicas ?? 0) <= replicas - want
        )
          this.completeStep(ctx, ro, p, steps);
      } else if (step.pause) {
        this.pauseStep(ctx, ro, p, steps, step, 'CanaryPauseStep');
      } else {
        this.completeStep(ctx, ro, p, steps);
      }
    }
    const want = desired(canaryWeight(steps, p.index));
    return new Map([
      [hash, want],
      [p.stableRS!, Math.max(replicas - want, replicas - canaryReady)],
    ]);
  }

  /** Blue-green: preview at full size, cut over when promoted; returns replicas per pod hash. */
  private blueGreen(
    ctx: ControllerContext,
    ro: KubeObject,
    p: RolloutProgress,
    hash: string,
    rsList: KubeObject[],
    newRs: KubeObject,
  ): Map<string, number> {
    const replicas = ro.spec.replicas ?? 1;
    const bg = ro.spec.strategy.blueGreen;
    const targets = new Map<string, number>();
    // The previous active ReplicaSet keeps its pods until its scale-down deadline.
    for (const rs of rsList) {
      const deadline = rs.metadata.annotations?.[SCALE_DOWN_DEADLINE];
      if (deadline && Date.parse(deadline) > ctx.now)
        targets.set(hashOf(rs)!, rs.spec.replicas ?? 0);
    }
    if (p.abort)
      return new Map([
        [hash, 0],
        [p.activeSelector!, replicas],
      ]);
    if (
      p.activeSelector !== hash &&
      !ro.spec.paused &&
      count(newRs, 'availableReplicas') >= replicas
    ) {
      // autoPromotionEnabled false waits for a promotion; autoPromotionSeconds for a time
      const wait =
        bg.autoPromotionEnabled === false
          ? { pause: {} }
          : { pause: { duration: bg.autoPromotionSeconds } };
      const promote =
        bg.autoPromotionEnabled !== false && !bg.autoPromotionSeconds
          ? true
          : this.pauseStep(ctx, ro, p, [], wait, 'BlueGreenPause');
      if (promote) {
        const previous = rsList.find(rs => hashOf(rs) === p.activeSelector);
        const delay = (bg.scaleDownDelaySeconds ?? 30) * 1000;
        if (previous && delay > 0) {
          const deadline = kubeTime(ctx.now + delay);
          ctx.store.modify(
            'apps/replicasets',
            previous.metadata.namespace,
            previous.metadata.name,
            r => {
              r.metadata.annotations = {
                ...(r.metadata.annotations ?? {}),
                [SCALE_DOWN_DEADLINE]: deadline,
              };
            },
          );
          targets.set(p.activeSelector!, replicas);
        }
        p.activeSelector = hash;
        p.stableRS = hash;
      }
    }
    targets.set(hash, replicas);
    targets.set(p.activeSelector!, replicas);
    return targets;
  }

  /** A pause: adds its pause condition, and reports true once a promotion or its duration ends it. */
  private pauseStep(
    ctx: ControllerContext,
    ro: KubeObject,
    p: RolloutProgress,
    steps: any[],
    step: any,
    reason: string,
  ): boolean {
    const condition = p.pauseConditions.find(c => c.reason === reason);
    if (!condition && !p.controllerPause) {
      p.pauseConditions.push({ reason, startTime: kubeTime(ctx.now) });
      p.controllerPause = true;
      recordRolloutEvent(
        ctx,
        ro,
        'RolloutPaused',
        `Rollout is paused (${reason})`,
      );
      return false;
    }
    const expired =
      condition &&
      step.pause.duration !== undefined &&
      Date.parse(condition.startTime) + parseDuration(step.pause.duration) <=
        ctx.now;
    if (condition && !expired) return false;
    p.pauseConditions = p.pauseConditions.filter(c => c.reason !== reason);
    p.controllerPause = false;
    recordRolloutEvent(ctx, ro, 'RolloutResumed', 'Rollout is resumed');
    if (steps.length) this.completeStep(ctx, ro, p, steps);
    return true;
  }

  private completeStep(
    ctx: ControllerContext,
    ro: KubeObject,
    p: RolloutProgress,
    steps: any[],
  ) {
    recordRolloutEvent(
      ctx,
      ro,
      'RolloutStepCompleted',
      `Rollout step ${p.index + 1}/${steps.length} completed (${stepLabel(
        steps[p.index],
      )})`,
    );
    p.index++;
  }

  private writeStatus(
    ctx: ControllerContext,
    ro: KubeObject,
    p: RolloutProgress,
    hash: string,
    newRs: KubeObject | undefined,
    rsList: KubeObject[],
    strategy: RolloutState['strategy'],
  ) {
    const sum = (field: string) =>
      rsList.reduce((n, rs) => n + count(rs, field), 0);
    const steps: any[] = ro.spec.strategy?.canary?.steps ?? [];
    const state: RolloutState = {
      replicas: ro.spec.replicas ?? 1,
      updatedReplicas: count(newRs, 'replicas'),
      availableReplicas: sum('availableReplicas'),
      readyReplicas: sum('readyReplicas'),
      totalReplicas: sum('replicas'),
      currentPodHash: hash,
      stableRS: p.stableRS,
      revision: newRs ? revisionOf(newRs) : 0,
      newRsName: newRs?.metadata.name ?? `${ro.metadata.name}-${hash}`,
      promoted: p.stableRS === hash,
      paused: Boolean(ro.spec.paused) || p.pauseConditions.length > 0,
      manuallyPaused: Boolean(ro.spec.paused),
      pauseReason: p.pauseConditions[0]?.reason,
      aborted: p.abort,
      deadlineExceeded: false,
      invalidSpec: strategy
        ? undefined
        : `The Rollout "${ro.metadata.name}" is invalid: ${INVALID_STRATEGY_MESSAGE}`,
      strategy,
      stepCount: steps.length,
      activeSelector: p.activeSelector,
    };
    state.deadlineExceeded = this.deadlineExceeded(ctx, ro, state, p.index);
    const t = kubeTime(ctx.now);
    const status = rolloutStatusObject(ro, p, state, t);
    if (JSON.stringify(ro.status) === JSON.stringify(status)) return;
    const before = ro.status?.conditions?.find(
      (c: any) => c.type === 'Progressing',
    )?.reason;
    const after = status.conditions.find(
      (c: any) => c.type === 'Progressing',
    )?.reason;
    if (after !== before && after === 'RolloutAborted')
      ctx.events.record(
        ro,
        'Warning',
        'RolloutAborted',
        `Rollout aborted update to revision ${state.revision}`,
        SOURCE,
        ctx.now,
      );
    ctx.store.modify(STORAGE, ro.metadata.namespace, ro.metadata.name, r => {
      r.status = status;
    });
  }

  /** No change in the counts or the step for progressDeadlineSeconds, while neither paused nor done. */
  private deadlineExceeded(
    ctx: ControllerContext,
    ro: KubeObject,
    s: RolloutState,
    index: number,
  ): boolean {
    const key = `${s.currentPodHash}/${index}/${s.updatedReplicas}/${s.availableReplicas}/${s.totalReplicas}/${s.paused}`;
    const uid = ro.metadata.uid!;
    const last = this.lastProgress.get(uid);
    if (!last || last.key !== key)
      this.lastProgress.set(uid, { key, since: ctx.now });
    const since = this.lastProgress.get(uid)!.since;
    const deadline =
      (ro.spec.progressDeadlineSeconds ?? DEFAULT_PROGRESS_DEADLINE_SECONDS) *
      1000;
    const done = s.promoted && s.availableReplicas >= s.replicas;
    return !s.paused && !s.aborted && !done && ctx.now - since > deadline;
  }
}
