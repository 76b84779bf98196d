/**
 * The pod status a kubelet reports for a simulated pod: phase, the five
 * conditions, container statuses with state / lastState, and the
 * termination message of an exited container (its termination-message file,
 * or under `terminationMessagePolicy: FallbackToLogsOnError` the tail of its
 * log when it failed).
 */
import { kubeTime } from '../clock';
import { KubeObject } from '../types';
import { terminationMessage } from '../logs/terminationMessage';
import { imageDigest, qualifiedImage, stableHash } from './images';
import { ContainerRun, crashBackoff, PodSim } from './podSim';

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

  // the main container by default; init runs name their container
  const stateOf = (run: ContainerRun | undefined, initIndex?: number) => {
    if (run?.end === undefined) return undefined;
    const message = terminationMessage(
      pod,
      initIndex ?? 0,
      initIndex !== undefined,
      run,
    );
    return {
      terminated: {
        exitCode: run.exitCode,
        reason: run.reason,
        ...(message ? { message } : {}),
        startedAt: kubeTime(run.start),
        finishedAt: kubeTime(run.end),
        containerID: run.containerID,
      },
    };
  };

  let mainState: any;
  if (sim.stage === 'running')
    mainState = { running: { startedAt: kubeTime(lastRun.start) } };
  else if (sim.stage === 'backoff')
    mainState = {
      waiting: {
        reason: 'CrashLoopBackOff',
        message: `back-off ${Math.round(
          crashBackoff(sim.runs.length) / 1000,
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
        ? `${qualifiedImage(c.image).split(':')[0]}@sha256:${imageDigest(
            c.image,
          )}`
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

  const initContainerStatuses = pod.spec.initContainers?.map(
    (c: any, initIndex: number) => {
      const run = sim.initRuns[sim.initRuns.length - 1];
      let state: any = { waiting: { reason: 'PodInitializing' } };
      if (run?.end === undefined && run)
        state = { running: { startedAt: kubeTime(run.start) } };
      else if (sim.stage === 'init-backoff')
        state = {
          waiting: {
            reason: 'CrashLoopBackOff',
            message: `back-off ${Math.round(
              crashBackoff(sim.initRuns.length) / 1000,
            )}s restarting failed container=${c.name} pod=${
              pod.metadata.name
            }_${pod.metadata.namespace}(${pod.metadata.uid})`,
          },
        };
      else if (run) state = stateOf(run, initIndex);
      return {
        name: c.name,
        image: c.image,
        imageID: run
          ? `${qualifiedImage(c.image).split(':')[0]}@sha256:${imageDigest(
              c.image,
            )}`
          : '',
        ...(run ? { containerID: run.containerID } : {}),
        ready: run?.exitCode === 0,
        started: run !== undefined && run.end === undefined,
        restartCount: Math.max(0, sim.initRuns.length - 1),
        state,
        lastState:
          sim.stage === 'init-backoff' || sim.initRuns.length < 2
            ? {}
            : stateOf(sim.initRuns[sim.initRuns.length - 2], initIndex) ?? {},
      };
    },
  );

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
  return `10.244.${nodeIndex}.${(stableHash(pod.metadata.uid!) % 250) + 2}`;
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
