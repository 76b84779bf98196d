/**
 * The scheduler and the kubelet of the simulated nodes.
 *
 * A pod created without a status is simulated: it is scheduled onto a ready
 * node that it tolerates, its image is pulled, its containers start, and
 * then it follows the behaviour its `simulator.workload-status.dev/behaviour`
 * annotation asks for (kwok-style: behaviour is data on the object). Each pod
 * keeps a small state machine whose transitions happen at exact simulated
 * times, so stepping the clock gives the same objects and events every run.
 *
 * Pods seeded with a status (the scale generator's) are left as they are.
 */
import { parseDuration } from '../clock';
import { KubeObject } from '../types';
import {
  BEHAVIOUR_ANNOTATION,
  Controller,
  ControllerContext,
  READY_AFTER_ANNOTATION,
  RUN_FOR_ANNOTATION,
} from './context';
import { qualifiedImage, stableHash } from './images';
import { nodeIsReady, nodeTolerated, NODE_LOST_MARK } from './node';
import {
  backoffAttempt,
  Behaviour,
  BEHAVIOURS,
  crashBackoff,
  PodSim,
} from './podSim';
import { MEMORY_LEAK_RUN_FOR_MS } from './podUsage';
import { renderPodStatus } from './podStatus';

export { BEHAVIOURS } from './podSim';
export type { Behaviour, ContainerRun, PodSim } from './podSim';

const SCHEDULER = { component: 'default-scheduler' };
const SCHEDULE_DELAY = 300;
const SANDBOX_DELAY = 500;
const PULL_TIME = 1500;
const INIT_RUN_TIME = 1000;
const TERMINATION_TIME = 2000;
const PROBE_EVENT_INTERVAL = 10_000;

const DEFAULT_READY_AFTER: Partial<Record<Behaviour, number>> = {
  'slow-readiness': 60_000,
  'crash-loop': Infinity,
  fail: Infinity,
};
const DEFAULT_RUN_FOR: Partial<Record<Behaviour, number>> = {
  oom: 8000,
  'memory-leak': MEMORY_LEAK_RUN_FOR_MS,
  complete: 4000,
  fail: 4000,
};

function durationAnnotation(
  pod: KubeObject,
  key: string,
  fallback: number,
): number {
  const v = pod.metadata.annotations?.[key];
  return v ? parseDuration(v) : fallback;
}

export class PodController implements Controller {
  readonly name = 'pod';
  readonly sims = new Map<string, PodSim>();
  private readonly staticDeletions = new Map<string, number>();
  private nextNode = 0;

  reconcile(ctx: ControllerContext) {
    const nodes = ctx.store.list('/nodes');
    for (const pod of ctx.store.list('/pods')) {
      let sim = this.sims.get(pod.metadata.uid!);
      if (!sim) {
        if (pod.status?.phase) {
          // Seeded with a status: static, except that a delete still finishes.
          if (
            pod.metadata.deletionTimestamp &&
            pod.status.reason !== 'NodeLost'
          ) {
            const seen = this.staticDeletions.get(pod.metadata.uid!) ?? ctx.now;
            this.staticDeletions.set(pod.metadata.uid!, seen);
            if (ctx.now >= seen + TERMINATION_TIME)
              ctx.store.remove(
                '/pods',
                pod.metadata.namespace,
                pod.metadata.name,
              );
          }
          continue;
        }
        sim = this.newSim(pod, ctx);
        this.sims.set(pod.metadata.uid!, sim);
      }
      if (sim.stage === 'lost') continue;
      const node = pod.spec.nodeName
        ? nodes.find(n => n.metadata.name === pod.spec.nodeName)
        : undefined;
      if (node && node.metadata.annotations?.[NODE_LOST_MARK]) {
        // The kubelet stopped answering: nothing on this node changes any more.
        sim.stage = 'lost';
        continue;
      }
      if (pod.metadata.deletionTimestamp) {
        this.terminate(pod, sim, ctx);
        continue;
      }
      let guard = 0;
      while (sim.nextAt <= ctx.now && guard++ < 1000)
        this.transition(pod, sim, sim.nextAt, ctx, nodes);
      this.probeEvents(pod, sim, ctx);
      this.writeStatus(pod, sim, ctx);
    }
  }

