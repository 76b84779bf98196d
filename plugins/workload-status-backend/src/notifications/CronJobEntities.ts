import type { EntityStatus } from '@workload-status/backstage-plugin-workload-status-common';

/**
 * Which entities each CronJob counts in, from the entities' latest
 * statuses: a failed run names its CronJob, its notification goes to the
 * CronJob's entities.
 */
export class CronJobEntities {
  /** `cluster/namespace/name` of a CronJob -> the entities it counts in */
  private readonly entities = new Map<string, Set<string>>();
  private readonly cronJobs = new Map<string, string[]>();

  statusChanged(status: EntityStatus) {
    this.set(
      status.entityRef,
      status.workloads
        .filter(w => w.kind === 'CronJob')
        .map(w => key(w.cluster ?? '', w.namespace ?? '', w.name)),
    );
  }

  entityRemoved(entityRef: string) {
    this.set(entityRef, []);
  }

  of(cluster: string, namespace: string, name: string): Iterable<string> {
    return this.entities.get(key(cluster, namespace, name)) ?? [];
  }

  private set(entityRef: string, keys: string[]) {
    for (const k of this.cronJobs.get(entityRef) ?? []) {
      const refs = this.entities.get(k);
      refs?.delete(entityRef);
      if (refs?.size === 0) this.entities.delete(k);
    }
    for (const k of keys) {
      let refs = this.entities.get(k);
      if (!refs) {
        refs = new Set();
        this.entities.set(k, refs);
      }
      refs.add(entityRef);
    }
    if (keys.length) this.cronJobs.set(entityRef, keys);
    else this.cronJobs.delete(entityRef);
  }
}

function key(cluster: string, namespace: string, name: string) {
  return `${cluster}/${namespace}/${name}`;
}
