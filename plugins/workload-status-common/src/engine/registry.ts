/*
 * The kind table (cli-utils kstatus `legacyTypes` style): one row per kind
 * with everything the engine and the backend need to know about it — the
 * rule that judges it, the fields its projection keeps, where the API serves
 * it (group, version, plural, scope), what the pipeline does around it
 * (family) and which status component it becomes (role). The backend builds
 * its watch list from the rows; kinds added through the backend's extension
 * point become rows of the same table (KindRegistry.with), so they pass the
 * same pipeline.
 *
 * Adding a kind is one row here plus its rule file in rules/.
 */
import type { Rule } from './types';
import {
  BUILD_RUN_FIELDS,
  CRON_JOB_FIELDS,
  DAEMON_SET_FIELDS,
  DEPLOYMENT_CONFIG_FIELDS,
  DEPLOYMENT_FIELDS,
  HORIZONTAL_POD_AUTOSCALER_FIELDS,
  JOB_FIELDS,
  KNATIVE_CONFIGURATION_FIELDS,
  KNATIVE_REVISION_FIELDS,
  KNATIVE_SERVICE_FIELDS,
  KindProjection,
  NODE_FIELDS,
  PIPELINE_RUN_FIELDS,
  POD_FIELDS,
  REPLICATION_CONTROLLER_FIELDS,
  REPLICA_SET_FIELDS,
  ROLLOUT_FIELDS,
  STATEFUL_SET_FIELDS,
  TASK_RUN_FIELDS,
  VIRTUAL_MACHINE_FIELDS,
  VIRTUAL_MACHINE_INSTANCE_FIELDS,
} from './kindProjections';
import { KindRegistry } from './kindRegistry';
import { evaluateBuildJob, isBuildJob } from './rules/buildJob';
import { evaluateBuildRun } from './rules/buildRun';
import { evaluateCronJob } from './rules/cronjob';
import { evaluateDaemonSet } from './rules/daemonset';
import { evaluateDeployment } from './rules/deployment';
import { evaluateDeploymentConfig } from './rules/deploymentConfig';
import { evaluateHorizontalPodAutoscaler } from './rules/hpa';
import { evaluateJob } from './rules/job';
import { evaluateKnativeConfiguration } from './rules/knativeConfiguration';
import { evaluateKnativeRevision } from './rules/knativeRevision';
import { evaluateKnativeService } from './rules/knativeService';
import { evaluateNode } from './rules/node';
import { evaluatePipelineRun } from './rules/pipelineRun';
import { evaluatePod } from './rules/pod';
import { evaluateReplicaSet } from './rules/replicaset';
import { evaluateReplicationController } from './rules/replicationController';
import { evaluateRollout } from './rules/rollout';
import { evaluateStatefulSet } from './rules/statefulset';
import { evaluateTaskRun } from './rules/taskRun';
import { evaluateVirtualMachine } from './rules/virtualMachine';
import { evaluateVirtualMachineInstance } from './rules/virtualMachineInstance';

export { KindRegistry } from './kindRegistry';

/**
 * What the pipeline does around a kind's rule: `workload` objects are
 * top-level services with pods; `pod`, `job`, `cronjob` have their own
 * components; `build` runs attach to the workloads they built;
 * `autoscaler` objects are reason sources for the workload they scale;
 * `context` objects (Nodes) are read by other rules and never listed.
 * @public
 */
export type KindFamily =
  | 'workload'
  | 'pod'
  | 'job'
  | 'cronjob'
  | 'build'
  | 'autoscaler'
  | 'context';

/**
 * The status component (first seed) an object of the kind is shown as:
 * `Deployment` (the replicated workload, with its pods), `Pod`, `Job`,
 * `CronJob`, `Build`; `none` for reason sources and context.
 * @public
 */
export type ComponentRole =
  | 'Deployment'
  | 'Pod'
  | 'Job'
  | 'CronJob'
  | 'Build'
  | 'none';

/** @public */
export type KindScope = 'namespaced' | 'cluster';

/**
 * One row of the kind table.
 * @public
 */
export interface KindRow {
  /** API group, '' for the core group */
  group: string;
  /** the version the backend watches */
  version: string;
  kind: string;
  /** the resource name in URLs: `deployments` */
  plural: string;
  scope: KindScope;
  family: KindFamily;
  role: ComponentRole;
  rule: Rule;
  /** the spec and status fields the rule reads */
  projection: KindProjection;
  /** older API groups whose objects the same rule judges (never watched) */
  aliasGroups?: readonly string[];
}

// A Job labelled as a build speaks the Build vocabulary (rules/buildJob.ts).
const evaluateJobOrBuild: Rule = i =>
  isBuildJob(i.obj) ? evaluateBuildJob(i) : evaluateJob(i);

