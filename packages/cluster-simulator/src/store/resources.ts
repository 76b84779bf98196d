/**
 * The resource types the simulated apiserver serves: what discovery lists and
 * how a URL maps to a stored collection. events.k8s.io/v1 events share the
 * storage of core/v1 events (as in kube-apiserver) and are converted on read.
 */
import { KubeObject } from '../types';
import { convertCoreEventToEventsV1 } from './eventConversion';

export interface ResourceType {
  /** '' for the core group. */
  group: string;
  version: string;
  /** Plural, lower case: the URL segment. */
  resource: string;
  kind: string;
  singular: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  /** Storage key when this type is another view of a stored collection. */
  storage?: string;
  /** Converts a stored object into this type's shape. */
  convert?: (obj: KubeObject) => KubeObject;
  /** Field selector keys the apiserver accepts besides metadata.name/namespace. */
  fields: string[];
  subresources?: string[];
}

const VERBS = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];

export const RESOURCE_TYPES: ResourceType[] = [
  {
    group: '',
    version: 'v1',
    resource: 'namespaces',
    kind: 'Namespace',
    singular: 'namespace',
    namespaced: false,
    shortNames: ['ns'],
    fields: ['status.phase'],
  },
  {
    group: '',
    version: 'v1',
    resource: 'nodes',
    kind: 'Node',
    singular: 'node',
    namespaced: false,
    shortNames: ['no'],
    fields: ['spec.unschedulable'],
    subresources: ['status'],
  },
  {
    group: '',
    version: 'v1',
    resource: 'pods',
    kind: 'Pod',
    singular: 'pod',
    namespaced: true,
    shortNames: ['po'],
    categories: ['all'],
    fields: [
      'spec.nodeName',
      'spec.restartPolicy',
      'spec.schedulerName',
      'spec.serviceAccountName',
      'status.phase',
      'status.podIP',
      'status.nominatedNodeName',
    ],
    subresources: ['log', 'status'],
  },
  {
    group: '',
    version: 'v1',
    resource: 'services',
    kind: 'Service',
    singular: 'service',
    namespaced: true,
    shortNames: ['svc'],
    categories: ['all'],
    fields: [],
  },
  {
    group: '',
    version: 'v1',
    resource: 'events',
    kind: 'Event',
    singular: 'event',
    namespaced: true,
    shortNames: ['ev'],
    fields: [
      'involvedObject.kind',
      'involvedObject.namespace',
      'involvedObject.name',
      'involvedObject.uid',
      'involvedObject.apiVersion',
      'involvedObject.resourceVersion',
      'involvedObject.fieldPath',
      'reason',
      'reportingComponent',
      'source',
      'type',
    ],
  },
  {
    group: 'apps',
    version: 'v1',
    resource: 'deployments',
    kind: 'Deployment',
    singular: 'deployment',
    namespaced: true,
    shortNames: ['deploy'],
    categories: ['all'],
    fields: [],
    subresources: ['status', 'scale'],
  },
  {
    group: 'apps',
    version: 'v1',
    resource: 'replicasets',
    kind: 'ReplicaSet',
    singular: 'replicaset',
    namespaced: true,
    shortNames: ['rs'],
    categories: ['all'],
    fields: ['status.replicas'],
    subresources: ['status', 'scale'],
  },
  {
    group: 'apps',
    version: 'v1',
    resource: 'statefulsets',
    kind: 'StatefulSet',
    singular: 'statefulset',
    namespaced: true,
    shortNames: ['sts'],
    categories: ['all'],
    fields: [],
    subresources: ['status', 'scale'],
  },
  {
    group: 'apps',
    version: 'v1',
    resource: 'daemonsets',
    kind: 'DaemonSet',
    singular: 'daemonset',
    namespaced: true,
    shortNames: ['ds'],
    categories: ['all'],
    fields: [],
    subresources: ['status'],
  },
  {
    group: 'batch',
    version: 'v1',
    resource: 'jobs',
    kind: 'Job',
    singular: 'job',
    namespaced: true,
    categories: ['all'],
    fields: ['status.successful'],
    subresources: ['status'],
  },
  {
    group: 'batch',
    version: 'v1',
    resource: 'cronjobs',
    kind: 'CronJob',
    singular: 'cronjob',
    namespaced: true,
    shortNames: ['cj'],
    categories: ['all'],
    fields: [],
    subresources: ['status'],
  },
  {
    // stored as given: no controller scales here; the plugin reads
    // scaleTargetRef (refusing a manual scale) and the status conditions
    group: 'autoscaling',
    version: 'v2',
    resource: 'horizontalpodautoscalers',
    kind: 'HorizontalPodAutoscaler',
    singular: 'horizontalpodautoscaler',
    namespaced: true,
    shortNames: ['hpa'],
    categories: ['all'],
    fields: [],
    subresources: ['status'],
  },
  {
    group: 'events.k8s.io',
    version: 'v1',
    resource: 'events',
    kind: 'Event',
    singular: 'event',
    namespaced: true,
    shortNames: ['ev'],
    storage: '/events',
    convert: convertCoreEventToEventsV1,
    fields: [
      'regarding.kind',
      'regarding.namespace',
      'regarding.name',
      'regarding.uid',
      'regarding.apiVersion',
      'regarding.resourceVersion',
      'regarding.fieldPath',
      'reason',
      'reportingController',
      'type',
      'deprecatedSource.component',
    ],
  },
  {
    group: 'tekton.dev',
    version: 'v1',
    resource: 'pipelineruns',
    kind: 'PipelineRun',
    singular: 'pipelinerun',
    namespaced: true,
    shortNames: ['pr', 'prs'],
    categories: ['tekton', 'tekton-pipelines'],
    fields: [],
    subresources: ['status'],
  },
  {
    group: 'tekton.dev',
    version: 'v1',
    resource: 'taskruns',
    kind: 'TaskRun',
    singular: 'taskrun',
    namespaced: true,
    shortNames: ['tr', 'trs'],
    categories: ['tekton', 'tekton-pipelines'],
    fields: [],
    subresources: ['status'],
  },
  {
    group: 'argoproj.io',
    version: 'v1alpha1',
    resource: 'rollouts',
    kind: 'Rollout',
    singular: 'rollout',
    namespaced: true,
    shortNames: ['ro'],
    categories: ['all'],
    fields: [],
    subresources: ['status', 'scale'],
  },
  {
    group: 'serving.knative.dev',
    version: 'v1',
    resource: 'services',
    kind: 'Service',
    singular: 'service',
    namespaced: true,
    shortNames: ['kservice', 'ksvc'],
    categories: ['all', 'knative', 'serving'],
    fields: [],
    subresources: ['status'],
  },
  {
    group: 'serving.knative.dev',
    version: 'v1',
    resource: 'configurations',
    kind: 'Configuration',
    singular: 'configuration',
    namespaced: true,
    shortNames: ['config', 'cfg'],
    categories: ['all', 'knative', 'serving'],
    fields: [],
    subresources: ['status'],
  },
  {
    group: 'serving.knative.dev',
    version: 'v1',
    resource: 'revisions',
    kind: 'Revision',
    singular: 'revision',
    namespaced: true,
    shortNames: ['rev'],
    categories: ['all', 'knative', 'serving'],
    fields: [],
    subresources: ['status'],
  },
  {
    group: 'serving.knative.dev',
    version: 'v1',
    resource: 'routes',
    kind: 'Route',
    singular: 'route',
    namespaced: true,
    shortNames: ['rt'],
    categories: ['all', 'knative', 'serving'],
    fields: [],
    subresources: ['status'],
  },
  {
    group: '',
    version: 'v1',
    resource: 'replicationcontrollers',
    kind: 'ReplicationController',
    singular: 'replicationcontroller',
    namespaced: true,
    shortNames: ['rc'],
    categories: ['all'],
    fields: ['status.replicas'],
    subresources: ['status', 'scale'],
  },
  {
    group: 'apps.openshift.io',
    version: 'v1',
    resource: 'deploymentconfigs',
    kind: 'DeploymentConfig',
    singular: 'deploymentconfig',
    namespaced: true,
    shortNames: ['dc'],
    categories: ['all'],
    fields: [],
    subresources: ['status', 'scale'],
  },
  {
    group: 'kubevirt.io',
    version: 'v1',
    resource: 'virtualmachines',
    kind: 'VirtualMachine',
    singular: 'virtualmachine',
    namespaced: true,
    shortNames: ['vm', 'vms'],
    categories: ['all'],
    fields: [],
    subresources: ['status'],
  },
  {
    group: 'kubevirt.io',
    version: 'v1',
    resource: 'virtualmachineinstances',
    kind: 'VirtualMachineInstance',
    singular: 'virtualmachineinstance',
    namespaced: true,
    shortNames: ['vmi', 'vmis'],
    categories: ['all'],
    fields: [],
    subresources: ['status'],
  },
  {
    group: 'shipwright.io',
    version: 'v1beta1',
    resource: 'buildruns',
    kind: 'BuildRun',
    singular: 'buildrun',
    namespaced: true,
    shortNames: ['br', 'brs'],
    categories: ['all'],
    fields: [],
    subresources: ['status'],
  },
];

