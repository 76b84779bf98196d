/*
 * Build runs and the workloads they belong to: attachment by labels, and the
 * pods whose logs are the build log.
 */
import { readPath, readString, readStringMap } from './fields';
import { ObjectGraph, startTimeOf } from './objectGraph';
import { identityOf } from './related';
import type { KubeObject } from './types';

/** Labels by which a build names the workload it builds. */
export const BUILD_WORKLOAD_LABELS: readonly string[] = [
  'workload-status.backstage.io/workload',
  'app.kubernetes.io/name',
  'app.kubernetes.io/part-of',
];

/** The label the build system puts on a run's pods. */
const BUILD_POD_LABELS: Record<string, string> = {
  PipelineRun: 'tekton.dev/pipelineRun',
  TaskRun: 'tekton.dev/taskRun',
  BuildRun: 'buildrun.shipwright.io/name',
};

/**
 * Builds attach to workloads of the same namespace: those they name by one
 * of BUILD_WORKLOAD_LABELS; a build that names no workload attaches to every
 * workload of its namespace (the backend passes one entity's objects).
 */
export function buildsFor(top: KubeObject, builds: KubeObject[]): KubeObject[] {
  const id = identityOf(top);
  const topLabels = readStringMap(readPath(top, 'metadata', 'labels'));
  const names = new Set(
    [
      id.name,
      topLabels['app.kubernetes.io/name'],
      topLabels['app.kubernetes.io/instance'],
    ].filter(Boolean),
  );
  return builds.filter(b => {
    if (identityOf(b).namespace !== id.namespace) return false;
    const labels = readStringMap(readPath(b, 'metadata', 'labels'));
    const named = BUILD_WORKLOAD_LABELS.map(k => labels[k]).filter(Boolean);
    return named.length === 0 || named.some(n => names.has(n));
  });
}

/** Pods whose logs are the build log, in step order when known. */
export function buildPods(build: KubeObject, graph: ObjectGraph): string[] {
  const id = identityOf(build);
  const pods = graph.descendants(build).filter(o => o.kind === 'Pod');
  const labelKey = BUILD_POD_LABELS[build.kind as string];
  if (labelKey) {
    for (const o of graph.objects) {
      if (
        o.kind === 'Pod' &&
        readPath(o, 'metadata', 'labels', labelKey) === id.name &&
        identityOf(o).namespace === id.namespace &&
        !pods.includes(o)
      )
        pods.push(o);
    }
  }
  const names = pods
    .sort((a, b) => startTimeOf(a) - startTimeOf(b))
    .map(p => identityOf(p).name);
  // TaskRuns name their pod even when the pod is not among the inputs.
  const taskRuns = [
    build,
    ...graph.descendants(build).filter(o => o.kind === 'TaskRun'),
  ].sort((a, b) => startTimeOf(a) - startTimeOf(b));
  for (const tr of taskRuns) {
    const podName = readString(readPath(tr, 'status', 'podName'));
    if (podName && !names.includes(podName)) names.push(podName);
  }
  return names;
}
