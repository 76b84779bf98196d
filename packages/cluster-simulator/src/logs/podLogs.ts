/**
 * The kubelet side of `GET .../pods/{name}/log`: finds the container run the
 * request asks for (current or previous), renders its lines with the pod's
 * log profile, and applies sinceSeconds / sinceTime / tailLines /
 * limitBytes / timestamps. Error texts are the kubelet's.
 */
import { KubeObject } from '../types';
import { ApiError } from '../api/status';
import { BEHAVIOUR_ANNOTATION, LOGS_ANNOTATION } from '../controllers/context';
import type { PodSim } from '../controllers/pod';
import { annotatedLogLines, renderLogLines } from './logLines';
import {
  isLogProfile,
  LogContext,
  LogLine,
  LogProfile,
  renderRunLog,
  RunInfo,
} from './profiles';

export interface LogQuery {
  container?: string;
  previous?: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  sinceTime?: string;
  limitBytes?: number;
  timestamps?: boolean;
}

/** What a container writes: its profile, or the pod's annotated lines. */
export interface LogSource {
  profile: LogProfile;
  ctx: LogContext;
  /** The pod's `log-lines` annotation, which replaces the profile. */
  lines?: readonly string[];
}

export interface ResolvedLog extends LogSource {
  run: RunInfo;
  /** True while the run can still produce lines (for follow). */
  live: boolean;
}

function badRequest(message: string) {
  return new ApiError(400, 'BadRequest', message);
}

function runFromState(state: any): RunInfo | undefined {
  if (state?.running) return { start: Date.parse(state.running.startedAt) };
  if (state?.terminated)
    return {
      start: Date.parse(state.terminated.startedAt),
      end: Date.parse(state.terminated.finishedAt),
      exitCode: state.terminated.exitCode,
      reason: state.terminated.reason,
    };
  return undefined;
}

function profileFor(
  pod: KubeObject,
  containerIndex: number,
  isInit: boolean,
): LogProfile {
  if (isInit) return 'migration';
  const annotated = pod.metadata.annotations?.[LOGS_ANNOTATION];
  if (containerIndex === 0 && annotated && isLogProfile(annotated))
    return annotated;
  if (containerIndex > 0) return 'agent';
  const behaviour = pod.metadata.annotations?.[BEHAVIOUR_ANNOTATION];
  if (behaviour === 'complete' || behaviour === 'fail') return 'worker';
  return 'web';
}