  /** Forgets sims of pods that are gone (called by the cluster after a pass). */
  prune(liveUids: Set<string>) {
    for (const uid of this.sims.keys())
      if (!liveUids.has(uid)) this.sims.delete(uid);
  }

  private newSim(pod: KubeObject, _ctx: ControllerContext): PodSim {
    const behaviour = (pod.metadata.annotations?.[BEHAVIOUR_ANNOTATION] ??
      'healthy') as Behaviour;
    const created = Date.parse(pod.metadata.creationTimestamp!);
    return {
      uid: pod.metadata.uid!,
      behaviour: BEHAVIOURS.includes(behaviour) ? behaviour : 'healthy',
      // A crashing app never passes its readiness probe; others are ready shortly after start.
      readyAfterMs: durationAnnotation(
        pod,
        READY_AFTER_ANNOTATION,
        DEFAULT_READY_AFTER[behaviour] ?? 1000,
      ),
      runForMs: durationAnnotation(
        pod,
        RUN_FOR_ANNOTATION,
        DEFAULT_RUN_FOR[behaviour] ?? 3000,
      ),
      stage: pod.spec.nodeName ? 'sandbox' : 'scheduling',
      nextAt: created + (pod.spec.nodeName ? SANDBOX_DELAY : SCHEDULE_DELAY),
      scheduledAt: pod.spec.nodeName ? created : undefined,
      pullAttempts: 0,
      runs: [],
      initRuns: [],
    };
  }

  private containerId(ctx: ControllerContext) {
    return `containerd://${ctx.random.hex(64)}`;
  }

  private kubelet(pod: KubeObject) {
    return { component: 'kubelet', host: pod.spec.nodeName };
  }

  private mainContainer(pod: KubeObject) {
    return pod.spec.containers[0];
  }

