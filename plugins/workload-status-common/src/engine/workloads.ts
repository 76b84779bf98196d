/*
 * From a flat list of objects to workloads: top-level objects (no controller
 * owner among the inputs) with their owned objects rolled up into the status
 * components of the first seed, pods, job history and builds.
 */
import { worstHealth } from '../model/health';
import type {
  BuildRun,
  Components,
  Health,
  ObjectStatus,
  PodSummary,
  Reason,
  StatusCore,
  WorkloadStatus,
} from '../model/types';
import {
  asRecord,
  asRecordList,
  readCount,
  readPath,
  readString,
  readStringMap,
  readTime,
  readTimeString,
} from './fields';
import { judgeObject } from './evaluate';
import { REASON_CODES, dedupeReasons, reason, sortReasons } from './reasons';
import { isBuildObject, lookupKind } from './registry';
import { RelatedObjects, controllerRefOf, identityOf } from './related';
import { currentDeploymentPods, REVISION_ANNOTATION } from './rules/deployment';
import { currentStatefulSetPods } from './rules/statefulset';
import { hpaTarget } from './rules/hpa';
import { scheduleTimes } from './rules/cronSchedule';
import { summarizeBuild, summarizeJob, summarizePod } from './summaries';
import type { EvaluationContext, KubeObject, RuleInput } from './types';

/** Labels by which a build names the workload it builds. */
export const BUILD_WORKLOAD_LABELS: readonly string[] = [
  'workload-status.backstage.io/workload',
  'app.kubernetes.io/name',
  'app.kubernetes.io/part-of',
];

const CONTEXT_KINDS = new Set(['Event', 'Node']);

/** How each kind tells its current revision's pods from older ones. */
const CURRENT_PODS: Record<
  string,
  (input: RuleInput) => { all: KubeObject[]; current: KubeObject[] }
> = {
  Deployment: currentDeploymentPods,
  StatefulSet: currentStatefulSetPods,
};

/** The label the build system puts on a run's pods. */
const BUILD_POD_LABELS: Record<string, string> = {
  PipelineRun: 'tekton.dev/pipelineRun',
  TaskRun: 'tekton.dev/taskRun',
  BuildRun: 'buildrun.shipwright.io/name',
};

class ObjectGraph {
  readonly objects: KubeObject[];
  private readonly byKey = new Map<string, KubeObject>();
  private readonly children = new Map<KubeObject, KubeObject[]>();
  private readonly owner = new Map<KubeObject, KubeObject>();

  constructor(input: readonly unknown[]) {
    this.objects = (Array.isArray(input) ? input : []).filter(
      (o): o is KubeObject =>
        asRecord(o) !== undefined && typeof (o as KubeObject).kind === 'string',
    );
    for (const o of this.objects) {
      const id = identityOf(o);
      if (id.uid) this.byKey.set(`uid:${id.uid}`, o);
      this.byKey.set(`name:${id.kind}/${id.namespace ?? ''}/${id.name}`, o);
    }
    for (const o of this.objects) {
      const ref = controllerRefOf(o);
      if (!ref) continue;
      const ns = identityOf(o).namespace ?? '';
      const parent =
        (ref.uid && this.byKey.get(`uid:${ref.uid}`)) ||
        this.byKey.get(`name:${ref.kind}/${ns}/${ref.name}`);
      if (!parent || parent === o) continue;
      this.owner.set(o, parent);
      const list = this.children.get(parent) ?? [];
      list.push(o);
      this.children.set(parent, list);
    }
  }

  ownerOf(o: KubeObject): KubeObject | undefined {
    return this.owner.get(o);
  }

  descendants(o: KubeObject): KubeObject[] {
    const out: KubeObject[] = [];
    const seen = new Set<KubeObject>([o]);
    const stack = [...(this.children.get(o) ?? [])];
    while (stack.length) {
      const c = stack.pop()!;
      if (seen.has(c)) continue;
      seen.add(c);
      out.push(c);
      stack.push(...(this.children.get(c) ?? []));
    }
    return out;
  }

  /** True when o, or one of its owners, is a build run. */
  underBuild(o: KubeObject): boolean {
    const seen = new Set<KubeObject>();
    for (
      let cur = this.owner.get(o);
      cur && !seen.has(cur);
      cur = this.owner.get(cur)
    ) {
      seen.add(cur);
      if (isBuildObject(cur)) return true;
    }
    return false;
  }
}

function core(s: StatusCore): StatusCore {
  return { lifecycle: s.lifecycle, health: s.health, reasons: s.reasons };
}

