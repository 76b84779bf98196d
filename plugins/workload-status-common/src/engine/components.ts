/*
 * The status components of the first seed (Build, Deployment, Pods, CronJob,
 * Job, Pod of a CronJob) and the rows that go with them, built from a
 * workload's object and its owned objects.
 */
import { worstHealth } from '../model/health';
import type {
  BuildRun,
  Components,
  ObjectStatus,
  PodSummary,
  StatusCore,
  WorkloadStatus,
} from '../model/types';
import {
  asRecordList,
  readCount,
  readNumber,
  readPath,
  readString,
  readTimeString,
} from './fields';
import { startTimeOf } from './objectGraph';
import { REASON_CODES, dedupeReasons, reason, sortReasons } from './reasons';
import { identityOf } from './related';
import { REVISION_ANNOTATION, currentDeploymentPods } from './rules/deployment';
import {
  ROLLOUT_REVISION_ANNOTATION,
  currentRolloutPods,
} from './rules/rollout';
import { currentStatefulSetPods } from './rules/statefulset';
import { scheduleTimes } from './rules/cronSchedule';
import { summarizeJob, summarizePod } from './summaries';
import type { KubeObject, RuleInput } from './types';

/** How each kind tells its current revision's pods from older ones. */
const CURRENT_PODS: Record<
  string,
  (input: RuleInput) => { all: KubeObject[]; current: KubeObject[] }
> = {
  Deployment: currentDeploymentPods,
  StatefulSet: currentStatefulSetPods,
  Rollout: currentRolloutPods,
};

export function core(s: StatusCore): StatusCore {
  return { lifecycle: s.lifecycle, health: s.health, reasons: s.reasons };
}

export type Judge = (o: KubeObject) => ObjectStatus;

/**
 * The kinds in the Deployment role (Deployment, StatefulSet, DaemonSet,
 * ReplicaSet, Rollout, Knative Service, DeploymentConfig, VirtualMachine,
 * ...): the object, its pods, replicas, images. Pods are counted through
 * any chain of owners (Rollout → ReplicaSet → Pod; Knative Service →
 * Configuration → Revision → Deployment → ReplicaSet → Pod;
 * DeploymentConfig → ReplicationController → Pod).
 */
export function addReplicatedParts(
  w: WorkloadStatus,
  status: ObjectStatus,
  input: RuleInput,
  judge: Judge,
): void {
  const { obj: top, related } = input;
  w.components.deployment = core(status);
  // `related` holds the workload's descendants (and nodes).
  const owned = () => related.all().filter(o => o.kind === 'Pod');
  const { all, current } = CURRENT_PODS[top.kind as string]?.(input) ?? {
    all: owned(),
    current: owned(),
  };
  const currentSet = new Set(current);
  w.pods = all.map(p => summarizePod(p, judge(p), currentSet.has(p)));
  const counted = w.pods.filter(p => p.current !== false);
  if (counted.length) w.components.pods = podsComponent(counted);
  const replicas = replicasOf(top);
  if (replicas) w.replicas = replicas;
  w.images =
    imagesOf(readPath(top, 'spec', 'template')) ?? imagesOf({ spec: top.spec });
  if (!w.images) delete w.images;
  const annotation = (key: string) =>
    readString(readPath(top, 'metadata', 'annotations', key));
  const revision =
    annotation(REVISION_ANNOTATION) ??
    annotation(ROLLOUT_REVISION_ANNOTATION) ??
    readString(readPath(top, 'status', 'updateRevision')) ??
    readString(readPath(top, 'status', 'latestReadyRevisionName')) ??
    // a DeploymentConfig numbers its versions
    readNumber(readPath(top, 'status', 'latestVersion'))?.toString();
  if (revision) w.revision = revision;
}

/** CronJob or standalone Job: the job history and the Job/Pod components by the seed's visibility rules. */
export function addRunParts(
  w: WorkloadStatus,
  status: ObjectStatus,
  input: RuleInput,
  judge: Judge,
  isCronJob: boolean,
): void {
  const { obj: top, related, now } = input;
  const jobs = isCronJob
    ? related
        .ownedBy(top, 'Job')
        .sort((a, b) => startTimeOf(b) - startTimeOf(a))
    : [top];
  const runs = jobs.map(job => {
    const pods = related
      .ownedBy(job, 'Pod')
      .sort((a, b) => startTimeOf(b) - startTimeOf(a));
    const js = job === top ? status : judge(job);
    return { status: js, pods, run: summarizeJob(job, js, pods) };
  });
  w.jobHistory = runs.map(r => r.run);
  w.pods = runs.flatMap(r => r.pods.map(p => summarizePod(p, judge(p))));
  if (isCronJob) {
    w.components.cronjob = cronJobComponent(top, status, now);
    w.images = imagesOf(
      readPath(top, 'spec', 'jobTemplate', 'spec', 'template'),
    );
  } else {
    w.images = imagesOf(readPath(top, 'spec', 'template'));
  }
  // Seed: "Job: only shown if a job is currently running or if there's a
  // failed job in your history"; "Pod: only shown if a job is currently running".
  const running = runs.find(
    r => r.status.lifecycle === 'Executing' || r.status.lifecycle === 'Waiting',
  );
  const shown = running ?? runs.find(r => r.status.lifecycle === 'Failed');
  if (shown) w.components.job = { ...core(shown.status), name: shown.run.name };
  if (running && running.pods.length) {
    const pod = running.pods[0];
    const ps = judge(pod);
    // A job pod that runs without error is "started successfully": green.
    const health =
      ps.health === 'progressing' && ps.lifecycle === 'Running'
        ? 'ok'
        : ps.health;
    w.components.pod = {
      lifecycle: ps.lifecycle,
      health,
      reasons: ps.reasons,
      name: identityOf(pod).name,
    };
  }
}

