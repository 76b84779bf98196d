import type {
  KubeObject,
  ObjectRef,
} from '@workload-status/backstage-plugin-workload-status-common';
import type { NamedObject } from './OperatorLogParser';

// when a line names only namespace/name, the object it most likely means
const KIND_PREFERENCE = [
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'CronJob',
  'Job',
  'PipelineRun',
  'TaskRun',
  'BuildRun',
  'HorizontalPodAutoscaler',
  'ReplicaSet',
  'Pod',
];

/**
 * The namespace/name of every object of an entity's tree in one cluster,
 * to tell which log lines are about the entity.
 */
export class EntityObjectNames {
  private readonly kinds = new Map<string, string[]>();

  constructor(private readonly cluster: string, objects: Iterable<KubeObject>) {
    for (const obj of objects) {
      const ns = obj.metadata?.namespace;
      const name = obj.metadata?.name;
      if (!ns || !name || !obj.kind) continue;
      const key = `${ns}/${name}`;
      const list = this.kinds.get(key) ?? [];
      list.push(obj.kind);
      this.kinds.set(key, list);
    }
  }

  get size() {
    return this.kinds.size;
  }

  /** The first of `named` that is an object of the entity, as an ObjectRef. */
  match(named: readonly NamedObject[]): ObjectRef | undefined {
    for (const n of named) {
      const kinds = this.kinds.get(`${n.namespace}/${n.name}`);
      if (!kinds) continue;
      const kind = n.kind
        ? kinds.find(k => k.toLowerCase() === n.kind!.toLowerCase())
        : [...kinds].sort((a, b) => preference(a) - preference(b))[0];
      if (kind) {
        return {
          kind,
          namespace: n.namespace,
          name: n.name,
          cluster: this.cluster,
        };
      }
    }
    return undefined;
  }
}

function preference(kind: string) {
  const i = KIND_PREFERENCE.indexOf(kind);
  return i < 0 ? KIND_PREFERENCE.length : i;
}
