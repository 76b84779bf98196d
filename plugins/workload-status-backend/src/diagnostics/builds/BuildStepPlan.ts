import { InputError, NotFoundError } from '@backstage/errors';
import type {
  BuildLogStep,
  KubeObject,
} from '@workload-status/backstage-plugin-workload-status-common';
import { containerNames, newestFirst } from '../logs/PodLogService';

/** The build kinds whose log can be read, as the route names them. */
export const BUILD_KINDS = ['PipelineRun', 'TaskRun', 'BuildRun', 'Job'];

/** Labels that make a Job a build Job. */
export const BUILD_JOB_LABEL = 'workload-status.backstage.io/build';
const COMPONENT_LABEL = 'app.kubernetes.io/component';

/** A step whose log is still to be read. */
export type PlannedStep = Omit<BuildLogStep, 'log' | 'truncated'>;

/** The steps of one pod, or of a TaskRun whose pod is gone. */
export interface StepGroup {
  /** set when the steps come from a TaskRun */
  taskRun?: KubeObject;
  /** the pod, when the cache still has it */
  pod?: KubeObject;
  steps: PlannedStep[];
}

/** The route's `buildKind`, case-insensitive, as a Kind; InputError otherwise. */
export function parseBuildKind(value: string | undefined): string {
  const kind = BUILD_KINDS.find(
    k => k.toLowerCase() === String(value).toLowerCase(),
  );
  if (!kind) {
    throw new InputError(
      `Invalid build kind '${String(value).slice(
        0,
        64,
      )}' (one of ${BUILD_KINDS.join(', ')})`,
    );
  }
  return kind;
}

export function isBuildJob(job: KubeObject): boolean {
  const labels = job.metadata?.labels ?? {};
  return BUILD_JOB_LABEL in labels || labels[COMPONENT_LABEL] === 'build';
}

/**
 * Which containers of which pods make up a build run, in execution order,
 * from the entity's cached objects:
 * - TaskRun: its pod (`status.podName`), the `step-*` containers in spec
 *   order (Tekton runs them in that order);
 * - PipelineRun: its TaskRuns (`status.childReferences` or the
 *   `tekton.dev/pipelineRun` label) by start time, then their steps;
 * - Shipwright BuildRun: its TaskRun (`status.taskRunName`,
 *   `status.executor` or the `buildrun.shipwright.io/name` label), or
 *   its pod when no TaskRun is cached;
 * - build Job: its newest pod, init containers then containers.
 */
export class BuildStepPlan {
  /** `objects`: the entity's objects in the build's cluster */
  constructor(private readonly objects: readonly KubeObject[]) {}

  groups(build: KubeObject): StepGroup[] {
    switch (build.kind) {
      case 'TaskRun':
        return [this.taskRunGroup(build, false)];
      case 'PipelineRun':
        return this.taskRunsOf(build).map(tr => this.taskRunGroup(tr, true));
      case 'BuildRun':
        return this.buildRunGroups(build);
      case 'Job':
        return this.jobGroups(build);
      default:
        throw new InputError(`${build.kind} is not a build kind`);
    }
  }

  private taskRunGroup(taskRun: KubeObject, named: boolean): StepGroup {
    const pod = this.taskRunPod(taskRun);
    const taskRunName = named ? taskRun.metadata?.name : undefined;
    if (!pod) return { taskRun, steps: [] };
    const { main } = containerNames(pod);
    const stepContainers = main.filter(c => c.startsWith('step-'));
    const containers = stepContainers.length ? stepContainers : main;
    return {
      taskRun,
      pod,
      steps: containers.map(container => ({
        name: container.replace(/^step-/, ''),
        ...(taskRunName ? { taskRun: taskRunName } : {}),
        pod: String(pod.metadata?.name),
        container,
        ...containerState(pod, container),
      })),
    };
  }

  private taskRunPod(taskRun: KubeObject): KubeObject | undefined {
    const ns = taskRun.metadata?.namespace;
    const podName: unknown = taskRun.status?.podName;
    const pods = this.objects.filter(
      o => o.kind === 'Pod' && o.metadata?.namespace === ns,
    );
    return (
      pods.find(p => p.metadata?.name === podName) ??
      pods
        .filter(
          p =>
            p.metadata?.labels?.['tekton.dev/taskRun'] ===
              taskRun.metadata?.name ||
            p.metadata?.ownerReferences?.some(
              r => r.uid === taskRun.metadata?.uid,
            ),
        )
        .sort(newestFirst)[0]
    );
  }

