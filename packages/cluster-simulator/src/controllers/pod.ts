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
import { kubeTime, parseDuration } from '../clock';
import { KubeObject } from '../types';
import {
  BEHAVIOUR_ANNOTATION,
  Controller,
  ControllerContext,
  READY_AFTER_ANNOTATION,
  RUN_FOR_ANNOTATION,
} from './context';
import { nodeIsReady, nodeTolerated, NODE_LOST_MARK } from './node';

export type Behaviour =
  | 'healthy'
  | 'slow-readiness'
  | 'crash-loop'
  | 'image-pull-error'
  | 'invalid-image-name'
  | 'config-error'
  | 'oom'
  | 'unschedulable'
  | 'init-failure'
  | 'complete'
  | 'fail';

export const BEHAVIOURS: Behaviour[] = [
  'healthy',
  'slow-readiness',
  'crash-loop',
  'image-pull-error',
  'invalid-image-name',
  'config-error',
  'oom',
  'unschedulable',
  'init-failure',
  'complete',
  'fail',
];

/** One run of a container: what the kubelet remembers as state/lastState and what the log shows. */
export interface ContainerRun {
  start: number;
  end?: number;
  exitCode?: number;
  reason?: string;
  containerID: string;
}

type Stage =
  | 'scheduling'
  | 'unschedulable'
  | 'sandbox'
  | 'init-running'
  | 'init-backoff'
  | 'pulling'
  | 'pull-error'
  | 'pull-backoff'
  | 'waiting-error'
  | 'running'
  | 'backoff'
  | 'terminated'
  | 'lost';

export interface PodSim {
  uid: string;
  behaviour: Behaviour;
  readyAfterMs: number;
  runForMs: number;
  stage: Stage;
  nextAt: number;
  scheduledAt?: number;
  sandboxAt?: number;
  pulledAt?: number;
  readyAt?: number;
  pullAttempts: number;
  runs: ContainerRun[];
  initRuns: ContainerRun[];
  waitingReason?: string;
  waitingMessage?: string;
  lastProbeEventAt?: number;
  deletionSeenAt?: number;
  /** What the last written status was rendered from (see writeStatus). */
  renderedKey?: string;
}

const SCHEDULER = { component: 'default-scheduler' };
const SCHEDULE_DELAY = 300;
const SANDBOX_DELAY = 500;
const PULL_TIME = 1500;
const INIT_RUN_TIME = 1000;
const CRASH_BACKOFF_BASE = 10_000;
const CRASH_BACKOFF_MAX = 300_000;
const TERMINATION_TIME = 2000;
const PROBE_EVENT_INTERVAL = 10_000;

const DEFAULT_READY_AFTER: Partial<Record<Behaviour, number>> = {
  'slow-readiness': 60_000,
  'crash-loop': Infinity,
  fail: Infinity,
};
const DEFAULT_RUN_FOR: Partial<Record<Behaviour, number>> = {
  oom: 8000,
  complete: 4000,
  fail: 4000,
};

function backoff(attempt: number): number {
  return Math.min(
    CRASH_BACKOFF_BASE * 2 ** Math.max(0, attempt - 1),
    CRASH_BACKOFF_MAX,
  );
}

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
          sim.nextAt = at + backoff(sim.initRuns.length);
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
            24_000_000 + (hashOf(main.image) % 90_000_000)
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
        sim.nextAt = at + backoff(sim.pullAttempts);
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
        } else if (sim.behaviour === 'oom') {
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
        sim.nextAt = at + backoff(sim.runs.length);
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
    const ends = ['crash-loop', 'oom', 'complete', 'fail'].includes(
      sim.behaviour,
    );
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

function hashOf(s: string): number {
  let h = 7;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) >>> 0;
  return h;
}

