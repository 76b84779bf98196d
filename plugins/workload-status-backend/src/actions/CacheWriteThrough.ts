import type { KubeObject } from '@workload-status/backstage-plugin-workload-status-common';
import type { ClusterCache } from '../cache/ClusterCache';
import { storedProjection } from '../cache/storedProjection';

/**
 * Puts what the API server answered to a write into the cluster's cache at
 * once, so the action's response (and the next status read) shows the
 * change without waiting for the watch. The watch delivers the same object
 * later with the same resourceVersion, which the store ignores; an object
 * we already hold in a newer version is left alone.
 */
export class CacheWriteThrough {
  constructor(
    private readonly clusterCaches: () => ReadonlyMap<string, ClusterCache>,
  ) {}

  /** Upserts the projection of `obj` (a client-node model or plain JSON). */
  apply(cluster: string, obj: object, kind: string, apiVersion: string) {
    const store = this.clusterCaches().get(cluster)?.store;
    if (!store) return;
    const wire = toWireJson(obj) as KubeObject;
    const uid = wire.metadata?.uid;
    if (!uid) return;
    const held = store.get(uid);
    if (
      held &&
      !isNewer(wire.metadata?.resourceVersion, held.metadata?.resourceVersion)
    ) {
      return;
    }
    // redacted as the pipeline's projection is: the cache holds no secret
    store.upsert(
      storedProjection({
        ...wire,
        apiVersion: wire.apiVersion ?? apiVersion,
        kind: wire.kind ?? kind,
      }),
    );
  }

  /**
   * Removes an object and everything it owns, transitively: what a
   * Background-propagated delete tells the garbage collector to remove.
   * The watch's DELETED events for them find nothing left to do.
   */
  removeWithDependents(cluster: string, uid: string) {
    const store = this.clusterCaches().get(cluster)?.store;
    if (!store) return;
    const doomed = new Set<string>();
    const queue = [uid];
    while (queue.length) {
      const next = queue.shift()!;
      if (doomed.has(next)) continue;
      doomed.add(next);
      queue.push(...store.childrenOf(next));
    }
    // dependents first: an owner never disappears before what it owns
    for (const u of [...doomed].reverse()) store.delete(u);
  }
}

/**
 * resourceVersions are opaque strings to clients; every API server in use
 * (etcd's revision) makes them decimal integers, which are compared as
 * such. Anything else counts as newer: the write just happened.
 */
function isNewer(candidate?: string, held?: string): boolean {
  if (!candidate) return false;
  if (!held || !/^\d+$/.test(candidate) || !/^\d+$/.test(held)) {
    return candidate !== held;
  }
  return BigInt(candidate) > BigInt(held);
}

/**
 * client-node turns timestamps into Date objects; the cache holds the wire
 * format (RFC 3339, whole seconds unless the value has a fraction), as the
 * watch delivers it.
 */
export function toWireJson(obj: object): unknown {
  return JSON.parse(
    JSON.stringify(obj, function replacer(this: any, key: string, value) {
      const original = this[key];
      if (original instanceof Date) {
        const iso = original.toISOString();
        return original.getUTCMilliseconds() === 0
          ? iso.replace(/\.000Z$/, 'Z')
          : iso;
      }
      return value;
    }),
  );
}