export const resourceVerbs = VERBS;

/** The storage key of a resource type: `group/resource` (core: `/resource`). */
export function storageKey(type: ResourceType): string {
  return type.storage ?? `${type.group}/${type.resource}`;
}

export function apiVersionOf(type: ResourceType): string {
  return type.group ? `${type.group}/${type.version}` : type.version;
}

/** Finds the served type for a URL's group, version and plural. */
export function findResourceType(
  group: string,
  version: string,
  resource: string,
): ResourceType | undefined {
  return RESOURCE_TYPES.find(
    t => t.group === group && t.version === version && t.resource === resource,
  );
}

/** Finds the storage type of an object by apiVersion and kind (the canonical, non-converted type). */
export function resourceTypeForObject(
  apiVersion: string,
  kind: string,
): ResourceType | undefined {
  const [group, version] = apiVersion.includes('/')
    ? apiVersion.split('/')
    : ['', apiVersion];
  return RESOURCE_TYPES.find(
    t =>
      t.group === group &&
      t.version === version &&
      t.kind === kind &&
      !t.storage,
  );
}

/** Finds a type by kind name, plural or short name, the way kubectl and tests name things. */
export function resourceTypeByName(name: string): ResourceType | undefined {
  const n = name.toLowerCase();
  return RESOURCE_TYPES.find(
    t =>
      !t.storage &&
      (t.kind.toLowerCase() === n ||
        t.resource === n ||
        t.singular === n ||
        t.shortNames?.includes(n)),
  );
}