const started = (o: KubeObject) =>
  readTime(readPath(o, 'status', 'startTime')) ??
  readTime(readPath(o, 'metadata', 'creationTimestamp')) ??
  0;

/**
 * Groups objects into top-level workloads with their owned objects rolled up.
 * Never throws; `cluster` is left for the caller.
 * @public
 */
export function evaluateWorkloads(
  objects: readonly KubeObject[],
  ctx: EvaluationContext,
): WorkloadStatus[] {
  const now = ctx?.now instanceof Date ? ctx.now.getTime() : NaN;
  const graph = new ObjectGraph(objects);
  const nodes = graph.objects.filter(o => o.kind === 'Node');
  const builds = graph.objects.filter(
    o => isBuildObject(o) && !graph.underBuild(o),
  );
  const hpas = graph.objects.filter(o => o.kind === 'HorizontalPodAutoscaler');
  const targeted = new Set<KubeObject>();
  const tops = graph.objects.filter(
    o =>
      !CONTEXT_KINDS.has(o.kind as string) &&
      !isBuildObject(o) &&
      !graph.underBuild(o) &&
      !graph.ownerOf(o),
  );
  const workloads: WorkloadStatus[] = [];
  // A build may attach to several workloads: judge it once.
  const buildRuns = new Map<KubeObject, BuildRun>();
  const summarizeBuildOnce = (b: KubeObject): BuildRun => {
    let summary = buildRuns.get(b);
    if (!summary) {
      const related = new RelatedObjects([...graph.descendants(b), ...nodes]);
      summary = summarizeBuild(
        b,
        judgeObject(b, related, now),
        buildPods(b, graph),
      );
      buildRuns.set(b, summary);
    }
    return summary;
  };
  for (const top of tops) {
    if (top.kind === 'HorizontalPodAutoscaler') continue;
    const hpaOfTop = hpas.filter(h => {
      const t = hpaTarget(h);
      const id = identityOf(top);
      return (
        t &&
        t.kind === id.kind &&
        t.name === id.name &&
        identityOf(h).namespace === id.namespace
      );
    });
    hpaOfTop.forEach(h => targeted.add(h));
    workloads.push(
      safely(
        () =>
          evaluateWorkload(
            top,
            graph,
            nodes,
            builds,
            hpaOfTop,
            now,
            summarizeBuildOnce,
          ),
        top,
        now,
      ),
    );
  }
  for (const h of hpas) {
    if (!targeted.has(h) && !graph.ownerOf(h)) {
      workloads.push(
        safely(
          () =>
            evaluateWorkload(h, graph, nodes, [], [], now, summarizeBuildOnce),
          h,
          now,
        ),
      );
    }
  }
  return workloads;
}

/** A bug in roll-up must not hide the object: it becomes an unknown workload. */
function safely(
  fn: () => WorkloadStatus,
  top: KubeObject,
  now: number,
): WorkloadStatus {
  try {
    return fn();
  } catch (e) {
    const s = judgeObject(top, RelatedObjects.empty, now);
    return {
      ...baseWorkload(s),
      health: 'unknown',
      reasons: [
        reason(
          'warning',
          REASON_CODES.EvaluationFailed,
          { kind: s.kind, namespace: s.namespace, name: s.name },
          `The workload status could not be computed: ${
            e instanceof Error ? e.message : String(e)
          }.`,
        ),
      ],
    };
  }
}

function baseWorkload(s: ObjectStatus): WorkloadStatus {
  return {
    namespace: s.namespace ?? '',
    apiVersion: s.apiVersion,
    kind: s.kind,
    name: s.name,
    lifecycle: s.lifecycle,
    health: s.health,
    reasons: s.reasons,
    components: {},
    pods: [],
    jobHistory: [],
    builds: [],
  };
}