  private transition(
    pod: KubeObject,
    sim: PodSim,
    at: number,
    ctx: ControllerContext,
    nodes: KubeObject[],
  ) {
    const ev = (
      type: 'Normal' | 'Warning',
      reason: string,
      message: string,
      fieldPath?: string,
      source: { component: string; host?: string } = this.kubelet(pod),
    ) => ctx.events.record(pod, type, reason, message, source, at, fieldPath);
    const main = this.mainContainer(pod);
    const mainPath = `spec.containers{${main.name}}`;
    const restartPolicy = pod.spec.restartPolicy ?? 'Always';
    switch (sim.stage) {
      case 'scheduling':
      case 'unschedulable': {
        const candidates = nodes.filter(
          n =>
            nodeIsReady(n) &&
            !n.spec?.unschedulable &&
            nodeTolerated(n, pod) &&
            nodeAffinityAllows(n, pod),
        );
        if (sim.behaviour === 'unschedulable' || candidates.length === 0) {
          const reasons =
            sim.behaviour === 'unschedulable'
              ? `${nodes.length} Insufficient memory`
              : `${nodes.length} node(s) didn't match Pod's node affinity/selector`;
          ev(
            'Warning',
            'FailedScheduling',
            `0/${nodes.length} nodes are available: ${reasons}. preemption: 0/${nodes.length} nodes are available: ${nodes.length} No preemption victims found for incoming pod.`,
            undefined,
            SCHEDULER,
          );
          sim.stage = 'unschedulable';
          sim.waitingMessage = `0/${nodes.length} nodes are available: ${reasons}.`;
          sim.nextAt = at + 60_000;
          return;
        }
        const node = candidates[this.nextNode++ % candidates.length];
        sim.scheduledAt = at;
        sim.stage = 'sandbox';
        sim.nextAt = at + SANDBOX_DELAY;
        ctx.store.modify(
          '/pods',
          pod.metadata.namespace,
          pod.metadata.name,
          p => {
            p.spec.nodeName = node.metadata.name;
          },
        );
        pod.spec.nodeName = node.metadata.name;
        ev(
          'Normal',
          'Scheduled',
          `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${node.metadata.name}`,
          undefined,
          SCHEDULER,
        );
        return;
      }
      case 'sandbox':
        sim.sandboxAt = at;
        if (pod.spec.initContainers?.length) {
          sim.stage = 'init-running';
          this.startInit(pod, sim, at, ctx, ev);
          return;
        }
        this.beginPull(pod, sim, at, ev);
        return;
      case 'init-running': {
        const run = sim.initRuns[sim.initRuns.length - 1];
        const init = pod.spec.initContainers[0];
        run.end = at;
        if (sim.behaviour === 'init-failure') {
          run.exitCode = 1;
          run.reason = 'Error';
          if (restartPolicy === 'Never') {
            sim.stage = 'terminated';
            sim.nextAt = Infinity;
            return;
          }
          sim.stage = 'init-backoff';
          sim.nextAt = at + crashBackoff(sim.initRuns.length);
          ev(
            'Warning',
            'BackOff',
            `Back-off restarting failed container ${init.name} in pod ${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`,
            `spec.initContainers{${init.name}}`,
          );
          return;
        }
        run.exitCode = 0;
        run.reason = 'Completed';
        this.beginPull(pod, sim, at, ev);
        return;
      }
      case 'init-backoff':
        sim.stage = 'init-running';
        this.startInit(pod, sim, at, ctx, ev);
        return;
      case 'pulling':
        if (sim.behaviour === 'image-pull-error') {
          sim.pullAttempts++;
          sim.stage = 'pull-error';
          sim.waitingReason = 'ErrImagePull';
          sim.waitingMessage = `rpc error: code = NotFound desc = failed to pull and unpack image "${qualifiedImage(
            main.image,
          )}": failed to resolve reference "${qualifiedImage(
            main.image,
          )}": ${qualifiedImage(main.image)}: not found`;
          ev(
            'Warning',
            'Failed',
            `Failed to pull image "${main.image}": ${sim.waitingMessage}`,
            mainPath,
          );
          ev('Warning', 'Failed', 'Error: ErrImagePull', mainPath);
          sim.nextAt = at + 1000;
          return;
        }
        sim.pulledAt = at;
        ev(
          'Normal',
          'Pulled',
          `Successfully pulled image "${main.image}" in ${PULL_TIME / 1000}s (${
            PULL_TIME / 1000
          }s including waiting). Image size: ${
            24_000_000 + (stableHash(main.image) % 90_000_000)
          } bytes.`,
          mainPath,
        );
        if (sim.behaviour === 'config-error') {
          this.configError(pod, sim, at, ev);
          return;
        }
        this.startMain(pod, sim, at, ctx, ev);
        return;
      case 'pull-error':
        sim.stage = 'pull-backoff';
        sim.waitingReason = 'ImagePullBackOff';
        sim.waitingMessage = `Back-off pulling image "${main.image}"`;
        ev(
          'Normal',
          'BackOff',
          `Back-off pulling image "${main.image}"`,
          mainPath,
        );
        ev('Warning', 'Failed', 'Error: ImagePullBackOff', mainPath);
        sim.nextAt = at + crashBackoff(sim.pullAttempts);
        return;
      case 'pull-backoff':
        this.beginPull(pod, sim, at, ev);
        return;
      case 'waiting-error':
        if (sim.behaviour === 'config-error')
          this.configError(pod, sim, at, ev);
        else this.invalidImage(pod, sim, at, ev);
        return;
      case 'running': {
        const run = sim.runs[sim.runs.length - 1];
        run.end = at;
        sim.readyAt = undefined;
        if (sim.behaviour === 'complete') {
          run.exitCode = 0;
          run.reason = 'Completed';
        } else if (sim.behaviour === 'oom' || sim.behaviour === 'memory-leak') {
          run.exitCode = 137;
          run.reason = 'OOMKilled';
        } else {
          run.exitCode = 1;
          run.reason = 'Error';
        }
        const succeeded = run.exitCode === 0;
        if (
          restartPolicy === 'Never' ||
          (restartPolicy === 'OnFailure' && succeeded)
        ) {
          sim.stage = 'terminated';
          sim.nextAt = Infinity;
          return;
        }
        sim.stage = 'backoff';
        sim.nextAt = at + crashBackoff(backoffAttempt(sim.runs));
        ev(
          'Warning',
          'BackOff',
          `Back-off restarting failed container ${main.name} in pod ${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`,
          mainPath,
        );
        return;
      }
      case 'backoff':
        ev(
          'Normal',
          'Pulled',
          `Container image "${main.image}" already present on machine`,
          mainPath,
        );
        this.startMain(pod, sim, at, ctx, ev);
        return;
      default:
        sim.nextAt = Infinity;
    }
  }

