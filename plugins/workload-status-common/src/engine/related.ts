/*
 * The objects a rule may look at besides the one it judges: its owned objects
 * (ReplicaSets and Pods of a Deployment, Jobs of a CronJob), and Nodes (for
 * NodeLost). Ownership follows `metadata.ownerReferences`, by uid when both
 * sides have one, else by kind and name in the same namespace.
 */
import { asRecordList, readPath, readString } from './fields';
import type { KubeObject } from './types';

/** The identity fields of an object, read defensively. */
export interface ObjectIdentity {
  kind: string;
  name: string;
  namespace?: string;
  uid?: string;
}

export function identityOf(obj: KubeObject): ObjectIdentity {
  return {
    kind: readString(obj?.kind) ?? '',
    name: readString(readPath(obj, 'metadata', 'name')) ?? '',
    namespace: readString(readPath(obj, 'metadata', 'namespace')),
    uid: readString(readPath(obj, 'metadata', 'uid')),
  };
}

/** The owner reference with `controller: true`, else the first one. */
export function controllerRefOf(
  obj: KubeObject,
): { kind: string; name: string; uid?: string } | undefined {
  const refs = asRecordList(readPath(obj, 'metadata', 'ownerReferences'));
  const ref = refs.find(r => r.controller === true) ?? refs[0];
  if (!ref) return undefined;
  const kind = readString(ref.kind);
  const name = readString(ref.name);
  if (!kind || !name) return undefined;
  return { kind, name, uid: readString(ref.uid) };
}

/**
 * True when `child`'s controller reference points at `owner`. An owner
 * reference names an object of the child's namespace (or a cluster-scoped
 * one), as the garbage collector reads it: a matching uid in another
 * namespace is not the owner.
 */
export function isOwnedBy(child: KubeObject, owner: KubeObject): boolean {
  const ref = controllerRefOf(child);
  if (!ref) return false;
  const o = identityOf(owner);
  const c = identityOf(child);
  if (o.namespace !== undefined && o.namespace !== c.namespace) return false;
  if (ref.uid && o.uid) return ref.uid === o.uid;
  return (
    ref.kind === o.kind && ref.name === o.name && c.namespace === o.namespace
  );
}

/** A read-only view over related objects. */
export class RelatedObjects {
  static readonly empty = new RelatedObjects([]);

  private readonly objects: KubeObject[];

  constructor(objects: readonly unknown[]) {
    this.objects = [];
    for (const o of Array.isArray(objects) ? objects : []) {
      if (o !== null && typeof o === 'object' && !Array.isArray(o)) {
        this.objects.push(o as KubeObject);
      }
    }
  }

  /** Objects of that kind directly controlled by `owner`. */
  ownedBy(owner: KubeObject, kind?: string): KubeObject[] {
    return this.objects.filter(
      o => (kind === undefined || o.kind === kind) && isOwnedBy(o, owner),
    );
  }

  /** Pods controlled by `owner` directly or through one of its ReplicaSets/Jobs. */
  podsUnder(owner: KubeObject): KubeObject[] {
    const direct = this.ownedBy(owner, 'Pod');
    const middle = this.objects.filter(
      o => (o.kind === 'ReplicaSet' || o.kind === 'Job') && isOwnedBy(o, owner),
    );
    const viaMiddle = middle.flatMap(m => this.ownedBy(m, 'Pod'));
    return [...direct, ...viaMiddle];
  }

  /** A Node by name. */
  node(name: string | undefined): KubeObject | undefined {
    if (!name) return undefined;
    return this.objects.find(
      o => o.kind === 'Node' && readPath(o, 'metadata', 'name') === name,
    );
  }

  all(): readonly KubeObject[] {
    return this.objects;
  }
}
