import type { LoggerService } from '@backstage/backend-plugin-api';
import { createHash } from 'node:crypto';
import {
  EntityStatus,
  EntityStatusSummary,
  ClusterState,
  Health,
  KubeObject,
  Reason,
  WorkloadStatus,
  evaluateWorkloads,
  worstHealth,
} from '@internal/plugin-workload-status-common';
import type { WorkloadStatusKindRule } from '@internal/plugin-workload-status-node';
import type { ClusterCache } from '../cache/ClusterCache';
import type { EntityIndex } from '../matching/EntityIndex';

const SEVERITY_RANK = { error: 0, warning: 1, info: 2 } as const;
/** Entity-level reasons are a digest for a hover; the workloads hold them all. */
const MAX_ENTITY_REASONS = 50;
/** Event-loop time one flush may take before it yields. */
const FLUSH_BUDGET_MS = 10;

export type EntityStatusListener = (entityRef: string) => void;

/**
 * Entity-level reasons about the objects an entity has in one cluster
 * (namespace ownership). Called on every recompute: it must answer from
 * memory.
 */
export type EntityReasonSource = (
  entityRef: string,
  cluster: string,
  objects: readonly KubeObject[],
) => Reason[];

/**
 * Entity statuses from cached projections. An object change marks the
 * entities it belongs to dirty; dirty entities are recomputed soon after (and
 * before any read), so reads are lookups. A periodic resync recomputes every
 * entity, because rules depend on time (grace periods, missed schedules).
 * A cluster that is down or stale turns its part into `Exception` with its
 * last known objects, never into an error. A down or unread cluster in
 * which the entity had nothing is a note (`affectsEntity: false` on its
 * cluster state) and leaves the health alone: see docs/status-rules.md.
 */
export class EntityStatusService {
  private readonly statuses = new Map<string, EntityStatus>();
  /** status without volatile fields, to tell real changes from recomputes */
  private readonly fingerprints = new Map<string, string>();
  private readonly dirty = new Set<string>();
  private flushScheduled = false;
  private readonly listeners: EntityStatusListener[] = [];
  private readonly reasonSources: EntityReasonSource[] = [];

  constructor(
    private readonly options: {
      index: EntityIndex;
      clusters: () => ReadonlyMap<string, ClusterCache>;
      kindRules: () => readonly WorkloadStatusKindRule[];
      logger: LoggerService;
      now?: () => number;
    },
  ) {}

  private now() {
    return (this.options.now ?? Date.now)();
  }

  onStatusChange(listener: EntityStatusListener) {
    this.listeners.push(listener);
  }

  /** Adds reasons to every status from now on (recompute with `resync`). */
  addReasonSource(source: EntityReasonSource) {
    this.reasonSources.push(source);
  }

