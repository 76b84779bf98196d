/*
 * The ownership graph of a flat list of objects: who controls whom, by
 * ownerReferences (controller first), by uid when both sides have one, else
 * by kind and name in the namespace. As for the garbage collector, a
 * namespaced owner is only ever in its dependent's namespace (an owner
 * reference carries no namespace): a uid naming an object elsewhere joins
 * nothing. Cycles are tolerated.
 */
import { asRecord, readPath, readTime } from './fields';
import { BASE_KINDS, KindRegistry } from './registry';
import { controllerRefOf, identityOf } from './related';
import type { KubeObject } from './types';

/** When an object started (status.startTime), else when it was created; 0 when unknown. */
export const startTimeOf = (o: KubeObject): number =>
  readTime(readPath(o, 'status', 'startTime')) ??
  readTime(readPath(o, 'metadata', 'creationTimestamp')) ??
  0;

/** A cluster-scoped owner owns anywhere; a namespaced one in its namespace only. */
function canOwn(owner: KubeObject, dependentNamespace: string): boolean {
  const ns = identityOf(owner).namespace;
  return ns === undefined || ns === dependentNamespace;
}

export class ObjectGraph {
  readonly objects: KubeObject[];
  private readonly byKey = new Map<string, KubeObject>();
  private readonly children = new Map<KubeObject, KubeObject[]>();
  private readonly owner = new Map<KubeObject, KubeObject>();

  constructor(
    input: readonly unknown[],
    private readonly kinds: KindRegistry = BASE_KINDS,
  ) {
    this.objects = (Array.isArray(input) ? input : []).filter(
      (o): o is KubeObject =>
        asRecord(o) !== undefined && typeof (o as KubeObject).kind === 'string',
    );
    for (const o of this.objects) {
      const id = identityOf(o);
      if (id.uid) this.byKey.set(`uid:${id.uid}`, o);
      this.byKey.set(`name:${id.kind}/${id.namespace ?? ''}/${id.name}`, o);
    }
    for (const o of this.objects) {
      const ref = controllerRefOf(o);
      if (!ref) continue;
      const ns = identityOf(o).namespace ?? '';
      const byUid = ref.uid ? this.byKey.get(`uid:${ref.uid}`) : undefined;
      const parent =
        (byUid && canOwn(byUid, ns) ? byUid : undefined) ??
        this.byKey.get(`name:${ref.kind}/${ns}/${ref.name}`);
      if (!parent || parent === o) continue;
      this.owner.set(o, parent);
      const list = this.children.get(parent) ?? [];
      list.push(o);
      this.children.set(parent, list);
    }
  }

  ownerOf(o: KubeObject): KubeObject | undefined {
    return this.owner.get(o);
  }

  descendants(o: KubeObject): KubeObject[] {
    const out: KubeObject[] = [];
    const seen = new Set<KubeObject>([o]);
    const stack = [...(this.children.get(o) ?? [])];
    while (stack.length) {
      const c = stack.pop()!;
      if (seen.has(c)) continue;
      seen.add(c);
      out.push(c);
      stack.push(...(this.children.get(c) ?? []));
    }
    return out;
  }

  /** True when o, or one of its owners, is a build run. */
  underBuild(o: KubeObject): boolean {
    const seen = new Set<KubeObject>();
    for (
      let cur = this.owner.get(o);
      cur && !seen.has(cur);
      cur = this.owner.get(cur)
    ) {
      seen.add(cur);
      if (this.kinds.isBuildObject(cur)) return true;
    }
    return false;
  }
}
