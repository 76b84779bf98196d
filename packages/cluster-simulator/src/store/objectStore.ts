/**
 * The object store of one simulated cluster: what etcd plus the apiserver's
 * watch cache are to a real one.
 *
 * - One global, monotonically increasing resourceVersion per cluster.
 * - Objects kept per collection, with a lazily sorted key index so that a
 *   paginated LIST of 100k pods is a binary search plus a slice, in etcd key
 *   order (namespace/name), as kube-apiserver returns them.
 * - A retained window of change events (like the watch cache's ring buffer):
 *   a watch from a resourceVersion inside the window replays what followed;
 *   older versions are answered with 410 Gone (Expired).
 * - Fan-out to watchers, each event serialised once per served type.
 *
 * Stored objects are never mutated in place: writers pass a new object.
 */
import { KubeObject } from '../types';
import { kubeTime } from '../clock';
import { Random } from '../random';
import { applyDefaults } from './defaults';
import { ResourceType, resourceTypeForObject, storageKey } from './resources';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface ChangeEvent {
  rv: number;
  type: WatchEventType;
  storage: string;
  object: KubeObject;
  /** The object before a MODIFIED change (to decide selector transitions). */
  previous?: KubeObject;
  /** Serialised `{type, object}` lines per served type, filled on first use. */
  lines?: Map<ResourceType, string>;
}

export interface StoreWatcher {
  storage: string;
  /** Called for every change of the collection, in resourceVersion order. */
  onChange(event: ChangeEvent): void;
}

interface Collection {
  objects: Map<string, KubeObject>;
  sortedKeys: string[] | null;
}

/** Kinds whose spec changes bump metadata.generation (the apiserver's strategies do this for these). */
const NO_GENERATION = new Set(['Pod', 'Event', 'Namespace', 'Node', 'Service']);

export class StoreError extends Error {
  constructor(
    readonly code: 'AlreadyExists' | 'NotFound' | 'Conflict' | 'Invalid',
    message: string,
  ) {
    super(message);
  }
}

