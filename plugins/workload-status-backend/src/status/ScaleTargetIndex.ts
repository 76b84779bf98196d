import type {
  KindRegistry,
  KubeObject,
} from '@workload-status/backstage-plugin-workload-status-common';

/** The workload an HPA's scaleTargetRef names: `namespace/Kind/name`. */
function targetKeyOf(hpa: KubeObject): string | undefined {
  const ref = hpa.spec?.scaleTargetRef;
  const kind = typeof ref?.kind === 'string' ? ref.kind : undefined;
  const name = typeof ref?.name === 'string' ? ref.name : undefined;
  if (!kind || !name) return undefined;
  return `${hpa.metadata?.namespace ?? ''}/${kind}/${name}`;
}

function keyOf(obj: KubeObject): string {
  return `${obj.metadata?.namespace ?? ''}/${obj.kind}/${obj.metadata?.name}`;
}

/**
 * One cluster's autoscalers by the workload they scale. An autoscaler
 * belongs to the workload its `scaleTargetRef` names, not to whatever its
 * labels select: an entity's status includes the HPAs of its workloads,
 * and an HPA change recomputes the entities of its target. Kept current
 * from the cluster's object changes, so both questions are lookups.
 */
export class ScaleTargetIndex {
  /** target key -> autoscalers naming it */
  private readonly autoscalers = new Map<string, Map<string, KubeObject>>();
  /** key -> workload object (the kinds an HPA can target) */
  private readonly workloads = new Map<string, KubeObject>();

  constructor(private readonly kinds: KindRegistry) {}

  apply(previous: KubeObject | undefined, next: KubeObject | undefined) {
    if (previous) this.remove(previous);
    if (next) this.add(next);
  }

  /** The autoscalers whose scaleTargetRef names `obj`. */
  autoscalersOf(obj: KubeObject): KubeObject[] {
    const found = this.autoscalers.get(keyOf(obj));
    return found ? [...found.values()] : [];
  }

  /** The workload an autoscaler scales, when it is in the cluster. */
  targetOf(hpa: KubeObject): KubeObject | undefined {
    if (this.family(hpa) !== 'autoscaler') return undefined;
    const key = targetKeyOf(hpa);
    return key ? this.workloads.get(key) : undefined;
  }

  private family(obj: KubeObject) {
    return this.kinds.lookup(obj)?.family;
  }

  private add(obj: KubeObject) {
    const family = this.family(obj);
    if (family === 'workload') this.workloads.set(keyOf(obj), obj);
    if (family !== 'autoscaler') return;
    const key = targetKeyOf(obj);
    const uid = obj.metadata?.uid;
    if (!key || !uid) return;
    let byUid = this.autoscalers.get(key);
    if (!byUid) {
      byUid = new Map();
      this.autoscalers.set(key, byUid);
    }
    byUid.set(uid, obj);
  }

  private remove(obj: KubeObject) {
    const family = this.family(obj);
    if (family === 'workload') {
      const key = keyOf(obj);
      if (this.workloads.get(key)?.metadata?.uid === obj.metadata?.uid)
        this.workloads.delete(key);
    }
    if (family !== 'autoscaler') return;
    const key = targetKeyOf(obj);
    const uid = obj.metadata?.uid;
    if (!key || !uid) return;
    const byUid = this.autoscalers.get(key);
    byUid?.delete(uid);
    if (byUid && !byUid.size) this.autoscalers.delete(key);
  }
}