  private beginPull(
    pod: KubeObject,
    sim: PodSim,
    at: number,
    ev: (...a: any[]) => void,
  ) {
    const main = this.mainContainer(pod);
    if (sim.behaviour === 'invalid-image-name') {
      this.invalidImage(pod, sim, at, ev);
      return;
    }
    sim.stage = 'pulling';
    sim.waitingReason = 'ContainerCreating';
    sim.waitingMessage = undefined;
    ev(
      'Normal',
      'Pulling',
      `Pulling image "${main.image}"`,
      `spec.containers{${main.name}}`,
    );
    sim.nextAt = at + (sim.behaviour === 'image-pull-error' ? 2000 : PULL_TIME);
  }

  private invalidImage(
    pod: KubeObject,
    sim: PodSim,
    at: number,
    ev: (...a: any[]) => void,
  ) {
    const main = this.mainContainer(pod);
    sim.stage = 'waiting-error';
    sim.waitingReason = 'InvalidImageName';
    sim.waitingMessage = `Failed to apply default image tag "${main.image}": couldn't parse image name "${main.image}": invalid reference format`;
    ev(
      'Warning',
      'InspectFailed',
      sim.waitingMessage,
      `spec.containers{${main.name}}`,
    );
    ev(
      'Warning',
      'Failed',
      'Error: InvalidImageName',
      `spec.containers{${main.name}}`,
    );
    sim.nextAt = at + 20_000;
  }

  private configError(
    pod: KubeObject,
    sim: PodSim,
    at: number,
    ev: (...a: any[]) => void,
  ) {
    const main = this.mainContainer(pod);
    const ref =
      main.envFrom?.[0]?.configMapRef?.name ??
      main.env?.find((e: any) => e.valueFrom?.configMapKeyRef)?.valueFrom
        .configMapKeyRef.name ??
      `${pod.metadata.name.split('-')[0]}-config`;
    sim.stage = 'waiting-error';
    sim.waitingReason = 'CreateContainerConfigError';
    sim.waitingMessage = `configmap "${ref}" not found`;
    ev(
      'Warning',
      'Failed',
      `Error: ${sim.waitingMessage}`,
      `spec.containers{${main.name}}`,
    );
    sim.nextAt = at + 20_000;
  }

  private startInit(
    pod: KubeObject,
    sim: PodSim,
    at: number,
    ctx: ControllerContext,
    ev: (...a: any[]) => void,
  ) {
    const init = pod.spec.initContainers[0];
    const path = `spec.initContainers{${init.name}}`;
    if (sim.initRuns.length === 0) {
      ev('Normal', 'Pulling', `Pulling image "${init.image}"`, path);
      ev(
        'Normal',
        'Pulled',
        `Successfully pulled image "${init.image}" in 1.2s (1.2s including waiting). Image size: 31457280 bytes.`,
        path,
      );
    } else {
      ev(
        'Normal',
        'Pulled',
        `Container image "${init.image}" already present on machine`,
        path,
      );
    }
    ev('Normal', 'Created', `Created container: ${init.name}`, path);
    ev('Normal', 'Started', `Started container ${init.name}`, path);
    sim.initRuns.push({ start: at, containerID: this.containerId(ctx) });
    sim.nextAt =
      at + INIT_RUN_TIME * (sim.behaviour === 'init-failure' ? 2 : 1);
  }

  private startMain(
    pod: KubeObject,
    sim: PodSim,
    at: number,
    ctx: ControllerContext,
    ev: (...a: any[]) => void,
  ) {
    const path = `spec.containers{${this.mainContainer(pod).name}}`;
    ev(
      'Normal',
      'Created',
      `Created container: ${this.mainContainer(pod).name}`,
      path,
    );
    ev(
      'Normal',
      'Started',
      `Started container ${this.mainContainer(pod).name}`,
      path,
    );
    if (sim.runs.length === 0) {
      for (const c of pod.spec.containers.slice(1)) {
        ev(
          'Normal',
          'Pulled',
          `Container image "${c.image}" already present on machine`,
          `spec.containers{${c.name}}`,
        );
        ev(
          'Normal',
          'Created',
          `Created container: ${c.name}`,
          `spec.containers{${c.name}}`,
        );
        ev(
          'Normal',
          'Started',
          `Started container ${c.name}`,
          `spec.containers{${c.name}}`,
        );
      }
    }
    sim.runs.push({ start: at, containerID: this.containerId(ctx) });
    sim.stage = 'running';
    sim.waitingReason = undefined;
    sim.waitingMessage = undefined;
    const ends = [
      'crash-loop',
      'oom',
      'memory-leak',
      'complete',
      'fail',
    ].includes(sim.behaviour);
    sim.nextAt = ends ? at + sim.runForMs : Infinity;
  }