function evaluateWorkload(
  top: KubeObject,
  graph: ObjectGraph,
  nodes: KubeObject[],
  allBuilds: KubeObject[],
  hpas: KubeObject[],
  now: number,
  summarizeBuildOnce: (build: KubeObject) => BuildRun,
): WorkloadStatus {
  const descendants = graph.descendants(top);
  const related = new RelatedObjects([...descendants, ...nodes]);
  const status = judgeObject(top, related, now);
  const w = baseWorkload(status);
  const extraHealth: Health[] = [];
  const extraReasons: Reason[] = [];
  const judge = (o: KubeObject) => judgeObject(o, related, now);
  const family = lookupKind(top)?.family;
  const input: RuleInput = {
    obj: top,
    ref: { kind: w.kind, namespace: w.namespace, name: w.name },
    now,
    related,
  };

  if (family === 'workload') addReplicatedParts(w, status, input, judge);
  if (family === 'pod') {
    const row = summarizePod(top, status);
    w.pods = [row];
    w.components.pods = podsComponent([row]);
  }
  if (family === 'cronjob' || family === 'job') {
    addRunParts(w, status, input, judge, family === 'cronjob');
  }
  // An HPA whose target is not among the inputs stands alone: no components.

  for (const hpa of hpas) {
    const hs = judgeObject(hpa, RelatedObjects.empty, now);
    const notable = hs.reasons.filter(r => r.severity !== 'info');
    extraReasons.push(...notable);
    // The workload runs; autoscaling trouble deserves attention, not red.
    if (notable.length) extraHealth.push('warning');
  }

  const buildsOfTop = buildsFor(top, allBuilds);
  if (buildsOfTop.length) {
    w.builds = buildsOfTop
      .sort((a, b) => started(b) - started(a))
      .map(summarizeBuildOnce);
    w.components.build = buildComponent(w, status);
  }

  const components = Object.values(w.components) as StatusCore[];
  w.health = worstHealth(
    [status.health, ...components.map(c => c.health), ...extraHealth],
    status.health,
  );
  w.reasons = sortReasons(
    dedupeReasons([
      ...status.reasons,
      ...components.flatMap(c => c.reasons),
      ...extraReasons,
    ]),
  );
  return w;
}

type Judge = (o: KubeObject) => ObjectStatus;

/** Deployment, StatefulSet, DaemonSet, ReplicaSet: the object, its pods, replicas, images. */
function addReplicatedParts(
  w: WorkloadStatus,
  status: ObjectStatus,
  input: RuleInput,
  judge: Judge,
): void {
  const { obj: top, related } = input;
  w.components.deployment = core(status);
  const owned = () => related.ownedBy(top, 'Pod');
  const { all, current } = CURRENT_PODS[top.kind as string]?.(input) ?? {
    all: owned(),
    current: owned(),
  };
  const currentSet = new Set(current);
  w.pods = all.map(p => summarizePod(p, judge(p), currentSet.has(p)));
  const counted = w.pods.filter(p => p.current !== false);
  if (counted.length) w.components.pods = podsComponent(counted);
  w.replicas = replicasOf(top);
  w.images = imagesOf(readPath(top, 'spec', 'template'));
  const revision =
    readString(readPath(top, 'metadata', 'annotations', REVISION_ANNOTATION)) ??
    readString(readPath(top, 'status', 'updateRevision'));
  if (revision) w.revision = revision;
}

/** CronJob or standalone Job: the job history and the Job/Pod components by the seed's visibility rules. */
function addRunParts(
  w: WorkloadStatus,
  status: ObjectStatus,
  input: RuleInput,
  judge: Judge,
  isCronJob: boolean,
): void {
  const { obj: top, related, now } = input;
  const jobs = isCronJob
    ? related.ownedBy(top, 'Job').sort((a, b) => started(b) - started(a))
    : [top];
  const runs = jobs.map(job => {
    const pods = related
      .ownedBy(job, 'Pod')
      .sort((a, b) => started(b) - started(a));
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

function podsComponent(rows: PodSummary[]): Components['pods'] {
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

function replicasOf(top: KubeObject): WorkloadStatus['replicas'] {
  const s = (f: string) => readCount(readPath(top, 'status', f), 0);
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

/**
 * Builds attach to workloads of the same namespace: those they name by one
 * of BUILD_WORKLOAD_LABELS; a build that names no workload attaches to every
 * workload of its namespace (the backend passes one entity's objects).
 */
function buildsFor(top: KubeObject, builds: KubeObject[]): KubeObject[] {
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
function buildPods(build: KubeObject, graph: ObjectGraph): string[] {
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
    .sort((a, b) => started(a) - started(b))
    .map(p => identityOf(p).name);
  // TaskRuns name their pod even when the pod is not among the inputs.
  const taskRuns = [
    build,
    ...graph.descendants(build).filter(o => o.kind === 'TaskRun'),
  ].sort((a, b) => started(a) - started(b));
  for (const tr of taskRuns) {
    const podName = readString(readPath(tr, 'status', 'podName'));
    if (podName && !names.includes(podName)) names.push(podName);
  }
  return names;
}

function buildComponent(
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