export function objectKey(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

export interface ObjectStoreOptions {
  clock: { nowMs(): number };
  random: Random;
  /** How many change events the watch window retains (default 20,000). */
  windowSize?: number;
}

export class ObjectStore {
  private readonly collections = new Map<string, Collection>();
  private readonly watchers = new Map<string, Set<StoreWatcher>>();
  private log: ChangeEvent[] = [];
  private logStart = 0;
  private rv = 1000;
  /** Watches from a resourceVersion >= this can be served from the window. */
  private windowStartRv = 1000;
  private readonly windowSize: number;
  private readonly clock: { nowMs(): number };
  private readonly random: Random;

  constructor(options: ObjectStoreOptions) {
    this.clock = options.clock;
    this.random = options.random;
    this.windowSize = options.windowSize ?? 20_000;
  }

  get resourceVersion(): number {
    return this.rv;
  }

  /** The oldest resourceVersion a watch may start from. */
  get oldestWatchableVersion(): number {
    return this.windowStartRv;
  }

  private collection(storage: string): Collection {
    let c = this.collections.get(storage);
    if (!c) {
      c = { objects: new Map(), sortedKeys: null };
      this.collections.set(storage, c);
    }
    return c;
  }

  private storageOf(obj: KubeObject): string {
    const type = resourceTypeForObject(obj.apiVersion, obj.kind);
    if (!type)
      throw new StoreError(
        'Invalid',
        `no resource type for ${obj.apiVersion} ${obj.kind}`,
      );
    return storageKey(type);
  }

  get(
    storage: string,
    namespace: string | undefined,
    name: string,
  ): KubeObject | undefined {
    return this.collections
      .get(storage)
      ?.objects.get(objectKey(namespace, name));
  }

  /** Every object of a collection (optionally one namespace) in key order. */
  list(storage: string, namespace?: string): KubeObject[] {
    const c = this.collections.get(storage);
    if (!c) return [];
    const keys = this.sortedKeys(c);
    const out: KubeObject[] = [];
    let i = namespace ? lowerBound(keys, `${namespace}/`) : 0;
    for (; i < keys.length; i++) {
      if (namespace && !keys[i].startsWith(`${namespace}/`)) break;
      out.push(c.objects.get(keys[i])!);
    }
    return out;
  }

  /**
   * Iterates a collection in key order starting after `afterKey`, for
   * paginated LISTs; stops when `visit` returns false.
   */
  scan(
    storage: string,
    namespace: string | undefined,
    afterKey: string | undefined,
    visit: (key: string, obj: KubeObject) => boolean,
  ) {
    const c = this.collections.get(storage);
    if (!c) return;
    const keys = this.sortedKeys(c);
    const prefix = namespace ? `${namespace}/` : '';
    let i =
      afterKey !== undefined
        ? upperBound(keys, afterKey)
        : lowerBound(keys, prefix);
    for (; i < keys.length; i++) {
      if (prefix && !keys[i].startsWith(prefix)) break;
      if (!visit(keys[i], c.objects.get(keys[i])!)) return;
    }
  }

  /** How many keys of the collection sort after `key` (remainingItemCount). */
  countAfter(storage: string, key: string): number {
    const c = this.collections.get(storage);
    if (!c) return 0;
    const keys = this.sortedKeys(c);
    return keys.length - upperBound(keys, key);
  }

  count(storage: string): number {
    return this.collections.get(storage)?.objects.size ?? 0;
  }

  storages(): string[] {
    return [...this.collections.keys()];
  }

  private sortedKeys(c: Collection): string[] {
    if (!c.sortedKeys) c.sortedKeys = [...c.objects.keys()].sort();
    return c.sortedKeys;
  }

  /** Creates an object, filling what the apiserver fills (uid, timestamps, generated name). */
  create(
    raw: KubeObject,
    options: { keepTimestamps?: boolean } = {},
  ): KubeObject {
    const input = applyDefaults(raw);
    const storage = this.storageOf(input);
    const c = this.collection(storage);
    const metadata = { ...input.metadata };
    if (!metadata.name && metadata.generateName) {
      metadata.name = metadata.generateName + this.random.suffix(5);
    }
    if (!metadata.name)
      throw new StoreError(
        'Invalid',
        `${input.kind}.${input.apiVersion} is invalid: metadata.name: Required value: name or generateName is required`,
      );
    const key = objectKey(metadata.namespace, metadata.name);
    if (c.objects.has(key)) {
      const type = resourceTypeForObject(input.apiVersion, input.kind)!;
      throw new StoreError(
        'AlreadyExists',
        `${type.resource}${type.group ? `.${type.group}` : ''} "${
          metadata.name
        }" already exists`,
      );
    }
    metadata.uid = metadata.uid ?? this.random.uuid();
    if (!options.keepTimestamps || !metadata.creationTimestamp)
      metadata.creationTimestamp = kubeTime(this.clock.nowMs());
    // Only the core kinds of these names: a Knative Service has a generation.
    const core = input.apiVersion === 'v1';
    if (!(core && NO_GENERATION.has(input.kind)) && input.spec !== undefined)
      metadata.generation = 1;
    delete metadata.deletionTimestamp;
    const obj: KubeObject = {
      apiVersion: input.apiVersion,
      kind: input.kind,
      metadata,
      ...omit(input, ['apiVersion', 'kind', 'metadata']),
    };
    this.write(c, storage, key, 'ADDED', obj);
    return obj;
  }

  /**
   * Replaces an object. A spec change bumps generation; `resourceVersion` in
   * the input, when set, must match (optimistic concurrency, 409 otherwise).
   */
  update(raw: KubeObject): KubeObject {
    const next = applyDefaults(raw);
    const storage = this.storageOf(next);
    const c = this.collection(storage);
    const key = objectKey(next.metadata.namespace, next.metadata.name);
    const current = c.objects.get(key);
    if (!current) throw new StoreError('NotFound', notFoundMessage(next));
    if (
      next.metadata.resourceVersion &&
      next.metadata.resourceVersion !== current.metadata.resourceVersion
    ) {
      throw new StoreError(
        'Conflict',
        `Operation cannot be fulfilled on ${storage.split('/')[1]} "${
          next.metadata.name
        }": the object has been modified; please apply your changes to the latest version and try again`,
      );
    }
    const metadata = {
      ...next.metadata,
      uid: current.metadata.uid,
      creationTimestamp: current.metadata.creationTimestamp,
    };
    if (current.metadata.generation !== undefined) {
      metadata.generation = current.metadata.generation;
      if (JSON.stringify(current.spec) !== JSON.stringify(next.spec))
        metadata.generation++;
    }
    const obj = { ...next, metadata };
    const comparableCurrent = {
      ...current,
      metadata: { ...current.metadata, resourceVersion: undefined },
    };
    const comparableNext = {
      ...obj,
      metadata: { ...obj.metadata, resourceVersion: undefined },
    };
    if (JSON.stringify(comparableCurrent) === JSON.stringify(comparableNext))
      return current;
    this.write(c, storage, key, 'MODIFIED', obj, current);
    return obj;
  }

  /** Clones the stored object, lets `change` edit the clone and writes it if anything changed. */
  modify(
    storage: string,
    namespace: string | undefined,
    name: string,
    change: (draft: KubeObject) => void,
  ): KubeObject | undefined {
    const current = this.get(storage, namespace, name);
    if (!current) return undefined;
    const draft = structuredClone(current);
    change(draft);
    draft.metadata.resourceVersion = undefined;
    return this.update(draft);
  }

  /** Removes an object for good (after its deletion grace period). */
  remove(
    storage: string,
    namespace: string | undefined,
    name: string,
  ): KubeObject | undefined {
    const c = this.collections.get(storage);
    const key = objectKey(namespace, name);
    const current = c?.objects.get(key);
    if (!c || !current) return undefined;
    this.rv++;
    const obj = {
      ...current,
      metadata: { ...current.metadata, resourceVersion: String(this.rv) },
    };
    c.objects.delete(key);
    c.sortedKeys = null;
    this.record({ rv: this.rv, type: 'DELETED', storage, object: obj });
    return obj;
  }

  private write(
    c: Collection,
    storage: string,
    key: string,
    type: WatchEventType,
    obj: KubeObject,
    previous?: KubeObject,
  ) {
    this.rv++;
    obj.metadata.resourceVersion = String(this.rv);
    if (!c.objects.has(key)) c.sortedKeys = null;
    c.objects.set(key, obj);
    this.record({ rv: this.rv, type, storage, object: obj, previous });
  }

  private record(event: ChangeEvent) {
    this.log.push(event);
    if (this.log.length - this.logStart > this.windowSize) {
      this.windowStartRv = this.log[this.logStart].rv;
      this.log[this.logStart] = undefined as unknown as ChangeEvent;
      this.logStart++;
      if (this.logStart > 4096) {
        this.log = this.log.slice(this.logStart);
        this.logStart = 0;
      }
    }
    for (const w of this.watchers.get(event.storage) ?? []) w.onChange(event);
  }

  /** Change events with resourceVersion > `fromRv`, or undefined if `fromRv` is older than the window. */
  eventsSince(storage: string, fromRv: number): ChangeEvent[] | undefined {
    if (fromRv < this.windowStartRv) return undefined;
    const out: ChangeEvent[] = [];
    for (let i = this.logStart; i < this.log.length; i++) {
      const e = this.log[i];
      if (e.rv > fromRv && e.storage === storage) out.push(e);
    }
    return out;
  }

  addWatcher(w: StoreWatcher): () => void {
    let set = this.watchers.get(w.storage);
    if (!set) {
      set = new Set();
      this.watchers.set(w.storage, set);
    }
    set.add(w);
    return () => set!.delete(w);
  }

  /**
   * What an apiserver restart does to clients: the watch cache starts empty at
   * the current resourceVersion, so older versions are no longer watchable.
   */
  resetWindow() {
    this.log = [];
    this.logStart = 0;
    // The etcd revision moves on meanwhile (leases, other writers): every version a
    // client holds is now older than the window, and a relist gets a watchable one.
    this.rv++;
    this.windowStartRv = this.rv;
  }

  /** Forgets history up to now, so a watch from any earlier version gets 410 (fault injection). */
  expireWindow() {
    this.resetWindow();
  }
}

function omit(obj: Record<string, any>, keys: string[]): Record<string, any> {
  const out: Record<string, any> = {};
  for (const [k, v] of Object.entries(obj)) if (!keys.includes(k)) out[k] = v;
  return out;
}

export function notFoundMessage(obj: {
  kind: string;
  apiVersion: string;
  metadata: { name: string };
}): string {
  const type = resourceTypeForObject(obj.apiVersion, obj.kind);
  return `${type?.resource ?? obj.kind.toLowerCase()}${
    type?.group ? `.${type.group}` : ''
  } "${obj.metadata.name}" not found`;
}

function lowerBound(keys: string[], value: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function upperBound(keys: string[], value: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid] <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
