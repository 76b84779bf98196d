import type { KubeObject } from '@internal/plugin-workload-status-common';

/** What changed in a store: `previous` absent on add, `next` absent on delete. */
export interface ObjectChange {
  previous?: KubeObject;
  next?: KubeObject;
}

export type ObjectChangeListener = (change: ObjectChange) => void;

/**
 * The projections of one cluster, by uid, with secondary indexes so that a
 * lookup by namespace, label or owner never scans the store.
 * Objects are stored as given: the caller stores projections only.
 */
export class ObjectStore {
  private readonly objects = new Map<string, KubeObject>();
  private readonly byKind = new Map<string, Set<string>>();
  private readonly byNamespace = new Map<string, Set<string>>();
  /** `key=value` -> uids */
  private readonly byLabel = new Map<string, Set<string>>();
  /** label key -> uids, for `key`, `!key` and `notin` requirements */
  private readonly byLabelKey = new Map<string, Set<string>>();
  private readonly byOwner = new Map<string, Set<string>>();
  /** `kind|namespace|name` -> uid (Nodes by the pods' spec.nodeName) */
  private readonly byName = new Map<string, string>();
  private readonly listeners: ObjectChangeListener[] = [];

  onChange(listener: ObjectChangeListener) {
    this.listeners.push(listener);
  }

  get size() {
    return this.objects.size;
  }

  get(uid: string): KubeObject | undefined {
    return this.objects.get(uid);
  }

  /** Adds or replaces an object. Objects without a uid are ignored. */
  upsert(obj: KubeObject): void {
    const uid = obj.metadata?.uid;
    if (!uid) return;
    const previous = this.objects.get(uid);
    if (
      previous &&
      previous.metadata?.resourceVersion !== undefined &&
      previous.metadata.resourceVersion === obj.metadata?.resourceVersion
    ) {
      return; // a relist repeats what we hold: not a change
    }
    if (previous) this.unindex(uid, previous);
    this.objects.set(uid, obj);
    this.index(uid, obj);
    this.emit({ previous, next: obj });
  }

  delete(uid: string): KubeObject | undefined {
    const previous = this.objects.get(uid);
    if (!previous) return undefined;
    this.unindex(uid, previous);
    this.objects.delete(uid);
    this.emit({ previous });
    return previous;
  }

  /** uids of one kind (a reflector's share of the store). */
  uidsOfKind(kind: string): ReadonlySet<string> {
    return this.byKind.get(kind) ?? EMPTY;
  }

  uidsInNamespace(namespace: string): ReadonlySet<string> {
    return this.byNamespace.get(namespace) ?? EMPTY;
  }

  uidsWithLabel(key: string, value: string): ReadonlySet<string> {
    return this.byLabel.get(`${key}=${value}`) ?? EMPTY;
  }

  uidsWithLabelKey(key: string): ReadonlySet<string> {
    return this.byLabelKey.get(key) ?? EMPTY;
  }

  findByName(kind: string, namespace: string, name: string): KubeObject | undefined {
    const uid = this.byName.get(`${kind}|${namespace}|${name}`);
    return uid === undefined ? undefined : this.objects.get(uid);
  }

  childrenOf(ownerUid: string): ReadonlySet<string> {
    return this.byOwner.get(ownerUid) ?? EMPTY;
  }

  allUids(): IterableIterator<string> {
    return this.objects.keys();
  }

  countsByKind(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const [kind, uids] of this.byKind) {
      if (uids.size) counts[kind] = uids.size;
    }
    return counts;
  }

  private emit(change: ObjectChange) {
    for (const l of this.listeners) l(change);
  }

  private index(uid: string, obj: KubeObject) {
    add(this.byKind, obj.kind ?? '', uid);
    add(this.byNamespace, obj.metadata?.namespace ?? '', uid);
    this.byName.set(nameKey(obj), uid);
    for (const [k, v] of Object.entries(obj.metadata?.labels ?? {})) {
      add(this.byLabel, `${k}=${v}`, uid);
      add(this.byLabelKey, k, uid);
    }
    for (const o of obj.metadata?.ownerReferences ?? []) {
      if (o.uid) add(this.byOwner, o.uid, uid);
    }
  }

  private unindex(uid: string, obj: KubeObject) {
    remove(this.byKind, obj.kind ?? '', uid);
    remove(this.byNamespace, obj.metadata?.namespace ?? '', uid);
    if (this.byName.get(nameKey(obj)) === uid) this.byName.delete(nameKey(obj));
    for (const [k, v] of Object.entries(obj.metadata?.labels ?? {})) {
      remove(this.byLabel, `${k}=${v}`, uid);
      remove(this.byLabelKey, k, uid);
    }
    for (const o of obj.metadata?.ownerReferences ?? []) {
      if (o.uid) remove(this.byOwner, o.uid, uid);
    }
  }
}

const EMPTY: ReadonlySet<string> = new Set();

function nameKey(obj: KubeObject) {
  return `${obj.kind ?? ''}|${obj.metadata?.namespace ?? ''}|${obj.metadata?.name ?? ''}`;
}

function add(index: Map<string, Set<string>>, key: string, uid: string) {
  let set = index.get(key);
  if (!set) {
    set = new Set();
    index.set(key, set);
  }
  set.add(uid);
}

function remove(index: Map<string, Set<string>>, key: string, uid: string) {
  const set = index.get(key);
  if (!set) return;
  set.delete(uid);
  if (set.size === 0) index.delete(key);
}
