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
import { readNow } from './fields';
import { ObjectGraph, startTimeOf } from './objectGraph';
import { REASON_CODES, dedupeReasons, reason, sortReasons } from './reasons';
import { isBuildObject, lookupKind } from './registry';
import { RelatedObjects, identityOf } from './related';
import { hpaTarget } from './rules/hpa';
import { summarizeBuild, summarizePod } from './summaries';
import type { EvaluationContext, KubeObject, RuleInput } from './types';

const CONTEXT_KINDS = new Set(['Event', 'Node']);

/**
 * Groups objects into top-level workloads with their owned objects rolled up.
 * Never throws; `cluster` is left for the caller.
 * @public
 */
export function evaluateWorkloads(
  objects: readonly KubeObject[],
  ctx: EvaluationContext,
): WorkloadStatus[] {
  const now = readNow(ctx);
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