// prettier-ignore
const ROWS: readonly KindRow[] = [
  { group: '',                    version: 'v1',       kind: 'Pod',                     plural: 'pods',                     scope: 'namespaced', family: 'pod',        role: 'Pod',        rule: evaluatePod,                     projection: POD_FIELDS },
  { group: 'apps',                version: 'v1',       kind: 'Deployment',              plural: 'deployments',              scope: 'namespaced', family: 'workload',   role: 'Deployment', rule: evaluateDeployment,              projection: DEPLOYMENT_FIELDS,                aliasGroups: ['extensions'] },
  { group: 'apps',                version: 'v1',       kind: 'ReplicaSet',              plural: 'replicasets',              scope: 'namespaced', family: 'workload',   role: 'Deployment', rule: evaluateReplicaSet,              projection: REPLICA_SET_FIELDS,               aliasGroups: ['extensions'] },
  { group: 'apps',                version: 'v1',       kind: 'StatefulSet',             plural: 'statefulsets',             scope: 'namespaced', family: 'workload',   role: 'Deployment', rule: evaluateStatefulSet,             projection: STATEFUL_SET_FIELDS },
  { group: 'apps',                version: 'v1',       kind: 'DaemonSet',               plural: 'daemonsets',               scope: 'namespaced', family: 'workload',   role: 'Deployment', rule: evaluateDaemonSet,               projection: DAEMON_SET_FIELDS,                aliasGroups: ['extensions'] },
  { group: 'batch',               version: 'v1',       kind: 'Job',                     plural: 'jobs',                     scope: 'namespaced', family: 'job',        role: 'Job',        rule: evaluateJobOrBuild,              projection: JOB_FIELDS },
  { group: 'batch',               version: 'v1',       kind: 'CronJob',                 plural: 'cronjobs',                 scope: 'namespaced', family: 'cronjob',    role: 'CronJob',    rule: evaluateCronJob,                 projection: CRON_JOB_FIELDS },
  { group: 'autoscaling',         version: 'v2',       kind: 'HorizontalPodAutoscaler', plural: 'horizontalpodautoscalers', scope: 'namespaced', family: 'autoscaler', role: 'none',       rule: evaluateHorizontalPodAutoscaler, projection: HORIZONTAL_POD_AUTOSCALER_FIELDS },
  { group: 'tekton.dev',          version: 'v1',       kind: 'PipelineRun',             plural: 'pipelineruns',             scope: 'namespaced', family: 'build',      role: 'Build',      rule: evaluatePipelineRun,             projection: PIPELINE_RUN_FIELDS },
  { group: 'tekton.dev',          version: 'v1',       kind: 'TaskRun',                 plural: 'taskruns',                 scope: 'namespaced', family: 'build',      role: 'Build',      rule: evaluateTaskRun,                 projection: TASK_RUN_FIELDS },
  { group: 'shipwright.io',       version: 'v1beta1',  kind: 'BuildRun',                plural: 'buildruns',                scope: 'namespaced', family: 'build',      role: 'Build',      rule: evaluateBuildRun,                projection: BUILD_RUN_FIELDS },
  { group: 'argoproj.io',         version: 'v1alpha1', kind: 'Rollout',                 plural: 'rollouts',                 scope: 'namespaced', family: 'workload',   role: 'Deployment', rule: evaluateRollout,                 projection: ROLLOUT_FIELDS },
  { group: 'serving.knative.dev', version: 'v1',       kind: 'Service',                 plural: 'services',                 scope: 'namespaced', family: 'workload',   role: 'Deployment', rule: evaluateKnativeService,          projection: KNATIVE_SERVICE_FIELDS },
  { group: 'serving.knative.dev', version: 'v1',       kind: 'Configuration',           plural: 'configurations',           scope: 'namespaced', family: 'workload',   role: 'Deployment', rule: evaluateKnativeConfiguration,    projection: KNATIVE_CONFIGURATION_FIELDS },
  { group: 'serving.knative.dev', version: 'v1',       kind: 'Revision',                plural: 'revisions',                scope: 'namespaced', family: 'workload',   role: 'Deployment', rule: evaluateKnativeRevision,         projection: KNATIVE_REVISION_FIELDS },
  { group: 'apps.openshift.io',   version: 'v1',       kind: 'DeploymentConfig',        plural: 'deploymentconfigs',        scope: 'namespaced', family: 'workload',   role: 'Deployment', rule: evaluateDeploymentConfig,        projection: DEPLOYMENT_CONFIG_FIELDS },
  { group: '',                    version: 'v1',       kind: 'ReplicationController',   plural: 'replicationcontrollers',   scope: 'namespaced', family: 'workload',   role: 'Deployment', rule: evaluateReplicationController,   projection: REPLICATION_CONTROLLER_FIELDS },
  { group: 'kubevirt.io',         version: 'v1',       kind: 'VirtualMachine',          plural: 'virtualmachines',          scope: 'namespaced', family: 'workload',   role: 'Deployment', rule: evaluateVirtualMachine,          projection: VIRTUAL_MACHINE_FIELDS },
  { group: 'kubevirt.io',         version: 'v1',       kind: 'VirtualMachineInstance',  plural: 'virtualmachineinstances',  scope: 'namespaced', family: 'workload',   role: 'Deployment', rule: evaluateVirtualMachineInstance,  projection: VIRTUAL_MACHINE_INSTANCE_FIELDS },
  // context: a pod on a node that stopped answering is an Exception
  { group: '',                    version: 'v1',       kind: 'Node',                    plural: 'nodes',                    scope: 'cluster',    family: 'context',    role: 'none',       rule: evaluateNode,                    projection: NODE_FIELDS },
];

/**
 * The engine's own kind table. Immutable: a backend adds its extension
 * kinds with `BASE_KINDS.with(...)`, which returns a new table.
 * @public
 */
export const BASE_KINDS: KindRegistry = KindRegistry.of(ROWS);

/**
 * The kinds the engine has rules for, "group/Kind" or bare Kind for core
 * (aliases left out): what the CLI and the conformance test judge.
 * @public
 */
export const SUPPORTED_KINDS: readonly string[] = BASE_KINDS.keys();
