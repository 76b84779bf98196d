/*
 * From a flat list of objects to workloads: top-level objects (no controller
 * owner among the inputs) with their owned objects rolled up into the status
 * components of the first seed, pods, job history and builds.
 */
import { worstHealth } from '../model/health';
import type {
  BuildRun,
  Health,
  ObjectStatus,
  Reason,
  StatusCore,
  WorkloadStatus,
} from '../model/types';
import { buildPods, buildsFor } from './builds';
import {
  addReplicatedParts,
  addRunParts,
  buildComponent,
  podsComponent,
} from './components';
import { judgeObject } from './evaluate';
import { addMemoryPressure } from './memoryPressure';
import { readNow, readString } from './fields';
import { ObjectGraph, startTimeOf } from './objectGraph';
import { REASON_CODES, dedupeReasons, reason, sortReasons } from './reasons';
import { groupOf } from './kindRegistry';
import { BASE_KINDS, KindRegistry } from './registry';
import { RelatedObjects, identityOf } from './related';
import { hpaTarget } from './rules/hpa';
import { summarizeBuild, summarizePod } from './summaries';
import type { EvaluationContext, KubeObject, RuleInput } from './types';

/**
 * Groups objects into top-level workloads with their owned objects rolled up.
 * `kinds` is the kind table (the engine's own when absent). Never throws;
 * `cluster` is left for the caller.
 * @public
 */
export function evaluateWorkloads(
  objects: readonly KubeObject[],
  ctx: EvaluationContext,
  kinds: KindRegistry = BASE_KINDS,
): WorkloadStatus[] {
  const now = readNow(ctx);
  const graph = new ObjectGraph(objects, kinds);
  const familyOf = (o: KubeObject) => kinds.lookup(o)?.family;
  const judgeAlone = (o: KubeObject, related: RelatedObjects) =>
    judgeObject(o, related, now, kinds);
  const nodes = graph.objects.filter(o => familyOf(o) === 'context');
  const builds = graph.objects.filter(
    o => kinds.isBuildObject(o) && !graph.underBuild(o),
  );
  const hpas = graph.objects.filter(o => familyOf(o) === 'autoscaler');
  const targeted = new Set<KubeObject>();
  const tops = graph.objects.filter(
    o =>
      o.kind !== 'Event' &&
      familyOf(o) !== 'context' &&
      !kinds.isBuildObject(o) &&
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
      summary = summarizeBuild(b, judgeAlone(b, related), buildPods(b, graph));
      buildRuns.set(b, summary);
    }
    return summary;
  };
  const run = (top: KubeObject, buildsOf: KubeObject[], hpaOf: KubeObject[]) =>
    workloads.push(
      safely(
        () =>
          evaluateWorkload(top, {
            graph,
            nodes,
            allBuilds: buildsOf,
            hpas: hpaOf,
            now,
            kinds,
            summarizeBuildOnce,
          }),
        top,
        now,
        kinds,
      ),
    );
  for (const top of tops) {
    if (familyOf(top) === 'autoscaler') continue;
    // An autoscaler attaches to the workload its scaleTargetRef names,
    // whatever its labels.
    const hpaOfTop = hpas.filter(h => scalesTarget(h, top));
    hpaOfTop.forEach(h => targeted.add(h));
    run(top, builds, hpaOfTop);
  }
  for (const h of hpas) {
    if (!targeted.has(h) && !graph.ownerOf(h)) run(h, [], []);
  }
  if (ctx.usage) addMemoryPressure(workloads, ctx.usage);
  return workloads;
}

/** True when the HPA's scaleTargetRef names `top` (same namespace; same group when it says one). */
export function scalesTarget(hpa: KubeObject, top: KubeObject): boolean {
  const t = hpaTarget(hpa);
  const id = identityOf(top);
  if (!t || t.kind !== id.kind || t.name !== id.name) return false;
  if (identityOf(hpa).namespace !== id.namespace) return false;
  const group = groupOf(t.apiVersion);
  const topGroup = groupOf(readString(top.apiVersion));
  return group === undefined || topGroup === undefined || group === topGroup;
}

/** A bug in roll-up must not hide the object: it becomes an unknown workload. */
function safely(
  fn: () => WorkloadStatus,
  top: KubeObject,
  now: number,
  kinds: KindRegistry,
): WorkloadStatus {
  try {
    return fn();
  } catch (e) {
    const s = judgeObject(top, RelatedObjects.empty, now, kinds);
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

interface WorkloadInputs {
  graph: ObjectGraph;
  nodes: KubeObject[];
  allBuilds: KubeObject[];
  hpas: KubeObject[];
  now: number;
  kinds: KindRegistry;
  summarizeBuildOnce: (build: KubeObject) => BuildRun;
}

function evaluateWorkload(
  top: KubeObject,
  {
    graph,
    nodes,
    allBuilds,
    hpas,
    now,
    kinds,
    summarizeBuildOnce,
  }: WorkloadInputs,
): WorkloadStatus {
  const descendants = graph.descendants(top);
  const related = new RelatedObjects([...descendants, ...nodes]);
  const status = judgeObject(top, related, now, kinds);
  const w = baseWorkload(status);
  const extraHealth: Health[] = [];
  const extraReasons: Reason[] = [];
  const judge = (o: KubeObject) => judgeObject(o, related, now, kinds);
  const role = kinds.lookup(top)?.role;
  const input: RuleInput = {
    obj: top,
    ref: { kind: w.kind, namespace: w.namespace, name: w.name },
    now,
    related,
  };

  if (role === 'Deployment') addReplicatedParts(w, status, input, judge);
  if (role === 'Pod') {
    const row = summarizePod(top, status);
    w.pods = [row];
    w.components.pods = podsComponent([row]);
  }
  if (role === 'CronJob' || role === 'Job') {
    addRunParts(w, status, input, judge, role === 'CronJob');
  }
  // An HPA whose target is not among the inputs stands alone: no components.

  for (const hpa of hpas) {
    const hs = judgeObject(hpa, RelatedObjects.empty, now, kinds);
    const notable = hs.reasons.filter(r => r.severity !== 'info');
    extraReasons.push(...notable);
    // The workload runs; autoscaling trouble deserves attention, not red.
    if (notable.length) extraHealth.push('warning');
    // "At its maximum", "cannot read metrics": said on the workload's own
    // component, where the reader looks for why it does not scale.
    const scaled = w.components.deployment;
    if (scaled && notable.length) {
      scaled.reasons = sortReasons(
        dedupeReasons([...scaled.reasons, ...notable]),
      );
      scaled.health = worstHealth([scaled.health, 'warning'], scaled.health);
    }
  }

  const buildsOfTop = buildsFor(top, allBuilds);
  if (buildsOfTop.length) {
    w.builds = buildsOfTop
      .sort((a, b) => startTimeOf(b) - startTimeOf(a))
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
