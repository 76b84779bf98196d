import type { KubeObject } from '@workload-status/backstage-plugin-workload-status-common';
import type { ObjectStore } from '../cache/ObjectStore';
import type { EntityMatch } from './EntityMatcher';
import type { LabelSelector } from './LabelSelector';
import { addToIndex, removeFromIndex } from '../cache/SetIndex';

const NO_ENTITIES: ReadonlySet<string> = new Set();

/** Entities sharing one selector and namespace share one of these. */
interface Matcher {
  key: string;
  selector: LabelSelector;
  namespace?: string;
  entities: Set<string>;
  /** cluster -> uids of objects the selector selects directly */
  uids: Map<string, Set<string>>;
}

/**
 * Catalog entity -> selector -> matching object uids, per cluster, kept
 * current as objects change so that finding an entity's objects is a lookup.
 * Selectors are indexed by the labels they require (`key=value`), so an
 * object change only tests the selectors that could match it.
 *
 * Owned objects (a Deployment's ReplicaSets and Pods, a CronJob's Jobs) join
 * their owner's entities through ownerReferences even when they do not carry
 * the labels; `membership` remembers which entities each object was last
 * counted in, so that a change to a child finds its entities without walking.
 */
export class EntityIndex {
  private readonly matchers = new Map<string, Matcher>();
  private readonly entities = new Map<string, EntityMatch>();
  /** `key=value` -> matcher keys requiring it */
  private readonly matchersByLabel = new Map<string, Set<string>>();
  /** matchers with no `key=value` requirement: tested on every change */
  private readonly wideMatchers = new Set<string>();
  /** cluster -> uid -> entities that counted the object at their last recompute */
  private readonly membership = new Map<string, Map<string, Set<string>>>();
  private readonly stores = new Map<string, ObjectStore>();

  addCluster(cluster: string, store: ObjectStore) {
    this.stores.set(cluster, store);
    for (const m of this.matchers.values()) this.fill(m, cluster, store);
  }

  removeCluster(cluster: string): Set<string> {
    this.stores.delete(cluster);
    this.membership.delete(cluster);
    const affected = new Set<string>();
    for (const m of this.matchers.values()) {
      if (m.uids.delete(cluster)) m.entities.forEach(e => affected.add(e));
    }
    return affected;
  }

  getMatch(entityRef: string): EntityMatch | undefined {
    return this.entities.get(entityRef);
  }

  entityRefs(): IterableIterator<string> {
    return this.entities.keys();
  }

  /** Adds or updates an entity; true when its matching changed. */
  setEntity(match: EntityMatch): boolean {
    const previous = this.entities.get(match.entityRef);
    if (previous && sameMatch(previous, match)) return false;
    if (previous) this.removeEntity(match.entityRef);
    this.entities.set(match.entityRef, match);
    if (!match.selector) return true;
    const key = `${match.namespace ?? '*'}|${match.selector.key}`;
    let m = this.matchers.get(key);
    if (!m) {
      m = {
        key,
        selector: match.selector,
        namespace: match.namespace,
        entities: new Set(),
        uids: new Map(),
      };
      this.matchers.set(key, m);
      const candidates = match.selector.candidateLabels();
      if (candidates) {
        for (const v of candidates.values) {
          addToIndex(this.matchersByLabel, `${candidates.key}=${v}`, key);
        }
      } else {
        this.wideMatchers.add(key);
      }
      for (const [cluster, store] of this.stores) this.fill(m, cluster, store);
    }
    m.entities.add(match.entityRef);
    return true;
  }

  removeEntity(entityRef: string) {
    const match = this.entities.get(entityRef);
    if (!match) return;
    this.entities.delete(entityRef);
    for (const cluster of this.membership.keys()) {
      this.recordMembership(entityRef, cluster, new Set());
      this.lastMembers.delete(`${cluster}\u0000${entityRef}`);
    }
    if (!match.selector) return;
    const key = `${match.namespace ?? '*'}|${match.selector.key}`;
    const m = this.matchers.get(key);
    if (!m) return;
    m.entities.delete(entityRef);
    if (m.entities.size > 0) return;
    this.matchers.delete(key);
    this.wideMatchers.delete(key);
    const candidates = m.selector.candidateLabels();
    for (const v of candidates?.values ?? []) {
      removeFromIndex(this.matchersByLabel, `${candidates!.key}=${v}`, key);
    }
  }

