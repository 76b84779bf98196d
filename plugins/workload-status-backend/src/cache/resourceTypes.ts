import type { ResourceType } from '../cluster/types';

/**
 * The resource types watched in every cluster: the workload kinds and the
 * kinds their status is read from. Build kinds are watched when the
 * engine supports them; a cluster without their CRDs answers 404 and the
 * reflector stays idle (see Reflector).
 */
export const WORKLOAD_RESOURCE_TYPES: ResourceType[] = [
  { group: '', version: 'v1', plural: 'pods', kind: 'Pod' },
  { group: 'apps', version: 'v1', plural: 'deployments', kind: 'Deployment' },
  { group: 'apps', version: 'v1', plural: 'replicasets', kind: 'ReplicaSet' },
  { group: 'apps', version: 'v1', plural: 'statefulsets', kind: 'StatefulSet' },
  { group: 'apps', version: 'v1', plural: 'daemonsets', kind: 'DaemonSet' },
  { group: 'batch', version: 'v1', plural: 'jobs', kind: 'Job' },
  { group: 'batch', version: 'v1', plural: 'cronjobs', kind: 'CronJob' },
  {
    group: 'autoscaling',
    version: 'v2',
    plural: 'horizontalpodautoscalers',
    kind: 'HorizontalPodAutoscaler',
  },
  // context: a pod on a node that stopped answering is an Exception
  { group: '', version: 'v1', plural: 'nodes', kind: 'Node' },
];

export const BUILD_RESOURCE_TYPES: ResourceType[] = [
  {
    group: 'tekton.dev',
    version: 'v1',
    plural: 'pipelineruns',
    kind: 'PipelineRun',
  },
  { group: 'tekton.dev', version: 'v1', plural: 'taskruns', kind: 'TaskRun' },
  {
    group: 'shipwright.io',
    version: 'v1beta1',
    plural: 'buildruns',
    kind: 'BuildRun',
  },
];

export function resourceTypeKey(r: ResourceType) {
  return `${r.group}/${r.version}/${r.plural}`;
}

/**
 * Namespaces: who owns each (its owner label or annotation) decides which
 * entities may read logs of and act on the objects in it. Watched beside
 * the status inputs, not in the ObjectStore (see ownership/).
 */
export const NAMESPACE_RESOURCE_TYPE: ResourceType = {
  group: '',
  version: 'v1',
  plural: 'namespaces',
  kind: 'Namespace',
};