export function podsComponent(rows: PodSummary[]): Components['pods'] {
  const worst = worstHealth(
    rows.map(r => r.health),
    'ok',
  );
  const worstRow = rows.find(r => r.health === worst) ?? rows[0];
  return {
    lifecycle: worstRow.lifecycle,
    health: worst,
    reasons: sortReasons(
      dedupeReasons(
        rows.flatMap(r => r.reasons.filter(x => x.severity !== 'info')),
      ),
    ),
    total: rows.length,
    ready: rows.filter(r => r.health === 'ok').length,
  };
}

/** Kinds that count replicas whether or not the fields are set. */
const REPLICATED_KINDS = new Set([
  'Deployment',
  'ReplicaSet',
  'StatefulSet',
  'Rollout',
  'DeploymentConfig',
  'ReplicationController',
]);

function replicasOf(top: KubeObject): WorkloadStatus['replicas'] | undefined {
  const s = (f: string) => readCount(readPath(top, 'status', f), 0);
  // Knative Services and VirtualMachines have no replica counts of their own.
  if (top.kind !== 'DaemonSet' && !REPLICATED_KINDS.has(top.kind as string))
    return undefined;
  if (top.kind === 'DaemonSet') {
    return {
      desired: s('desiredNumberScheduled'),
      ready: s('numberReady'),
      updated: s('updatedNumberScheduled'),
      available: s('numberAvailable'),
    };
  }
  return {
    desired: readCount(readPath(top, 'spec', 'replicas'), 1),
    ready: s('readyReplicas'),
    updated: s('updatedReplicas'),
    available: s('availableReplicas'),
  };
}

function imagesOf(template: unknown): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const c of asRecordList(readPath(template, 'spec', 'containers'))) {
    const name = readString(c.name);
    const image = readString(c.image);
    if (name && image) out[name] = image;
  }
  return Object.keys(out).length ? out : undefined;
}

function cronJobComponent(
  top: KubeObject,
  status: ObjectStatus,
  now: number,
): Components['cronjob'] {
  const schedule = readString(readPath(top, 'spec', 'schedule')) ?? '';
  const timeZone = readString(readPath(top, 'spec', 'timeZone'));
  const c: NonNullable<Components['cronjob']> = {
    ...core(status),
    schedule,
    suspended: readPath(top, 'spec', 'suspend') === true,
  };
  if (timeZone) c.timeZone = timeZone;
  const last = readTimeString(readPath(top, 'status', 'lastScheduleTime'));
  if (last) c.lastScheduleTime = last;
  const success = readTimeString(readPath(top, 'status', 'lastSuccessfulTime'));
  if (success) c.lastSuccessfulTime = success;
  if (schedule && !c.suspended && Number.isFinite(now)) {
    const next = scheduleTimes(schedule, timeZone, now).next;
    if (next !== undefined) c.nextScheduleTime = new Date(next).toISOString();
  }
  return c;
}

export function buildComponent(
  w: WorkloadStatus,
  topStatus: ObjectStatus,
): Components['build'] {
  const latest: BuildRun = w.builds[0];
  const reasons = [...latest.reasons];
  if (latest.lifecycle === 'Failed') {
    // Seed: "no deployment will be triggered, and your most recent successful
    // deployment won't be affected" — say which version keeps running.
    const images = w.images
      ? Object.entries(w.images)
          .map(([c, i]) => `${c}=${i}`)
          .join(', ')
      : undefined;
    const version = [w.revision ? `revision ${w.revision}` : undefined, images]
      .filter(Boolean)
      .join(', ');
    reasons.push(
      reason(
        'info',
        REASON_CODES.NoDeploymentTriggered,
        { kind: latest.kind, namespace: latest.namespace, name: latest.name },
        `Build ${latest.name} failed, so no deployment was triggered; ${
          topStatus.kind
        } ${w.name} keeps running ${
          version ? `the current version (${version})` : 'its current version'
        }, unaffected.`,
        { hint: 'build-log' },
      ),
    );
  }
  return {
    lifecycle: latest.lifecycle,
    health: latest.health,
    reasons,
    latest,
  };
}