  /** Readiness-probe failures while a slow pod warms up, as the kubelet reports them. */
  private probeEvents(pod: KubeObject, sim: PodSim, ctx: ControllerContext) {
    if (sim.stage !== 'running' || sim.behaviour !== 'slow-readiness') return;
    const run = sim.runs[sim.runs.length - 1];
    const readyAt = run.start + sim.readyAfterMs;
    let t = (sim.lastProbeEventAt ?? run.start) + PROBE_EVENT_INTERVAL;
    while (t <= ctx.now && t < readyAt) {
      const main = this.mainContainer(pod);
      ctx.events.record(
        pod,
        'Warning',
        'Unhealthy',
        'Readiness probe failed: HTTP probe failed with statuscode: 503',
        this.kubelet(pod),
        t,
        `spec.containers{${main.name}}`,
      );
      sim.lastProbeEventAt = t;
      t += PROBE_EVENT_INTERVAL;
    }
  }

  private terminate(pod: KubeObject, sim: PodSim, ctx: ControllerContext) {
    if (sim.deletionSeenAt === undefined) {
      sim.deletionSeenAt = ctx.now;
      if (pod.spec.nodeName && sim.runs.length) {
        for (const c of pod.spec.containers) {
          ctx.events.record(
            pod,
            'Normal',
            'Killing',
            `Stopping container ${c.name}`,
            this.kubelet(pod),
            ctx.now,
            `spec.containers{${c.name}}`,
          );
        }
      }
    }
    const grace = Math.min(
      (pod.metadata.deletionGracePeriodSeconds ?? 30) * 1000,
      TERMINATION_TIME,
    );
    if (ctx.now >= sim.deletionSeenAt + grace) {
      ctx.store.remove('/pods', pod.metadata.namespace, pod.metadata.name);
      this.sims.delete(sim.uid);
    }
  }

  private writeStatus(pod: KubeObject, sim: PodSim, ctx: ControllerContext) {
    // The status only changes with a transition or when the readiness delay passes:
    // skip rendering otherwise (most pods, most ticks).
    const lastRun = sim.runs[sim.runs.length - 1];
    const ready =
      sim.stage === 'running' &&
      lastRun !== undefined &&
      lastRun.start + sim.readyAfterMs <= ctx.now;
    const key = `${sim.stage}|${sim.runs.length}|${sim.initRuns.length}|${sim.pullAttempts}|${ready}|${sim.waitingReason}|${pod.spec.nodeName}|${pod.metadata.resourceVersion}`;
    if (sim.renderedKey === key) return;
    const status = renderPodStatus(pod, sim, ctx.now, pod.status);
    if (JSON.stringify(status) === JSON.stringify(pod.status)) {
      sim.renderedKey = key;
      return;
    }
    const written = ctx.store.modify(
      '/pods',
      pod.metadata.namespace,
      pod.metadata.name,
      p => {
        p.status = status;
      },
    );
    sim.renderedKey = `${sim.stage}|${sim.runs.length}|${sim.initRuns.length}|${sim.pullAttempts}|${ready}|${sim.waitingReason}|${pod.spec.nodeName}|${written?.metadata.resourceVersion}`;
  }
}

function nodeAffinityAllows(node: KubeObject, pod: KubeObject): boolean {
  const terms =
    pod.spec.affinity?.nodeAffinity
      ?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (pod.spec.nodeSelector) {
    for (const [k, v] of Object.entries(pod.spec.nodeSelector))
      if (node.metadata.labels?.[k] !== v) return false;
  }
  if (!terms?.length) return true;
  return terms.some(
    (t: any) =>
      (t.matchFields ?? []).every(
        (f: any) =>
          f.key !== 'metadata.name' || f.values.includes(node.metadata.name),
      ) &&
      (t.matchExpressions ?? []).every(
        (e: any) =>
          e.operator !== 'In' ||
          e.values.includes(node.metadata.labels?.[e.key]),
      ),
  );
}