function qualifiedImage(image: string): string {
  const first = image.split('/')[0];
  if (image.includes('/') && (first.includes('.') || first.includes(':')))
    return image;
  return `docker.io/${image.includes('/') ? '' : 'library/'}${image}`;
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

function condition(
  type: string,
  status: boolean,
  since: number | undefined,
  reason?: string,
  message?: string,
) {
  return {
    type,
    status: status ? 'True' : 'False',
    lastProbeTime: null,
    lastTransitionTime: since !== undefined ? kubeTime(since) : null,
    ...(reason ? { reason } : {}),
    ...(message ? { message } : {}),
  };
}

/** The pod status a kubelet would report for the simulated state at `now`. */
export function renderPodStatus(
  pod: KubeObject,
  sim: PodSim,
  now: number,
  previous: any,
): any {
  const created = Date.parse(pod.metadata.creationTimestamp!);
  const main = pod.spec.containers[0];
  if (sim.stage === 'unschedulable' || sim.stage === 'scheduling') {
    if (sim.stage === 'scheduling')
      return { phase: 'Pending', qosClass: qosClass(pod) };
    return {
      phase: 'Pending',
      conditions: [
        condition(
          'PodScheduled',
          false,
          sim.nextAt - 60_000,
          'Unschedulable',
          sim.waitingMessage,
        ),
      ],
      qosClass: qosClass(pod),
    };
  }
  const lastRun = sim.runs[sim.runs.length - 1];
  const readyAt =
    lastRun && sim.stage === 'running'
      ? lastRun.start + sim.readyAfterMs
      : undefined;
  const ready = readyAt !== undefined && readyAt <= now;
  const initDone =
    !pod.spec.initContainers?.length ||
    (sim.initRuns.length > 0 &&
      sim.initRuns[sim.initRuns.length - 1].exitCode === 0);
  const terminal = sim.stage === 'terminated';
  let phase = 'Pending';
  if (terminal) {
    const failed =
      (lastRun?.exitCode ??
        sim.initRuns[sim.initRuns.length - 1]?.exitCode ??
        1) !== 0;
    phase = failed ? 'Failed' : 'Succeeded';
  } else if (sim.runs.length > 0) phase = 'Running';

  const stateOf = (run: ContainerRun | undefined) =>
    run?.end !== undefined
      ? {
          terminated: {
            exitCode: run.exitCode,
            reason: run.reason,
            startedAt: kubeTime(run.start),
            finishedAt: kubeTime(run.end),
            containerID: run.containerID,
          },
        }
      : undefined;

  let mainState: any;
  if (sim.stage === 'running')
    mainState = { running: { startedAt: kubeTime(lastRun.start) } };
  else if (sim.stage === 'backoff')
    mainState = {
      waiting: {
        reason: 'CrashLoopBackOff',
        message: `back-off ${Math.round(
          backoff(sim.runs.length) / 1000,
        )}s restarting failed container=${main.name} pod=${pod.metadata.name}_${
          pod.metadata.namespace
        }(${pod.metadata.uid})`,
      },
    };
  else if (terminal && lastRun) mainState = stateOf(lastRun);
  else if (
    sim.stage === 'pulling' ||
    sim.stage === 'sandbox' ||
    sim.stage === 'init-running' ||
    sim.stage === 'init-backoff' ||
    (terminal && !lastRun)
  )
    mainState = {
      waiting: {
        reason:
          sim.stage === 'pulling' || sim.stage === 'sandbox'
            ? 'ContainerCreating'
            : 'PodInitializing',
      },
    };
  else
    mainState = {
      waiting: {
        reason: sim.waitingReason,
        ...(sim.waitingMessage ? { message: sim.waitingMessage } : {}),
      },
    };

  let lastState: any;
  if (sim.stage === 'running' && sim.runs.length >= 2)
    lastState = stateOf(sim.runs[sim.runs.length - 2]);
  else if (sim.stage === 'backoff') lastState = stateOf(lastRun);
  const containerStatuses = pod.spec.containers.map((c: any, i: number) => {
    const isMain = i === 0;
    const pulled = isMain ? sim.pulledAt !== undefined : sim.runs.length > 0;
    const sidecarState =
      sim.runs.length > 0
        ? { running: { startedAt: kubeTime(sim.runs[0].start) } }
        : { waiting: { reason: 'PodInitializing' } };
    const state = isMain ? mainState : sidecarState;
    const isReady = isMain ? ready : sim.runs.length > 0 && !terminal;
    return {
      name: c.name,
      image: c.image,
      imageID: pulled
        ? `${qualifiedImage(c.image).split(':')[0]}@sha256:${sha(c.image)}`
        : '',
      ...(isMain && lastRun ? { containerID: lastRun.containerID } : {}),
      ready: isReady,
      started: isMain ? sim.stage === 'running' : sim.runs.length > 0,
      // The kubelet counts a restart as soon as a container has exited and will be started again.
      restartCount: isMain
        ? Math.max(
            0,
            sim.runs.filter(r => r.end !== undefined).length -
              (terminal ? 1 : 0),
          )
        : 0,
      state,
      lastState: (isMain && lastState) || {},
      volumeMounts: (c.volumeMounts ?? []).map((m: any) => ({
        name: m.name,
        mountPath: m.mountPath,
        ...(m.readOnly
          ? { readOnly: true, recursiveReadOnly: 'Disabled' }
          : {}),
      })),
    };
  });

  const initContainerStatuses = pod.spec.initContainers?.map((c: any) => {
    const run = sim.initRuns[sim.initRuns.length - 1];
    let state: any = { waiting: { reason: 'PodInitializing' } };
    if (run?.end === undefined && run)
      state = { running: { startedAt: kubeTime(run.start) } };
    else if (sim.stage === 'init-backoff')
      state = {
        waiting: {
          reason: 'CrashLoopBackOff',
          message: `back-off ${Math.round(
            backoff(sim.initRuns.length) / 1000,
          )}s restarting failed container=${c.name} pod=${pod.metadata.name}_${
            pod.metadata.namespace
          }(${pod.metadata.uid})`,
        },
      };
    else if (run) state = stateOf(run);
    return {
      name: c.name,
      image: c.image,
      imageID: run
        ? `${qualifiedImage(c.image).split(':')[0]}@sha256:${sha(c.image)}`
        : '',
      ...(run ? { containerID: run.containerID } : {}),
      ready: run?.exitCode === 0,
      started: run !== undefined && run.end === undefined,
      restartCount: Math.max(0, sim.initRuns.length - 1),
      state,
      lastState:
        sim.stage === 'init-backoff' || sim.initRuns.length < 2
          ? {}
          : stateOf(sim.initRuns[sim.initRuns.length - 2]) ?? {},
    };
  });

  const prevCond = (type: string) =>
    previous?.conditions?.find((c: any) => c.type === type);
  const since = (type: string, status: boolean, fallback: number) => {
    const p = prevCond(type);
    return p && p.status === (status ? 'True' : 'False')
      ? Date.parse(p.lastTransitionTime)
      : fallback;
  };
  const notReadyList = pod.spec.containers
    .filter((_: any, i: number) => !containerStatuses[i].ready)
    .map((c: any) => c.name);
  const completed = terminal && phase === 'Succeeded';
  let readyReason: string | undefined = notReadyList.length
    ? 'ContainersNotReady'
    : undefined;
  if (completed) readyReason = 'PodCompleted';
  const readyMessage =
    !completed && notReadyList.length
      ? `containers with unready status: [${notReadyList.join(' ')}]`
      : undefined;
  const allReady = notReadyList.length === 0 && !terminal;
  let initReason: string | undefined = initDone
    ? undefined
    : 'ContainersNotInitialized';
  if (initDone && completed) initReason = 'PodCompleted';
  const conditions = [
    condition(
      'PodReadyToStartContainers',
      !terminal && sim.sandboxAt !== undefined,
      since(
        'PodReadyToStartContainers',
        !terminal && sim.sandboxAt !== undefined,
        sim.sandboxAt ?? created,
      ),
    ),
    condition(
      'Initialized',
      initDone,
      since('Initialized', initDone, sim.scheduledAt ?? created),
      initReason,
      initDone
        ? undefined
        : `containers with incomplete status: [${pod.spec.initContainers?.[0]?.name}]`,
    ),
    condition(
      'Ready',
      allReady,
      since('Ready', allReady, readyAt && allReady ? readyAt : now),
      readyReason,
      readyMessage,
    ),
    condition(
      'ContainersReady',
      allReady,
      since('ContainersReady', allReady, readyAt && allReady ? readyAt : now),
      readyReason,
      readyMessage,
    ),
    condition('PodScheduled', true, sim.scheduledAt ?? created),
  ];
  const nodeIndex = Number(/(\d+)$/.exec(pod.spec.nodeName ?? '')?.[1] ?? 1);
  return {
    phase,
    conditions,
    hostIP: `10.0.0.${10 + nodeIndex}`,
    hostIPs: [{ ip: `10.0.0.${10 + nodeIndex}` }],
    ...(sim.sandboxAt !== undefined
      ? {
          podIP: podIp(pod, nodeIndex),
          podIPs: [{ ip: podIp(pod, nodeIndex) }],
        }
      : {}),
    startTime: kubeTime(sim.scheduledAt ?? created),
    ...(initContainerStatuses ? { initContainerStatuses } : {}),
    containerStatuses,
    qosClass: qosClass(pod),
  };
}

function podIp(pod: KubeObject, nodeIndex: number): string {
  return `10.244.${nodeIndex}.${(hashOf(pod.metadata.uid!) % 250) + 2}`;
}

function sha(text: string): string {
  let out = '';
  let h = hashOf(text);
  for (let i = 0; i < 8; i++) {
    h = (Math.imul(h, 2654435761) + i) >>> 0;
    out += h.toString(16).padStart(8, '0');
  }
  return out;
}

function qosClass(pod: KubeObject): string {
  const rs = pod.spec.containers.map((c: any) => c.resources ?? {});
  if (rs.every((r: any) => !r.requests && !r.limits)) return 'BestEffort';
  if (
    rs.every(
      (r: any) =>
        r.limits?.cpu &&
        r.limits?.memory &&
        (!r.requests ||
          (r.requests.cpu === r.limits.cpu &&
            r.requests.memory === r.limits.memory)),
    )
  )
    return 'Guaranteed';
  return 'Burstable';
}
