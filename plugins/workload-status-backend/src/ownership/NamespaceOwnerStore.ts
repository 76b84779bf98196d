import type { KubeObject } from '@workload-status/backstage-plugin-workload-status-common';
import type { ReflectorStore } from '../cache/Reflector';
import { toOwnerRef } from './ownerRef';

/** What a Namespace says of its owner. */
export type NamespaceOwnerLabel =
  | { owner: string; from: 'label' | 'annotation' }
  | { owner?: undefined; problem: string };

/**
 * What is kept of a Namespace: its name, uid, resourceVersion and the
 * value of the owner key, as a label and as an annotation (labels cannot
 * hold `:` or `/`, so an entity ref needs the annotation). Nothing else of
 * the object is stored.
 */
export function projectNamespace(ownerKey: string) {
  return (obj: KubeObject): KubeObject => {
    const label = obj.metadata?.labels?.[ownerKey];
    const annotation = obj.metadata?.annotations?.[ownerKey];
    return {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: obj.metadata?.name,
        uid: obj.metadata?.uid,
        resourceVersion: obj.metadata?.resourceVersion,
        ...(typeof label === 'string' ? { labels: { [ownerKey]: label } } : {}),
        ...(typeof annotation === 'string'
          ? { annotations: { [ownerKey]: annotation } }
          : {}),
      },
    };
  };
}

/** Reads the owner from a projection made by {@link projectNamespace}. */
export function readNamespaceOwner(
  ns: KubeObject,
  ownerKey: string,
): NamespaceOwnerLabel {
  const label = ns.metadata?.labels?.[ownerKey];
  const annotation = ns.metadata?.annotations?.[ownerKey];
  if (label === undefined && annotation === undefined) {
    return { problem: `has no ${ownerKey} label or annotation` };
  }
  const fromLabel = label === undefined ? undefined : toOwnerRef(label);
  const fromAnnotation =
    annotation === undefined ? undefined : toOwnerRef(annotation);
  if (
    (label !== undefined && !fromLabel) ||
    (annotation !== undefined && !fromAnnotation)
  ) {
    return {
      problem: `has a ${ownerKey} ${
        label !== undefined && !fromLabel ? 'label' : 'annotation'
      } that is not an entity ref`,
    };
  }
  // two different owners: neither is believed
  if (fromLabel && fromAnnotation && fromLabel !== fromAnnotation) {
    return {
      problem: `names two owners in its ${ownerKey} label and annotation`,
    };
  }
  return fromLabel
    ? { owner: fromLabel, from: 'label' }
    : { owner: fromAnnotation!, from: 'annotation' };
}

/**
 * The Namespaces of one cluster and what each says of its owner, kept by
 * a Reflector (it writes here as into an ObjectStore). Tells its listener
 * the names whose owner changed.
 */
export class NamespaceOwnerStore implements ReflectorStore {
  private readonly byUid = new Map<
    string,
    { name: string; resourceVersion?: string; owner: NamespaceOwnerLabel }
  >();
  private readonly byName = new Map<string, string>();

  constructor(
    private readonly ownerKey: string,
    private readonly onOwnerChange: (namespace: string) => void,
  ) {}

  get size() {
    return this.byUid.size;
  }

  /** What the namespace says of its owner; undefined when there is no such namespace. */
  get(namespace: string): NamespaceOwnerLabel | undefined {
    const uid = this.byName.get(namespace);
    return uid === undefined ? undefined : this.byUid.get(uid)?.owner;
  }

  upsert(obj: KubeObject): void {
    const uid = obj.metadata?.uid;
    const name = obj.metadata?.name;
    if (!uid || typeof name !== 'string') return;
    const previous = this.byUid.get(uid);
    const resourceVersion = obj.metadata?.resourceVersion;
    if (
      previous &&
      resourceVersion &&
      previous.resourceVersion === resourceVersion
    ) {
      return;
    }
    const owner = readNamespaceOwner(obj, this.ownerKey);
    this.byUid.set(uid, { name, resourceVersion, owner });
    this.byName.set(name, uid);
    if (!previous || describe(previous.owner) !== describe(owner)) {
      this.onOwnerChange(name);
    }
  }

  delete(uid: string): KubeObject | undefined {
    const previous = this.byUid.get(uid);
    if (!previous) return undefined;
    this.byUid.delete(uid);
    if (this.byName.get(previous.name) === uid)
      this.byName.delete(previous.name);
    this.onOwnerChange(previous.name);
    return { kind: 'Namespace', metadata: { name: previous.name, uid } };
  }

  uidsOfKind(_kind: string): string[] {
    return [...this.byUid.keys()];
  }
}

function describe(owner: NamespaceOwnerLabel) {
  return owner.owner ?? `!${owner.problem}`;
}
