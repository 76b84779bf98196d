/*
 * The table from kind to rule (cli-utils kstatus `legacyTypes` style): keys
 * are "group/Kind", or the bare Kind for the core group. Aliases are extra
 * rows. Adding a kind is adding a rule file and a row here.
 */
import { readString } from './fields';
import type { KubeObject, Rule } from './types';
import { evaluateBuildJob, isBuildJob } from './rules/buildJob';
import { evaluateBuildRun } from './rules/buildRun';
import { evaluateCronJob } from './rules/cronjob';
import { evaluateDaemonSet } from './rules/daemonset';
import { evaluateDeployment } from './rules/deployment';
import { evaluateHorizontalPodAutoscaler } from './rules/hpa';
import { evaluateJob } from './rules/job';
import { evaluateNode } from './rules/node';
import { evaluatePipelineRun } from './rules/pipelineRun';
import { evaluatePod } from './rules/pod';
import { evaluateReplicaSet } from './rules/replicaset';
import { evaluateStatefulSet } from './rules/statefulset';
import { evaluateTaskRun } from './rules/taskRun';

/** What the pipeline does around a kind's rule. */
export type KindFamily =
  | 'workload'
  | 'pod'
  | 'job'
  | 'cronjob'
  | 'build'
  | 'autoscaler'
  | 'node';

export interface KindEntry {
  rule: Rule;
  family: KindFamily;
}

export const KIND_RULES: Readonly<Record<string, KindEntry>> = {
  'apps/Deployment': { rule: evaluateDeployment, family: 'workload' },
  'apps/ReplicaSet': { rule: evaluateReplicaSet, family: 'workload' },
  'apps/StatefulSet': { rule: evaluateStatefulSet, family: 'workload' },
  'apps/DaemonSet': { rule: evaluateDaemonSet, family: 'workload' },
  Pod: { rule: evaluatePod, family: 'pod' },
  // A Job labelled as a build speaks the Build vocabulary (rules/buildJob.ts).
  'batch/Job': {
    rule: i => (isBuildJob(i.obj) ? evaluateBuildJob(i) : evaluateJob(i)),
    family: 'job',
  },
  'batch/CronJob': { rule: evaluateCronJob, family: 'cronjob' },
  'autoscaling/HorizontalPodAutoscaler': {
    rule: evaluateHorizontalPodAutoscaler,
    family: 'autoscaler',
  },
  'tekton.dev/PipelineRun': { rule: evaluatePipelineRun, family: 'build' },
  'tekton.dev/TaskRun': { rule: evaluateTaskRun, family: 'build' },
  'shipwright.io/BuildRun': { rule: evaluateBuildRun, family: 'build' },
  Node: { rule: evaluateNode, family: 'node' },
  // aliases: the pre-apps/v1 groups
  'extensions/Deployment': { rule: evaluateDeployment, family: 'workload' },
  'extensions/ReplicaSet': { rule: evaluateReplicaSet, family: 'workload' },
  'extensions/DaemonSet': { rule: evaluateDaemonSet, family: 'workload' },
};

/**
 * The kinds the engine has rules for, "group/Kind" or bare Kind for core,
 * for the backend to know what to watch (aliases left out).
 * @public
 */
export const SUPPORTED_KINDS: readonly string[] = Object.keys(
  KIND_RULES,
).filter(k => !k.startsWith('extensions/'));

/** "apps/v1" → "apps"; "v1" → "" (core). */
export function groupOf(apiVersion: string | undefined): string | undefined {
  if (apiVersion === undefined) return undefined;
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/**
 * The entry for an object. An object without apiVersion (Backstage passes
 * typed lists; hand-written files) is matched by its kind alone.
 */
export function lookupKind(obj: KubeObject): KindEntry | undefined {
  const kind = readString(obj.kind);
  if (!kind) return undefined;
  const group = groupOf(readString(obj.apiVersion));
  if (group === undefined) {
    const key = Object.keys(KIND_RULES).find(
      k => k === kind || k.endsWith(`/${kind}`),
    );
    return key ? KIND_RULES[key] : undefined;
  }
  return KIND_RULES[group ? `${group}/${kind}` : kind];
}

/** True for the kinds whose objects are build runs. */
export function isBuildObject(obj: KubeObject): boolean {
  const entry = lookupKind(obj);
  if (!entry) return false;
  return (
    entry.family === 'build' || (entry.family === 'job' && isBuildJob(obj))
  );
}

/** True when some API group of this kind has a rule (for a clearer reason). */
export function isKnownKind(kind: string): boolean {
  return Object.keys(KIND_RULES).some(
    k => k === kind || k.endsWith(`/${kind}`),
  );
}
