/*
 * The rows the UI lists: pods as `kubectl get pods` shows them, job runs for
 * the job history, build runs. Built from objects and their verdicts.
 */
import type {
  BuildRun,
  ContainerResources,
  ContainerSummary,
  JobRun,
  ObjectStatus,
  PodSummary,
} from '../model/types';
import {
  asRecord,
  asRecordList,
  readNumber,
  readPath,
  readString,
  readStringMap,
  readTime,
  readTimeString,
} from './fields';
import { findCondition } from './conditions';
import { controllerRefOf, identityOf } from './related';
import type { KubeObject } from './types';
import { podColumns } from './rules/podStatusText';
import { parseCpuMillicores, parseMemoryBytes } from './quantity';

function durationSeconds(start?: string, end?: string): number | undefined {
  const s = readTime(start);
  const e = readTime(end);
  return s !== undefined && e !== undefined && e >= s
    ? Math.round((e - s) / 1000)
    : undefined;
}

function containerSummaries(pod: KubeObject): ContainerSummary[] {
  const images = new Map<string, string>();
  const resources = new Map<string, ContainerResources>();
  for (const list of ['initContainers', 'containers']) {
    for (const c of asRecordList(readPath(pod, 'spec', list))) {
      const name = readString(c.name);
      if (name) images.set(name, readString(c.image) ?? '');
      const declared = name && containerResources(c);
      if (declared) resources.set(name, declared);
    }
  }
  const out: ContainerSummary[] = [];
  const lists: Array<[unknown, boolean]> = [
    [readPath(pod, 'status', 'initContainerStatuses'), true],
    [readPath(pod, 'status', 'containerStatuses'), false],
  ];
  for (const [list, init] of lists) {
    for (const c of asRecordList(list)) {
      const name = readString(c.name) ?? '';
      const state = asRecord(c.state) ?? {};
      const kind =
        (['running', 'waiting', 'terminated'] as const).find(k => state[k]) ??
        'unknown';
      const detail = asRecord(state[kind]) ?? {};
      const last = asRecord(readPath(c, 'lastState', 'terminated'));
      const summary: ContainerSummary = {
        name,
        image: readString(c.image) ?? images.get(name) ?? '',
        ready: c.ready === true,
        restarts: Math.max(0, readNumber(c.restartCount) ?? 0),
        state: kind,
      };
      // Sidecars are declared among the init containers; they are listed so.
      if (init) summary.init = true;
      const reason = readString(detail.reason);
      if (reason) summary.reason = reason;
      const message = readString(detail.message);
      if (message) summary.message = message;
      const exitCode = readNumber(detail.exitCode);
      if (exitCode !== undefined) summary.exitCode = exitCode;
      const startedAt = readTimeString(detail.startedAt);
      if (startedAt) summary.startedAt = startedAt;
      const declared = resources.get(name);
      if (declared) summary.resources = declared;
      if (last) {
        summary.lastTermination = {
          reason: readString(last.reason),
          exitCode: readNumber(last.exitCode),
          finishedAt: readTimeString(last.finishedAt),
        };
      }
      out.push(summary);
    }
  }
  return out;
}

/** A container's requests and limits in numbers; undefined when it sets none. */
function containerResources(
  container: Record<string, unknown>,
): ContainerResources | undefined {
  const requests = asRecord(readPath(container, 'resources', 'requests'));
  const limits = asRecord(readPath(container, 'resources', 'limits'));
  const out: ContainerResources = {};
  const cpuRequest = parseCpuMillicores(requests?.cpu);
  if (cpuRequest !== undefined) out.cpuRequestMillicores = cpuRequest;
  const cpuLimit = parseCpuMillicores(limits?.cpu);
  if (cpuLimit !== undefined) out.cpuLimitMillicores = cpuLimit;
  const memoryRequest = parseMemoryBytes(requests?.memory);
  if (memoryRequest !== undefined) out.memoryRequestBytes = memoryRequest;
  const memoryLimit = parseMemoryBytes(limits?.memory);
  if (memoryLimit !== undefined) out.memoryLimitBytes = memoryLimit;
  return Object.keys(out).length ? out : undefined;
}