  private taskRunsOf(pipelineRun: KubeObject): KubeObject[] {
    const ns = pipelineRun.metadata?.namespace;
    const name = pipelineRun.metadata?.name;
    const children = new Set<string>(
      (Array.isArray(pipelineRun.status?.childReferences)
        ? pipelineRun.status.childReferences
        : []
      )
        .filter((c: any) => c?.kind === 'TaskRun' && typeof c.name === 'string')
        .map((c: any) => c.name),
    );
    return this.objects
      .filter(
        o =>
          o.kind === 'TaskRun' &&
          o.metadata?.namespace === ns &&
          (children.has(String(o.metadata?.name)) ||
            o.metadata?.labels?.['tekton.dev/pipelineRun'] === name ||
            o.metadata?.ownerReferences?.some(
              r => r.uid === pipelineRun.metadata?.uid,
            )),
      )
      .sort(byStart);
  }

  private buildRunGroups(buildRun: KubeObject): StepGroup[] {
    const ns = buildRun.metadata?.namespace;
    const name = buildRun.metadata?.name;
    const taskRunName =
      buildRun.status?.taskRunName ??
      (buildRun.status?.executor?.kind === 'TaskRun'
        ? buildRun.status.executor.name
        : undefined);
    const labelled = (o: KubeObject) =>
      o.metadata?.namespace === ns &&
      o.metadata?.labels?.['buildrun.shipwright.io/name'] === name;
    const taskRun =
      this.objects.find(
        o =>
          o.kind === 'TaskRun' &&
          o.metadata?.namespace === ns &&
          o.metadata?.name === taskRunName,
      ) ??
      this.objects
        .filter(o => o.kind === 'TaskRun' && labelled(o))
        .sort(newestFirst)[0];
    if (taskRun) return [this.taskRunGroup(taskRun, false)];
    const pod = this.objects
      .filter(o => o.kind === 'Pod' && labelled(o))
      .sort(newestFirst)[0];
    if (!pod) return [];
    return [podGroup(pod, c => c.startsWith('step-'))];
  }

  private jobGroups(job: KubeObject): StepGroup[] {
    if (!isBuildJob(job)) {
      throw new NotFoundError(
        `Job ${job.metadata?.namespace}/${job.metadata?.name} is not a build Job (label ${BUILD_JOB_LABEL} or ${COMPONENT_LABEL}=build)`,
      );
    }
    const pod = this.objects
      .filter(
        o =>
          o.kind === 'Pod' &&
          o.metadata?.ownerReferences?.some(r => r.uid === job.metadata?.uid),
      )
      .sort(newestFirst)[0];
    return pod ? [podGroup(pod, () => true)] : [];
  }
}

/** A pod's containers as steps: init containers first, then containers. */
function podGroup(pod: KubeObject, keep: (container: string) => boolean) {
  const { init, main } = containerNames(pod);
  const all = [...init, ...main];
  const kept = all.filter(keep);
  return {
    pod,
    steps: (kept.length ? kept : all).map(container => ({
      name: container.replace(/^step-/, ''),
      pod: String(pod.metadata?.name),
      container,
      ...containerState(pod, container),
    })),
  };
}

/** The state of a container from the pod's (projected) status. */
export function containerState(
  pod: KubeObject,
  container: string,
): Pick<BuildLogStep, 'state' | 'exitCode'> {
  const statuses = [
    ...(pod.status?.initContainerStatuses ?? []),
    ...(pod.status?.containerStatuses ?? []),
  ];
  return stateOf(statuses.find((s: any) => s?.name === container)?.state);
}

/** A container state object (`{running}`, `{terminated}`, `{waiting}`) as a step state. */
export function stateOf(state: any): Pick<BuildLogStep, 'state' | 'exitCode'> {
  if (state?.terminated) {
    return typeof state.terminated.exitCode === 'number'
      ? { state: 'terminated', exitCode: state.terminated.exitCode }
      : { state: 'terminated' };
  }
  if (state?.running) return { state: 'running' };
  if (state?.waiting) return { state: 'waiting' };
  return { state: 'unknown' };
}

function byStart(a: KubeObject, b: KubeObject): number {
  const start = (o: KubeObject) =>
    String(o.status?.startTime ?? o.metadata?.creationTimestamp ?? '');
  const sa = start(a);
  const sb = start(b);
  if (sa !== sb) return sa < sb ? -1 : 1;
  return String(a.metadata?.name).localeCompare(String(b.metadata?.name));
}
