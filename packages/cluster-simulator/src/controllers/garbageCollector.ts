/**
 * Deletion: what the garbage collector and the apiserver's graceful deletion
 * do together. An object with deletionTimestamp first has its dependents
 * (objects whose ownerReferences name it) marked for deletion; once none is
 * left and its grace period has passed, it is removed. Pods are removed by
 * the kubelet (pod controller) instead. Orphans whose owner is gone are
 * collected too.
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
    const uids = new Set(all.map(([, o]) => o.metadata.uid));
    const dependents = new Map<string, Array<[string, KubeObject]>>();
    for (const entry of all) {
      for (const ref of entry[1].metadata.ownerReferences ?? []) {
        const list = dependents.get(ref.uid) ?? [];
        list.push(entry);
        dependents.set(ref.uid, list);
      }
    }
    for (const [storage, obj] of all) {
      const refs = obj.metadata.ownerReferences ?? [];
      if (
        refs.length &&
        refs.every(r => !uids.has(r.uid)) &&
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