/** Resolves which run of which container a log request reads, or throws the kubelet's error. */
export function resolveLog(
  pod: KubeObject,
  sim: PodSim | undefined,
  query: LogQuery,
): ResolvedLog {
  const name = pod.metadata.name;
  const containers: any[] = pod.spec.containers;
  const inits: any[] = pod.spec.initContainers ?? [];
  let containerName = query.container;
  if (!containerName) {
    if (containers.length !== 1) {
      throw badRequest(
        `a container name must be specified for pod ${name}, choose one of: [${containers
          .map(c => c.name)
          .join(' ')}]${
          inits.length
            ? ` or one of the init containers: [${inits
                .map(c => c.name)
                .join(' ')}]`
            : ''
        }`,
      );
    }
    containerName = containers[0].name;
  }
  const index = containers.findIndex(c => c.name === containerName);
  const initIndex = inits.findIndex(c => c.name === containerName);
  if (index < 0 && initIndex < 0)
    throw badRequest(`container ${containerName} is not valid for pod ${name}`);
  if (pod.status?.reason === 'NodeLost') {
    throw new ApiError(
      500,
      'InternalError',
      `Get "https://${pod.status.hostIP ?? '10.0.0.13'}:10250/containerLogs/${
        pod.metadata.namespace
      }/${name}/${containerName}": dial tcp ${
        pod.status.hostIP ?? '10.0.0.13'
      }:10250: connect: no route to host`,
    );
  }
  const isInit = index < 0;
  const statuses: any[] =
    (isInit
      ? pod.status?.initContainerStatuses
      : pod.status?.containerStatuses) ?? [];
  const status = statuses.find(s => s.name === containerName);

  let runs: RunInfo[] = [];
  if (sim) {
    if (isInit) runs = initIndex === 0 ? sim.initRuns : [];
    else if (index === 0) runs = sim.runs;
    else if (sim.runs.length) runs = [{ start: sim.runs[0].start }];
  } else {
    const last = runFromState(status?.lastState);
    const current = runFromState(status?.state);
    runs = [last, current].filter((r): r is RunInfo => Boolean(r));
  }
  let run: RunInfo | undefined;
  if (query.previous) {
    const currentIsRunning =
      runs.length > 0 && runs[runs.length - 1].end === undefined;
    // The previous run is the one before the current, or the last one when the container waits to restart.
    const waitingToRestart =
      !currentIsRunning && Boolean(status?.state?.waiting) && runs.length > 0;
    run = waitingToRestart ? runs[runs.length - 1] : runs[runs.length - 2];
    if (!run)
      throw badRequest(
        `previous terminated container "${containerName}" in pod "${name}" not found`,
      );
  } else {
    const waiting = status?.state?.waiting;
    if (waiting && !(waiting.reason === 'CrashLoopBackOff' && runs.length)) {
      throw badRequest(
        `container "${containerName}" in pod "${name}" is waiting to start: ${
          waiting.message &&
          waiting.reason !== 'ContainerCreating' &&
          waiting.reason !== 'PodInitializing'
            ? waiting.message
            : waiting.reason
        }`,
      );
    }
    run = runs[runs.length - 1];
    if (!run)
      throw badRequest(
        `container "${containerName}" in pod "${name}" is waiting to start: ContainerCreating`,
      );
  }
  return {
    ...logSource(pod, containerName!, isInit ? initIndex : index, isInit),
    run,
    live: run.end === undefined,
  };
}

/** The profile (or annotated lines) and context of one container of a pod. */
export function logSource(
  pod: KubeObject,
  containerName: string,
  containerIndex: number,
  isInit: boolean,
): LogSource {
  const name = pod.metadata.name;
  const spec = (isInit ? pod.spec.initContainers : pod.spec.containers)[
    containerIndex
  ];
  const labels = pod.metadata.labels ?? {};
  const app =
    labels['backstage.io/kubernetes-id'] ??
    labels['app.kubernetes.io/name'] ??
    labels.app ??
    name.replace(/-[a-z0-9]{5}$/, '').replace(/-[a-z0-9]{9,10}$/, '');
  const lines = annotatedLogLines(pod);
  return {
    profile: profileFor(pod, isInit ? 0 : containerIndex, isInit),
    ctx: {
      namespace: pod.metadata.namespace!,
      pod: name,
      container: containerName,
      image: spec.image,
      app,
      task: labels['tekton.dev/pipelineTask'],
    },
    ...(lines ? { lines } : {}),
  };
}

/** The response body lines for a resolved log at `now`, filters applied. */
export function renderLog(
  resolved: ResolvedLog,
  query: LogQuery,
  now: number,
): LogLine[] {
  let lines = resolved.lines
    ? renderLogLines(resolved.lines, resolved.run, now)
    : renderRunLog(resolved.profile, resolved.ctx, resolved.run, now);
  if (query.sinceSeconds !== undefined)
    lines = lines.filter(l => l.ts >= now - query.sinceSeconds! * 1000);
  if (query.sinceTime) {
    const since = Date.parse(query.sinceTime);
    lines = lines.filter(l => l.ts >= since);
  }
  if (query.tailLines !== undefined)
    lines = query.tailLines <= 0 ? [] : lines.slice(-query.tailLines);
  return lines;
}

export function formatLine(line: LogLine, timestamps: boolean): string {
  if (!timestamps) return `${line.text}\n`;
  // The kubelet prefixes RFC3339Nano timestamps.
  return `${new Date(line.ts)
    .toISOString()
    .replace(/\.(\d{3})Z$/, '.$1000000Z')} ${line.text}\n`;
}
