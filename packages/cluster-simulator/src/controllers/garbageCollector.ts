/**
 * Deletion: what the garbage collector and the apiserver's graceful deletion
 * do together. An object with deletionTimestamp first has its dependents
 * (objects whose ownerReferences name it) marked for deletion; once none is
 * left and its grace period has passed, it is removed. Pods are removed by
 * the kubelet (pod controller) instead. Orphans whose owner is gone are
 * collected too.
 *
 * As in Kubernetes, an owner counts only where it may own: a namespaced
 * dependent's owner is in its namespace or cluster-scoped, a cluster-scoped
 * dependent's owner is cluster-scoped. A reference across namespaces is
 * treated as absent (the dependent is collected, the foreign "owner"'s
 * deletion does not cascade into another namespace).
 */
import { KubeObject } from '../types';
import { Controller, ControllerContext } from './context';
import { markDeleted } from './replicaset';

export class GarbageCollector implements Controller {
  readonly name = 'garbage-collector';

  reconcile(ctx: ControllerContext) {
    const all: Array<[string, KubeObject]> = [];
    for (const storage of ctx.store.storages()) {
      if (storage === '/events') continue;
      for (const obj of ctx.store.list(storage)) all.push([storage, obj]);
    }
    // uid -> the owner's namespace ('' when cluster-scoped)
    const namespaceOf = new Map<string, string>();
    for (const [, o] of all) {
      namespaceOf.set(o.metadata.uid!, o.metadata.namespace ?? '');
    }
    const owns = (ownerUid: string, dependent: KubeObject) => {
      const ownerNamespace = namespaceOf.get(ownerUid);
      if (ownerNamespace === undefined) return false;
      return (
        ownerNamespace === '' ||
        ownerNamespace === (dependent.metadata.namespace ?? '')
      );
    };
    const dependents = new Map<string, Array<[string, KubeObject]>>();
    for (const entry of all) {
      for (const ref of entry[1].metadata.ownerReferences ?? []) {
        if (!owns(ref.uid, entry[1])) continue;
        const list = dependents.get(ref.uid) ?? [];
        list.push(entry);
        dependents.set(ref.uid, list);
      }
    }
    for (const [storage, obj] of all) {
      const refs = obj.metadata.ownerReferences ?? [];
      if (
        refs.length &&
        refs.every(r => !owns(r.uid, obj)) &&
        !obj.metadata.deletionTimestamp
      ) {
        markDeleted(ctx, storage, obj);
        continue;
      }
      if (!obj.metadata.deletionTimestamp || obj.kind === 'Pod') continue;
      const deps = dependents.get(obj.metadata.uid!) ?? [];
      for (const [depStorage, dep] of deps)
        if (!dep.metadata.deletionTimestamp) markDeleted(ctx, depStorage, dep);
      if (
        deps.length === 0 &&
        Date.parse(obj.metadata.deletionTimestamp) <= ctx.now &&
        !(obj.metadata.finalizers ?? []).some(f => f !== 'foregroundDeletion')
      ) {
        ctx.store.remove(storage, obj.metadata.namespace, obj.metadata.name);
      }
    }
  }
}
