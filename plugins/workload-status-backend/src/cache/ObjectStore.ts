import type { KubeObject } from '@workload-status/backstage-plugin-workload-status-common';
import { addToIndex, removeFromIndex } from './SetIndex';

/** What changed in a store: `previous` absent on add, `next` absent on delete. */
export interface ObjectChange {
  previous?: KubeObject;
  next?: KubeObject;
}

export type ObjectChangeListener = (change: ObjectChange) => void;

const EMPTY: ReadonlySet<string> = new Set();

/**
 * The projections of one cluster, by uid, with the secondary indexes that
 * lookups need, so that finding an entity's objects never scans the store:
 * by label `key=value` (only for the label keys some selector uses: one
 * index entry per object instead of one per label, see docs/benchmarks.md),
 * by owner uid, and Nodes by name. Objects are stored as given: the caller
 * stores projections only.
 */
export class ObjectStore {
  private readonly objects = new Map<string, KubeObject>();
  private readonly kindCounts = new Map<string, number>();
  /** label keys worth indexing (the keys of the selectors in use) */
  private readonly indexedLabelKeys = new Set<string>();
  /** `key=value` -> uids, for indexed keys */
  private readonly byLabel = new Map<string, Set<string>>();
  /** owner uid -> dependent uid -> the dependent's namespace (undefined: cluster-scoped) */
  private readonly byOwner = new Map<string, Map<string, string | undefined>>();
  /** Node name -> uid (pods name their node by name) */
  private readonly nodesByName = new Map<string, string>();
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

  /**
   * Whether the store holds `uid` at `resourceVersion`: a relist repeats
   * what is held, and an upsert of it would change nothing.
   */
  holdsVersion(uid: string, resourceVersion: string | undefined): boolean {
    const held = this.objects.get(uid)?.metadata?.resourceVersion;
    return held !== undefined && held === resourceVersion;
  }

  delete(uid: string): KubeObject | undefined {
    const previous = this.objects.get(uid);
    if (!previous) return undefined;
    this.unindex(uid, previous);
    this.objects.delete(uid);
    this.emit({ previous });
    return previous;
  }

  /**
   * Starts indexing a label key (idempotent). Scans the store once; later
   * changes keep the index current.
   */
  indexLabelKey(key: string) {
    if (this.indexedLabelKeys.has(key)) return;
    this.indexedLabelKeys.add(key);
    for (const [uid, obj] of this.objects) {
      const value = obj.metadata?.labels?.[key];
      if (value !== undefined) addToIndex(this.byLabel, `${key}=${value}`, uid);
    }
  }

  /** uids with label `key=value`; `key` must have been indexed. */
  uidsWithLabel(key: string, value: string): ReadonlySet<string> {
    if (!this.indexedLabelKeys.has(key)) {
      throw new Error(`label key ${key} is not indexed`);
    }
    return this.byLabel.get(`${key}=${value}`) ?? EMPTY;
  }

  /** uids of one kind: a scan, for relists and diagnostics only. */
  uidsOfKind(kind: string): string[] {
    const uids: string[] = [];
    for (const [uid, obj] of this.objects)
      if (obj.kind === kind) uids.push(uid);
    return uids;
  }

  /**
   * uids of one kind, found as they are read: a relist's sweep of a large
   * store runs slice by slice (the scan of 120k objects alone holds the
   * event loop ~10-15 ms). The store may change between reads.
   */
  *uidsOfKindLazily(kind: string): Generator<string> {
    for (const [uid, obj] of this.objects) if (obj.kind === kind) yield uid;
  }

  findNode(name: string): KubeObject | undefined {
    const uid = this.nodesByName.get(name);
    return uid === undefined ? undefined : this.objects.get(uid);
  }

  /**
   * The objects that name `ownerUid` in their ownerReferences and that the
   * garbage collector would count as its dependents: a namespaced owner's
   * dependents are in its namespace (an ownerReference has no namespace
   * field, it names an object of the dependent's namespace), a
   * cluster-scoped owner's anywhere. A pod in another namespace naming a
   * Job's uid does not join that Job; nor does anything while the owner is
   * not in the store.
   */
  childrenOf(ownerUid: string): readonly string[] {
    const dependents = this.byOwner.get(ownerUid);
    const owner = this.objects.get(ownerUid);
    if (!dependents || !owner) return [];
    const namespace = owner.metadata?.namespace;
    const children: string[] = [];
    for (const [uid, dependentNamespace] of dependents) {
      if (namespace === undefined || dependentNamespace === namespace) {
        children.push(uid);
      }
    }
    return children;
  }

  allUids(): IterableIterator<string> {
    return this.objects.keys();
  }

  entries(): IterableIterator<[string, KubeObject]> {
    return this.objects.entries();
  }

  countsByKind(): Record<string, number> {
    return Object.fromEntries(
      [...this.kindCounts].filter(([, n]) => n > 0).sort(),
    );
  }

  private emit(change: ObjectChange) {
    for (const l of this.listeners) l(change);
  }

  private index(uid: string, obj: KubeObject) {
    const kind = obj.kind ?? '';
    this.kindCounts.set(kind, (this.kindCounts.get(kind) ?? 0) + 1);
    const labels = obj.metadata?.labels;
    if (labels) {
      for (const key of this.indexedLabelKeys) {
        const value = labels[key];
        if (value !== undefined)
          addToIndex(this.byLabel, `${key}=${value}`, uid);
      }
    }
    for (const o of obj.metadata?.ownerReferences ?? []) {
      if (!o.uid) continue;
      let dependents = this.byOwner.get(o.uid);
      if (!dependents) {
        dependents = new Map();
        this.byOwner.set(o.uid, dependents);
      }
      dependents.set(uid, obj.metadata?.namespace);
    }
    if (kind === 'Node' && obj.metadata?.name) {
      this.nodesByName.set(obj.metadata.name, uid);
    }
  }

  private unindex(uid: string, obj: KubeObject) {
    const kind = obj.kind ?? '';
    this.kindCounts.set(kind, (this.kindCounts.get(kind) ?? 1) - 1);
    const labels = obj.metadata?.labels;
    if (labels) {
      for (const key of this.indexedLabelKeys) {
        const value = labels[key];
        if (value !== undefined)
          removeFromIndex(this.byLabel, `${key}=${value}`, uid);
      }
    }
    for (const o of obj.metadata?.ownerReferences ?? []) {
      const dependents = o.uid ? this.byOwner.get(o.uid) : undefined;
      if (!dependents) continue;
      dependents.delete(uid);
      if (dependents.size === 0) this.byOwner.delete(o.uid!);
    }
    if (kind === 'Node' && obj.metadata?.name) {
      if (this.nodesByName.get(obj.metadata.name) === uid) {
        this.nodesByName.delete(obj.metadata.name);
      }
    }
  }
}
