import type {
  KubeObject,
  KubeOwnerReference,
} from '@workload-status/backstage-plugin-workload-status-common';
import { addToIndex, removeFromIndex } from './SetIndex';
import { SharedValues } from './SharedValues';
import { SlotColumn } from './SlotColumn';
import { StringInterner } from './StringInterner';
import { TextArena } from './TextArena';

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
 * by owner uid, and Nodes by name. The caller stores projections only.
 *
 * An object is kept as JSON text in a {@link TextArena}, outside the
 * JavaScript heap, and parsed again by {@link ObjectStore.get}: each read
 * gives a fresh object, which its reader may keep. Kept as objects, the
 * projections of a large cluster are what V8's collector copies and scans
 * (docs/benchmarks.md). What stays on the heap per object is what the
 * indexes and relists read without parsing (uid, slot, kind, namespace,
 * name, resourceVersion, labels) and, for pods, the parts that the pods of
 * one ReplicaSet repeat (ownerReferences, `spec.containers`). Labels and
 * those parts are kept once, frozen, and left out of the text.
 */
export class ObjectStore {
  /** uid -> slot in the arena and in the columns below */
  private readonly slots = new Map<string, number>();
  private readonly texts = new TextArena();
  private readonly kindOf = new SlotColumn<string>();
  private readonly namespaceOf = new SlotColumn<string>();
  private readonly nameOf = new SlotColumn<string>();
  private readonly versionOf = new SlotColumn<string>();
  private readonly labelsOf = new SlotColumn<
    Readonly<Record<string, string>>
  >();
  private readonly ownersOf = new SlotColumn<Readonly<KubeOwnerReference[]>>();
  private readonly containersOf = new SlotColumn<Readonly<unknown[]>>();
  /** kinds and namespaces: few distinct values, many objects */
  private readonly names = new StringInterner(100_000);
  private readonly labelSets = new SharedValues<Record<string, string>>();
  private readonly ownerLists = new SharedValues<KubeOwnerReference[]>();
  private readonly containerLists = new SharedValues<unknown[]>();
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
    return this.slots.size;
  }

  /** Bytes of the arena holding the objects' texts (outside the heap). */
  get textBytes() {
    return this.texts.bytes;
  }

  /** A fresh copy of the object, parsed from its stored text. */
  get(uid: string): KubeObject | undefined {
    const slot = this.slots.get(uid);
    return slot === undefined ? undefined : this.parse(uid, slot);
  }

  /** Adds or replaces an object. Objects without a uid are ignored. */
  upsert(obj: KubeObject): void {
    const uid = obj.metadata?.uid;
    if (!uid) return;
    let slot = this.slots.get(uid);
    let previous: KubeObject | undefined;
    if (slot !== undefined) {
      const version = this.versionOf.get(slot);
      if (version !== undefined && version === obj.metadata?.resourceVersion) {
        return; // a relist repeats what we hold: not a change
      }
      previous = this.parse(uid, slot);
      this.unindex(uid, previous);
      this.describe(slot, obj);
      this.texts.replace(slot, this.textOf(obj));
    } else {
      slot = this.texts.add(this.textOf(obj));
      this.slots.set(uid, slot);
      this.describe(slot, obj);
    }
    this.index(uid, slot, obj);
    this.emit({ previous, next: obj });
  }

  /**
   * Whether the store holds `uid` at `resourceVersion`: a relist repeats
   * what is held, and an upsert of it would change nothing.
   */
  holdsVersion(uid: string, resourceVersion: string | undefined): boolean {
    const slot = this.slots.get(uid);
    const held = slot === undefined ? undefined : this.versionOf.get(slot);
    return held !== undefined && held === resourceVersion;
  }

  delete(uid: string): KubeObject | undefined {
    const slot = this.slots.get(uid);
    if (slot === undefined) return undefined;
    const previous = this.parse(uid, slot);
    this.unindex(uid, previous);
    this.slots.delete(uid);
    this.texts.release(slot);
    this.describe(slot, {}); // the slot holds nothing of it any more
    this.emit({ previous });
    return previous;
  }

  /** An object's namespace, read without parsing it. */
  namespaceOfUid(uid: string): string | undefined {
    const slot = this.slots.get(uid);
    return slot === undefined ? undefined : this.namespaceOf.get(slot);
  }

  /** An object's labels (shared, frozen), read without parsing it. */
  labelsOfUid(uid: string): Readonly<Record<string, string>> | undefined {
    const slot = this.slots.get(uid);
    return slot === undefined ? undefined : this.labelsOf.get(slot);
  }

  /** A pod's `spec.containers` (shared, frozen), read without parsing it. */
  containersOfUid(uid: string): Readonly<unknown[]> | undefined {
    const slot = this.slots.get(uid);
    return slot === undefined ? undefined : this.containersOf.get(slot);
  }

  /** An object's kind, namespace and name, read without parsing it. */
  nameOfUid(
    uid: string,
  ): { kind: string; namespace?: string; name?: string } | undefined {
    const slot = this.slots.get(uid);
    if (slot === undefined) return undefined;
    return {
      kind: this.kindOf.get(slot) ?? '',
      namespace: this.namespaceOf.get(slot),
      name: this.nameOf.get(slot),
    };
  }

  indexLabelKey(key: string) {
    if (this.indexedLabelKeys.has(key)) return;
    this.indexedLabelKeys.add(key);
    for (const [uid, slot] of this.slots) {
      const value = this.labelsOf.get(slot)?.[key];
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
    for (const [uid, slot] of this.slots)
      if (this.kindOf.get(slot) === kind) uids.push(uid);
    return uids;
  }

  /**
   * uids of one kind, found as they are read: a relist's sweep of a large
   * store runs slice by slice (the scan of 120k objects alone holds the
   * event loop ~10-15 ms). The store may change between reads.
   */
  *uidsOfKindLazily(kind: string): Generator<string> {
    for (const [uid, slot] of this.slots) {
      if (this.kindOf.get(slot) === kind) yield uid;
    }
  }

  findNode(name: string): KubeObject | undefined {
    const uid = this.nodesByName.get(name);
    return uid === undefined ? undefined : this.get(uid);
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
    const owner = this.slots.get(ownerUid);
    if (!dependents || owner === undefined) return [];
    const namespace = this.namespaceOf.get(owner);
    const children: string[] = [];
    for (const [uid, dependentNamespace] of dependents) {
      if (namespace === undefined || dependentNamespace === namespace) {
        children.push(uid);
      }
    }
    return children;
  }

  allUids(): IterableIterator<string> {
    return this.slots.keys();
  }

  countsByKind(): Record<string, number> {
    return Object.fromEntries(
      [...this.kindCounts].filter(([, n]) => n > 0).sort(),
    );
  }

  /** The object back from its text and what was held of it apart. */
  private parse(uid: string, slot: number): KubeObject {
    const obj = JSON.parse(this.texts.read(slot));
    const meta = obj.metadata;
    if (isRecord(meta)) {
      meta.uid = uid;
      const name = this.nameOf.get(slot);
      const namespace = this.namespaceOf.get(slot);
      const version = this.versionOf.get(slot);
      const labels = this.labelsOf.get(slot);
      const owners = this.ownersOf.get(slot);
      if (name !== undefined) meta.name = name;
      if (namespace !== undefined) meta.namespace = namespace;
      if (version !== undefined) meta.resourceVersion = version;
      if (labels) meta.labels = labels;
      if (owners) meta.ownerReferences = owners;
    }
    const containers = this.containersOf.get(slot);
    if (obj.spec && containers) obj.spec.containers = containers;
    return obj;
  }

  /**
   * What is kept of an object on the heap: identity, and the shared parts
   * (one frozen copy for all the objects that repeat them). Only values of
   * the expected type are held apart; anything else stays in the text.
   */
  private describe(slot: number, obj: KubeObject) {
    const meta = obj.metadata;
    const held = heldFieldsOf(obj);
    this.kindOf.set(slot, this.names.intern(obj.kind ?? ''));
    this.namespaceOf.set(
      slot,
      heldApart(meta, 'namespace', held.metadata)
        ? this.names.intern(meta!.namespace!)
        : undefined,
    );
    this.nameOf.set(
      slot,
      heldApart(meta, 'name', held.metadata) ? meta!.name : undefined,
    );
    this.versionOf.set(
      slot,
      heldApart(meta, 'resourceVersion', held.metadata)
        ? meta!.resourceVersion
        : undefined,
    );
    this.labelsOf.set(
      slot,
      heldApart(meta, 'labels', held.metadata)
        ? this.labelSets.share(meta!.labels!)
        : undefined,
    );
    this.ownersOf.set(
      slot,
      heldApart(meta, 'ownerReferences', held.metadata)
        ? this.ownerLists.share(meta!.ownerReferences!)
        : undefined,
    );
    this.containersOf.set(
      slot,
      heldApart(obj.spec, 'containers', held.spec)
        ? this.containerLists.share(obj.spec.containers)
        : undefined,
    );
  }

  /** The object's text, without what {@link ObjectStore.describe} holds. */
  private textOf(obj: KubeObject): string {
    const held = heldFieldsOf(obj);
    const rest: KubeObject = { ...obj };
    if (isRecord(obj.metadata))
      rest.metadata = withoutHeld(obj.metadata, held.metadata);
    if (isRecord(obj.spec)) rest.spec = withoutHeld(obj.spec, held.spec);
    return JSON.stringify(rest);
  }

  private emit(change: ObjectChange) {
    for (const l of this.listeners) l(change);
  }

  private index(uid: string, slot: number, obj: KubeObject) {
    const kind = obj.kind ?? '';
    this.kindCounts.set(kind, (this.kindCounts.get(kind) ?? 0) + 1);
    const labels = obj.metadata?.labels;
    if (isRecord(labels)) {
      for (const key of this.indexedLabelKeys) {
        const value = labels[key];
        if (value !== undefined)
          addToIndex(this.byLabel, `${key}=${value}`, uid);
      }
    }
    for (const o of ownerReferencesOf(obj)) {
      if (typeof o?.uid !== 'string' || !o.uid) continue;
      let dependents = this.byOwner.get(o.uid);
      if (!dependents) {
        dependents = new Map();
        this.byOwner.set(o.uid, dependents);
      }
      dependents.set(uid, this.namespaceOf.get(slot));
    }
    if (kind === 'Node' && obj.metadata?.name) {
      this.nodesByName.set(obj.metadata.name, uid);
    }
  }

  private unindex(uid: string, obj: KubeObject) {
    const kind = obj.kind ?? '';
    this.kindCounts.set(kind, (this.kindCounts.get(kind) ?? 1) - 1);
    const labels = obj.metadata?.labels;
    if (isRecord(labels)) {
      for (const key of this.indexedLabelKeys) {
        const value = labels[key];
        if (value !== undefined)
          removeFromIndex(this.byLabel, `${key}=${value}`, uid);
      }
    }
    for (const o of ownerReferencesOf(obj)) {
      const dependents =
        typeof o?.uid === 'string' ? this.byOwner.get(o.uid) : undefined;
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

function ownerReferencesOf(obj: KubeObject): readonly KubeOwnerReference[] {
  const owners = obj.metadata?.ownerReferences;
  return Array.isArray(owners) ? owners : [];
}

function isRecord(value: unknown): value is Record<string, any> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

type HeldType = 'string' | 'record' | 'array';

/**
 * The fields of metadata and of spec kept on the heap, apart from an
 * object's text, with the type each must have to be held apart: what the
 * indexes read, for every kind (the uid is the store's key), and for pods
 * the parts that the pods of one ReplicaSet repeat. The owners and
 * containers of other kinds are theirs alone: held apart, they would
 * cost more heap than their text.
 */
const HELD_FIELDS: HeldFields = {
  metadata: {
    uid: 'string',
    name: 'string',
    namespace: 'string',
    resourceVersion: 'string',
    labels: 'record',
  },
  spec: {},
};
const HELD_FIELDS_OF_PODS: HeldFields = {
  metadata: { ...HELD_FIELDS.metadata, ownerReferences: 'array' },
  spec: { containers: 'array' },
};

interface HeldFields {
  metadata: Record<string, HeldType>;
  spec: Record<string, HeldType>;
}

function heldFieldsOf(obj: KubeObject): HeldFields {
  return obj.kind === 'Pod' ? HELD_FIELDS_OF_PODS : HELD_FIELDS;
}

function heldApart(
  parent: unknown,
  key: string,
  held: Record<string, HeldType>,
): boolean {
  if (!isRecord(parent) || !Object.prototype.hasOwnProperty.call(held, key))
    return false;
  const value = parent[key];
  switch (held[key]) {
    case 'string':
      return typeof value === 'string';
    case 'record':
      return isRecord(value);
    default:
      return Array.isArray(value);
  }
}

function withoutHeld(
  parent: Record<string, any>,
  held: Record<string, HeldType>,
): Record<string, any> {
  const rest: Record<string, any> = {};
  for (const key in parent) {
    if (!Object.prototype.hasOwnProperty.call(parent, key)) continue;
    if (!heldApart(parent, key, held)) rest[key] = parent[key];
  }
  return rest;
}