  /** Marks entities for recomputation (object changes, catalog changes). */
  markDirty(entityRefs: Iterable<string>) {
    for (const ref of entityRefs) this.dirty.add(ref);
    if (this.dirty.size && !this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** Every entity whose clusters include `cluster` (its health changed). */
  markClusterDirty(cluster: string) {
    const refs: string[] = [];
    for (const ref of this.options.index.entityRefs()) {
      const clusters = this.options.index.getMatch(ref)?.clusters;
      if (!clusters || clusters.includes(cluster)) refs.push(ref);
    }
    this.markDirty(refs);
  }

  /** Recomputes everything: time moved on. */
  resync() {
    this.markDirty(this.options.index.entityRefs());
  }

  forget(entityRef: string) {
    this.statuses.delete(entityRef);
    this.fingerprints.delete(entityRef);
    this.dirty.delete(entityRef);
  }

  /**
   * Recomputes dirty entities, at most `budgetMs` of them per turn of the
   * event loop: a resync of 10k entities is ~3 s of work, which must not
   * hold up requests (a read of a dirty entity recomputes it at once).
   */
  flush(budgetMs = FLUSH_BUDGET_MS) {
    this.flushScheduled = false;
    const start = performance.now();
    for (const ref of this.dirty) {
      this.dirty.delete(ref);
      this.recompute(ref);
      if (performance.now() - start > budgetMs) break;
    }
    if (this.dirty.size && !this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** The entity's status; undefined for an entity the index does not hold. */
  getStatus(entityRef: string): EntityStatus | undefined {
    if (!this.options.index.getMatch(entityRef)) return undefined;
    if (this.dirty.has(entityRef) || !this.statuses.has(entityRef)) {
      this.dirty.delete(entityRef);
      this.recompute(entityRef);
    }
    return this.statuses.get(entityRef);
  }

  getSummary(entityRef: string): EntityStatusSummary | undefined {
    const s = this.getStatus(entityRef);
    if (!s) return undefined;
    return {
      entityRef: s.entityRef,
      lifecycle: s.lifecycle,
      health: s.health,
      reasons: s.reasons,
      updatedAt: s.updatedAt,
      clusters: namesOf(s.workloads.map(w => w.cluster)),
      namespaces: namesOf(s.workloads.map(w => w.namespace)),
    };
  }

  private recompute(entityRef: string) {
    const match = this.options.index.getMatch(entityRef);
    if (!match) {
      this.forget(entityRef);
      return;
    }
    const status = this.compute(entityRef);
    // a digest, not the text: held for every entity, it must stay small
    const fingerprint = createHash('sha1')
      .update(
        JSON.stringify({
          ...status,
          updatedAt: undefined,
          clusters: status.clusters.map(c => ({ ...c, lastSyncAt: undefined })),
        }),
      )
      .digest('base64');
    const previous = this.statuses.get(entityRef);
    if (previous && this.fingerprints.get(entityRef) === fingerprint) {
      // same status: keep updatedAt, refresh the volatile cluster fields
      previous.clusters = status.clusters;
      return;
    }
    this.statuses.set(entityRef, status);
    this.fingerprints.set(entityRef, fingerprint);
    if (previous) {
      for (const l of this.listeners) {
        try {
          l(entityRef);
        } catch (e) {
          this.options.logger.warn(`Status listener failed: ${e}`);
        }
      }
    }
  }

  private compute(entityRef: string): EntityStatus {
    const match = this.options.index.getMatch(entityRef)!;
    const now = this.now();
    const nowIso = new Date(now).toISOString();
    const clusters = this.options.clusters();
    const names = match.clusters ?? [...clusters.keys()];
    const workloads: WorkloadStatus[] = [];
    const clusterStates: ClusterState[] = [];
    const entityReasons: Reason[] = [];
    /** clusters never read: what they hold for this entity is unknown */
    const notSynced: Array<{
      state: ClusterState;
      reason: Reason;
      expected: Expectation;
    }> = [];

    if (match.error) {
      return {
        entityRef,
        lifecycle: 'Unknown',
        health: 'unknown',
        reasons: [
          {
            severity: 'error',
            code: 'InvalidAnnotation',
            message: match.error,
            object: { kind: 'Entity', name: entityRef },
            hint: "Fix the annotation in the entity's catalog-info.yaml.",
          },
        ],
        updatedAt: nowIso,
        clusters: [],
        workloads: [],
      };
    }

    if (!match.selector) {
      // no Kubernetes annotations: nothing to look for in any cluster
      return {
        entityRef,
        lifecycle: 'NotFound',
        health: 'unknown',
        reasons: [],
        updatedAt: nowIso,
        clusters: [],
        workloads: [],
      };
    }

    for (const name of names) {
      const cache = clusters.get(name);
      if (!cache) {
        clusterStates.push({
          name,
          reachable: false,
          stale: true,
          error: `No cluster named '${name}' is configured`,
        });
        entityReasons.push({
          severity: 'warning',
          code: 'UnknownCluster',
          message: `The entity names cluster '${name}', which is not configured`,
          object: { kind: 'Entity', name: entityRef },
          hintTarget: 'cluster',
        });
        continue;
      }
      const health = cache.health();
      const state: ClusterState = {
        name,
        reachable: health.reachable,
        stale: health.stale,
        lastSyncAt: health.lastSyncAt,
        error: health.lastError,
      };
      clusterStates.push(state);
      const objects: KubeObject[] = [];
      const nodes = new Set<string>();
      for (const uid of this.options.index.objectUids(entityRef, name)) {
        const obj = cache.store.get(uid);
        if (!obj) continue;
        objects.push(obj);
        const nodeName = obj.kind === 'Pod' ? obj.spec?.nodeName : undefined;
        if (typeof nodeName === 'string') nodes.add(nodeName);
      }
      for (const source of this.reasonSources) {
        entityReasons.push(...source(entityRef, name, objects));
      }
      // the nodes the pods run on: the engine judges NodeLost from them
      for (const nodeName of nodes) {
        const node = cache.store.findNode(nodeName);
        if (node) objects.push(node);
      }
      let found: WorkloadStatus[] = [];
      if (objects.length) {
        found = evaluateWorkloads(objects, { now: new Date(now) });
        this.applyKindRules(found, objects, now);
      }
      for (const w of found) {
        w.cluster = name;
        if (health.stale)
          markStale(w, name, health.lastSyncAt, health.lastError);
        workloads.push(w);
      }
      if (found.length) {
        if (health.stale) state.affectsEntity = true;
      } else if (!health.synced) {
        notSynced.push({
          state,
          expected: expectation(match.annotatedCluster, name),
          reason: {
            severity: 'warning',
            code: 'ClusterNotSynced',
            message: `Cluster ${name} has not been read yet${
              health.lastError ? ` (${health.lastError})` : ''
            }: objects there are not known`,
            object: { kind: 'Cluster', name, cluster: name },
            hint: "Check the cluster's health on the clusters page and the backend log.",
            hintTarget: 'cluster',
          },
        });
      } else if (health.stale) {
        // Read before, and the entity had nothing there then: what the
        // cluster does now cannot change what we know of the entity.
        state.affectsEntity = false;
        entityReasons.push({
          severity: 'info',
          code: 'ClusterUnreachable',
          message: `Cluster ${name} ${
            health.reachable ? 'has stale data' : 'cannot be reached'
          }${
            health.lastError ? ` (${health.lastError})` : ''
          }; the entity had no objects there at its last sync${
            health.lastSyncAt ? ` (${health.lastSyncAt})` : ''
          }`,
          object: { kind: 'Cluster', name, cluster: name },
          hint: "Check the cluster's health on the clusters page.",
          hintTarget: 'cluster',
        });
      }
    }

    let lifecycle: string;
    let health: Health;
    // What an unread cluster holds for the entity is unknown, not known to
    // be empty, so its weight is what the entity expects of it: one its
    // `kubernetes-cluster` annotation names is where its objects are (a
    // banner, and Exception when nothing else is known); one the annotation
    // rules out is a note. With no annotation the entity is looked for
    // everywhere: found elsewhere, it has no reason to expect anything in
    // the unread cluster (a note); found nowhere, the unread clusters are
    // the only place its objects can be, and "NotFound" would be a guess.
    const concerns = notSynced.filter(
      n =>
        n.expected === 'named' ||
        (n.expected === 'unknown' && !workloads.length),
    );
    for (const n of notSynced) {
      const concern = concerns.includes(n);
      n.state.affectsEntity = concern;
      entityReasons.push(
        concern && !workloads.length
          ? n.reason
          : { ...n.reason, severity: 'info' },
      );
    }
    if (workloads.length) {
      health = worstHealth(workloads.map(w => w.health));
      lifecycle = workloads.find(w => w.health === health)!.lifecycle;
    } else if (concerns.length) {
      lifecycle = 'Exception';
      health = 'unknown';
    } else {
      lifecycle = 'NotFound';
      health = 'unknown';
    }
    // workload reasons before entity notes of equal severity (a stable
    // sort): what is wrong with the service comes before cluster notes
    const reasons = [
      ...workloads.flatMap(w =>
        w.reasons.map(r => ({
          ...r,
          object: { ...r.object, cluster: r.object.cluster ?? w.cluster },
        })),
      ),
      ...entityReasons,
    ]
      .sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity])
      .slice(0, MAX_ENTITY_REASONS);

    return {
      entityRef,
      lifecycle,
      health,
      reasons,
      updatedAt: nowIso,
      clusters: clusterStates,
      workloads,
    };
  }

  /** Registered rules judge the kinds the engine does not know. */
  private applyKindRules(
    workloads: WorkloadStatus[],
    objects: KubeObject[],
    now: number,
  ) {
    const rules = this.options.kindRules();
    if (!rules.length) return;
    for (const w of workloads) {
      const rule = rules.find(r => r.resource.kind === w.kind);
      if (!rule) continue;
      const obj = objects.find(
        o =>
          o.kind === w.kind &&
          o.metadata?.name === w.name &&
          (o.metadata?.namespace ?? '') === (w.namespace ?? ''),
      );
      if (!obj) continue;
      try {
        const verdict = rule.evaluate(obj as any, { now: new Date(now) });
        const ref = { kind: w.kind, namespace: w.namespace, name: w.name };
        w.lifecycle = verdict.lifecycle;
        w.health = verdict.health;
        w.reasons = verdict.reasons.map(r => ({ ...r, object: ref }));
      } catch (e) {
        this.options.logger.warn(
          `Kind rule for ${w.kind} failed on ${w.namespace}/${w.name}: ${e}`,
        );
      }
    }
  }
}

/** What an entity's annotations say about its objects in one cluster. */
type Expectation = 'named' | 'excluded' | 'unknown';

function expectation(
  annotatedCluster: string | undefined,
  cluster: string,
): Expectation {
  if (!annotatedCluster) return 'unknown';
  return annotatedCluster === cluster ? 'named' : 'excluded';
}

function markStale(
  w: WorkloadStatus,
  cluster: string,
  lastSyncAt: string | undefined,
  error: string | undefined,
) {
  w.lifecycle = 'Exception';
  w.health = 'unknown';
  w.reasons = [
    {
      severity: 'warning',
      code: 'ClusterUnreachable',
      message: `Cluster ${cluster} cannot be reached${
        error ? ` (${error})` : ''
      }; ${w.kind} ${w.name} is shown as last seen${
        lastSyncAt ? ` at ${lastSyncAt}` : ''
      }`,
      object: { kind: w.kind, namespace: w.namespace, name: w.name, cluster },
      hint: "The data is stale until the cluster answers again; check the cluster's health.",
      hintTarget: 'cluster',
    },
    ...w.reasons,
  ];
}

/** Distinct names, sorted: a summary names each place once. */
function namesOf(names: Array<string | undefined>): string[] {
  return [...new Set(names.filter((n): n is string => !!n))].sort();
}
