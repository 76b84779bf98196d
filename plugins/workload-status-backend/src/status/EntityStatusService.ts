import type { LoggerService } from '@backstage/backend-plugin-api';
import { createHash } from 'node:crypto';
import {
  KindRegistry,
  EntityStatus,
  EntityStatusSummary,
  ClusterState,
  Health,
  KubeObject,
  PodUsageLookup,
  Reason,
  WorkloadStatus,
  evaluateWorkloads,
  worstHealth,
} from '@workload-status/backstage-plugin-workload-status-common';
import type { ClusterCache, ClusterHealth } from '../cache/ClusterCache';
import { staleResourceTypeReasons } from '../cache/staleResourceTypeReasons';
import type { EntityIndex } from '../matching/EntityIndex';
import { StatusWakes } from '../timing/StatusWakes';

const SEVERITY_RANK = { error: 0, warning: 1, info: 2 } as const;
/** Entity-level reasons are a digest for a hover; the workloads hold them all. */
const MAX_ENTITY_REASONS = 50;
/** Event-loop time one flush may take before it yields. */
const FLUSH_BUDGET_MS = 10;

export type EntityStatusListener = (entityRef: string) => void;

/** Told every new status, an entity's first included (a notifier's baseline). */
export type EntityStatusObserver = (
  status: EntityStatus,
  previous: EntityStatus | undefined,
) => void;

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
 * before any read), so reads are lookups. Rules that depend on time (grace
 * periods, missed schedules) wake only the entities whose status time
 * changes, when it changes (StatusWakes), not every entity periodically.
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
  private readonly observers: EntityStatusObserver[] = [];
  private readonly reasonSources: EntityReasonSource[] = [];
  private usageSource?: (cluster: string) => PodUsageLookup | undefined;

  constructor(
    private readonly options: {
      index: EntityIndex;
      clusters: () => ReadonlyMap<string, ClusterCache>;
      /** this backend's kind table (engine and extension kinds) */
      kinds: KindRegistry;
      /** the autoscalers whose scaleTargetRef names an object */
      autoscalersOf?: (
        cluster: string,
        obj: KubeObject,
      ) => readonly KubeObject[];
      logger: LoggerService;
      now?: () => number;
      /** shortest time between two time-driven recomputes of one entity */
      minWakeIntervalMs?: number;
    },
  ) {
    this.wakes = new StatusWakes({
      now: () => this.now(),
      fingerprint: ref => this.fingerprints.get(ref),
      fingerprintAt: (ref, at) =>
        this.options.index.getMatch(ref)
          ? statusFingerprint(this.compute(ref, at))
          : undefined,
      wake: refs => this.markDirty(refs),
      busy: () => this.dirty.size > 0,
      minIntervalMs: options.minWakeIntervalMs ?? 30_000,
    });
  }

  /**
   * Time-driven recomputes: each entity is woken when time alone changes
   * its status (a grace period ends, a schedule is missed), not periodically.
   */
  private readonly wakes: StatusWakes;

  /** Stops the time-driven recomputes. */
  stop() {
    this.wakes.stop();
  }

  /** How many entities wait for a time-driven recompute, and what it cost. */
  wakeCounts() {
    return { pending: this.wakes.size, ...this.wakes.counts };
  }

  private now() {
    return (this.options.now ?? Date.now)();
  }

  onStatusChange(listener: EntityStatusListener) {
    this.listeners.push(listener);
  }

  /** Every new status, including an entity's first (which `onStatusChange` skips). */
  observeStatuses(observer: EntityStatusObserver) {
    this.observers.push(observer);
  }

  /** Adds reasons to every status from now on (recompute with `resync`). */
  addReasonSource(source: EntityReasonSource) {
    this.reasonSources.push(source);
  }

  /**
   * Where container usage comes from (usage/UsageCaches), per cluster.
   * Answers from memory; its owner marks entities dirty when a container
   * crosses the memory-limit threshold, not on every sample.
   */
  setUsageSource(source: (cluster: string) => PodUsageLookup | undefined) {
    this.usageSource = source;
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
    this.wakes.forget(entityRef);
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
    // a clock moved by hand (tests) has no timer: the read wakes what is due
    this.wakes.wakeDue();
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
    const fingerprint = statusFingerprint(status);
    this.wakes.recomputed(entityRef);
    const previous = this.statuses.get(entityRef);
    if (previous && this.fingerprints.get(entityRef) === fingerprint) {
      // same status: keep updatedAt, refresh the volatile cluster fields
      previous.clusters = status.clusters;
      return;
    }
    this.statuses.set(entityRef, status);
    this.fingerprints.set(entityRef, fingerprint);
    for (const o of this.observers) {
      try {
        o(status, previous);
      } catch (e) {
        this.options.logger.warn(`Status observer failed: ${e}`);
      }
    }
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

  private compute(entityRef: string, now = this.now()): EntityStatus {
    const match = this.options.index.getMatch(entityRef)!;
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
      this.addAutoscalers(name, objects);
      // the nodes the pods run on: the engine judges NodeLost from them
      for (const nodeName of nodes) {
        const node = cache.store.findNode(nodeName);
        if (node) objects.push(node);
      }
      let found: WorkloadStatus[] = [];
      if (objects.length) {
        found = evaluateWorkloads(
          objects,
          { now: new Date(now), usage: this.usageSource?.(name) },
          this.options.kinds,
        );
      }
      const staleTypes = health.stale ? [] : cache.staleResourceTypes();
      for (const w of found) {
        w.cluster = name;
        if (health.stale) markStale(w, name, health);
        else if (staleTypes.length)
          w.reasons.unshift(...staleResourceTypeReasons(w, name, staleTypes));
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

  /**
   * The autoscalers of the entity's workloads, by their scaleTargetRef
   * (whatever their labels): the engine makes their reasons the workload's.
   */
  private addAutoscalers(cluster: string, objects: KubeObject[]) {
    const lookup = this.options.autoscalersOf;
    if (!lookup) return;
    const uids = new Set(objects.map(o => o.metadata?.uid));
    for (const obj of [...objects]) {
      for (const hpa of lookup(cluster, obj)) {
        if (uids.has(hpa.metadata?.uid)) continue;
        uids.add(hpa.metadata?.uid);
        objects.push(hpa);
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
  health: Pick<ClusterHealth, 'reachable' | 'lastSyncAt' | 'lastError'>,
) {
  const { lastSyncAt, lastError: error } = health;
  w.lifecycle = 'Exception';
  w.health = 'unknown';
  w.reasons = [
    {
      severity: 'warning',
      code: 'ClusterUnreachable',
      message: `Cluster ${cluster} ${
        // answers, yet no resource type of it is current
        health.reachable ? 'has no current data' : 'cannot be reached'
      }${error ? ` (${error})` : ''}; ${w.kind} ${
        w.name
      } is shown as last seen${lastSyncAt ? ` at ${lastSyncAt}` : ''}`,
      object: { kind: w.kind, namespace: w.namespace, name: w.name, cluster },
      hint: "The data is stale until the cluster answers again; check the cluster's health.",
      hintTarget: 'cluster',
    },
    ...w.reasons,
  ];
}

/**
 * A status without its volatile fields, as a digest: tells real changes
 * from recomputes; held for every entity, it must stay small.
 */
function statusFingerprint(status: EntityStatus): string {
  return createHash('sha1')
    .update(
      JSON.stringify({
        ...status,
        updatedAt: undefined,
        clusters: status.clusters.map(c => ({ ...c, lastSyncAt: undefined })),
      }),
    )
    .digest('base64');
}

/** Distinct names, sorted: a summary names each place once. */
function namesOf(names: Array<string | undefined>): string[] {
  return [...new Set(names.filter((n): n is string => !!n))].sort();
}