/** One pod row. `current` is set when the caller knows the current revision. */
export function summarizePod(
  pod: KubeObject,
  status: ObjectStatus,
  current?: boolean,
): PodSummary {
  const cols = podColumns(pod);
  const id = identityOf(pod);
  const labels = readStringMap(readPath(pod, 'metadata', 'labels'));
  const row: PodSummary = {
    name: id.name,
    namespace: id.namespace ?? '',
    lifecycle: status.lifecycle,
    health: status.health,
    reasons: status.reasons,
    ready: `${cols.ready}/${cols.total}`,
    restarts: cols.restarts,
    containers: containerSummaries(pod),
  };
  if (cols.lastRestartAt !== undefined)
    row.lastRestartAt = new Date(cols.lastRestartAt).toISOString();
  const node = readString(readPath(pod, 'spec', 'nodeName'));
  if (node) row.node = node;
  const created = readTimeString(
    readPath(pod, 'metadata', 'creationTimestamp'),
  );
  if (created) row.createdAt = created;
  const revision =
    labels['pod-template-hash'] ??
    labels['rollouts-pod-template-hash'] ??
    labels['controller-revision-hash'];
  if (revision) row.revision = revision;
  if (current !== undefined) row.current = current;
  return row;
}

/** One run of a job history. */
export function summarizeJob(
  job: KubeObject,
  status: ObjectStatus,
  pods: KubeObject[],
): JobRun {
  const id = identityOf(job);
  const owner = controllerRefOf(job);
  const startedAt = readTimeString(readPath(job, 'status', 'startTime'));
  const finished =
    findCondition(job, 'Complete')?.status === 'True' ||
    findCondition(job, 'Failed')?.status === 'True';
  const completedAt =
    readTimeString(readPath(job, 'status', 'completionTime')) ??
    (finished ? findCondition(job, 'Failed')?.lastTransitionTime : undefined);
  const run: JobRun = {
    name: id.name,
    namespace: id.namespace ?? '',
    lifecycle: status.lifecycle,
    health: status.health,
    reasons: status.reasons,
    pods: pods.map(p => identityOf(p).name),
  };
  if (owner?.kind === 'CronJob') run.cronJob = owner.name;
  if (startedAt) run.startedAt = startedAt;
  if (completedAt) run.completedAt = completedAt;
  const d = durationSeconds(startedAt, completedAt);
  if (d !== undefined) run.durationSeconds = d;
  // `kubectl create job --from=cronjob/x` marks the copy with this annotation.
  const manual =
    readPath(
      job,
      'metadata',
      'annotations',
      'cronjob.kubernetes.io/instantiate',
    ) === 'manual';
  run.trigger = manual || owner?.kind !== 'CronJob' ? 'manual' : 'scheduled';
  return run;
}

/** Commit, revision or image digest of a build, when the run records one. */
function buildRevision(obj: KubeObject): string | undefined {
  const annotations = readStringMap(readPath(obj, 'metadata', 'annotations'));
  const labels = readStringMap(readPath(obj, 'metadata', 'labels'));
  const fromSources = asRecordList(readPath(obj, 'status', 'sources'))
    .map(s => readString(readPath(s, 'git', 'commitSha')))
    .find(Boolean);
  return (
    annotations['workload-status.backstage.io/revision'] ??
    labels['workload-status.backstage.io/revision'] ??
    annotations['pipelinesascode.tekton.dev/sha'] ??
    annotations['build.appstudio.redhat.com/commit_sha'] ??
    fromSources ??
    readString(readPath(obj, 'status', 'output', 'digest'))
  );
}

/** One build run. */
export function summarizeBuild(
  obj: KubeObject,
  status: ObjectStatus,
  pods: string[],
): BuildRun {
  const id = identityOf(obj);
  const startedAt =
    readTimeString(readPath(obj, 'status', 'startTime')) ??
    readTimeString(readPath(obj, 'metadata', 'creationTimestamp'));
  const completedAt =
    readTimeString(readPath(obj, 'status', 'completionTime')) ??
    (status.lifecycle === 'Failed' ||
    status.lifecycle === 'Succeeded' ||
    status.lifecycle === 'Cancelled'
      ? findCondition(obj, 'Succeeded')?.lastTransitionTime ??
        findCondition(obj, 'Failed')?.lastTransitionTime
      : undefined);
  const run: BuildRun = {
    kind: id.kind,
    name: id.name,
    namespace: id.namespace ?? '',
    lifecycle: status.lifecycle,
    health: status.health,
    reasons: status.reasons,
    pods,
  };
  if (startedAt) run.startedAt = startedAt;
  if (completedAt) run.completedAt = completedAt;
  const d = durationSeconds(startedAt, completedAt);
  if (d !== undefined) run.durationSeconds = d;
  const revision = buildRevision(obj);
  if (revision) run.revision = revision;
  return run;
}