  /**
   * Applies an object change to the index and returns the entities whose
   * objects changed (and so whose status must be recomputed).
   */
  applyChange(
    cluster: string,
    previous: KubeObject | undefined,
    next: KubeObject | undefined,
  ): Set<string> {
    const uid = (next ?? previous)?.metadata?.uid;
    const affected = new Set<string>();
    if (!uid) return affected;
    const candidates = new Set<string>(this.wideMatchers);
    for (const obj of [previous, next]) {
      for (const [k, v] of Object.entries(obj?.metadata?.labels ?? {})) {
        this.matchersByLabel.get(`${k}=${v}`)?.forEach(c => candidates.add(c));
      }
    }
    for (const key of candidates) {
      const m = this.matchers.get(key)!;
      let uids = m.uids.get(cluster);
      const was = uids?.has(uid) ?? false;
      const is =
        next !== undefined &&
        selects(m, next.metadata?.namespace, next.metadata?.labels);
      if (is && !was) {
        if (!uids) {
          uids = new Set();
          m.uids.set(cluster, uids);
        }
        uids.add(uid);
      } else if (!is && was) {
        uids!.delete(uid);
      }
      if (is || was) m.entities.forEach(e => affected.add(e));
    }
    const members = this.membership.get(cluster);
    if (members) {
      members.get(uid)?.forEach(e => affected.add(e));
      for (const o of next?.metadata?.ownerReferences ?? []) {
        if (o.uid) members.get(o.uid)?.forEach(e => affected.add(e));
      }
    }
    for (const e of [...affected]) {
      const match = this.entities.get(e);
      if (!match || (match.clusters && !match.clusters.includes(cluster))) {
        affected.delete(e);
      }
    }
    return affected;
  }

  /**
   * The uids of an entity's objects in one cluster: the objects its selector
   * selects and everything they own, transitively. Records the membership
   * used by {@link EntityIndex.applyChange}.
   */
  objectUids(entityRef: string, cluster: string): Set<string> {
    const result = new Set<string>();
    const match = this.entities.get(entityRef);
    const store = this.stores.get(cluster);
    if (match?.selector && store) {
      const m = this.matchers.get(
        `${match.namespace ?? '*'}|${match.selector.key}`,
      );
      const queue = [...(m?.uids.get(cluster) ?? [])];
      while (queue.length) {
        const uid = queue.pop()!;
        if (result.has(uid)) continue;
        result.add(uid);
        for (const child of store.childrenOf(uid)) queue.push(child);
      }
    }
    this.recordMembership(entityRef, cluster, result);
    return result;
  }

  /** The entities that counted an object at their last recompute. */
  entitiesOfObject(cluster: string, uid: string): ReadonlySet<string> {
    return this.membership.get(cluster)?.get(uid) ?? NO_ENTITIES;
  }

  private readonly lastMembers = new Map<string, Set<string>>();

  private recordMembership(
    entityRef: string,
    cluster: string,
    uids: Set<string>,
  ) {
    let members = this.membership.get(cluster);
    if (!members) {
      members = new Map();
      this.membership.set(cluster, members);
    }
    const memoKey = `${cluster}\u0000${entityRef}`;
    for (const uid of this.lastMembers.get(memoKey) ?? []) {
      if (!uids.has(uid)) removeFromIndex(members, uid, entityRef);
    }
    for (const uid of uids) addToIndex(members, uid, entityRef);
    this.lastMembers.set(memoKey, uids);
  }

  /** Fills a matcher's uids for one cluster from the store's indexes. */
  private fill(m: Matcher, cluster: string, store: ObjectStore) {
    const uids = new Set<string>();
    const candidates = m.selector.candidateLabels();
    if (candidates) {
      store.indexLabelKey(candidates.key);
      for (const v of candidates.values) {
        for (const uid of store.uidsWithLabel(candidates.key, v)) {
          // read from the store's indexes: no object is parsed
          if (selects(m, store.namespaceOfUid(uid), store.labelsOfUid(uid)))
            uids.add(uid);
        }
      }
    } else {
      // a selector pinning no value (`!a`, `a notin (x)`, `a`): rare, and
      // scanned once per cluster when the selector first appears
      for (const uid of store.allUids()) {
        if (selects(m, store.namespaceOfUid(uid), store.labelsOfUid(uid)))
          uids.add(uid);
      }
    }
    m.uids.set(cluster, uids);
  }
}

function selects(
  m: Matcher,
  namespace: string | undefined,
  labels: Readonly<Record<string, string>> | undefined,
): boolean {
  if (m.namespace && namespace !== m.namespace) return false;
  return m.selector.matches(labels);
}

function sameMatch(a: EntityMatch, b: EntityMatch) {
  return (
    a.error === b.error &&
    a.namespace === b.namespace &&
    a.selector?.key === b.selector?.key &&
    (a.clusters ?? []).join(',') === (b.clusters ?? []).join(',') &&
    (a.clusters === undefined) === (b.clusters === undefined)
  );
}
