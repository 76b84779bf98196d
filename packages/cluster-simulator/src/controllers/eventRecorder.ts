/**
 * Records core/v1 Events the way client-go's EventRecorder does: one Event
 * object per (object, reason, message) with `count` and `lastTimestamp`
 * bumped on repeats, named `<object>.<hex>`, kept for an hour (the
 * apiserver's default event TTL).
 */
import { kubeTime } from '../clock';
import { KubeObject } from '../types';
import { ObjectStore } from '../store/objectStore';
import { Random } from '../random';

const EVENT_TTL_MS = 60 * 60 * 1000;

export interface EventSource {
  component: string;
  host?: string;
}

export class EventRecorder {
  private readonly byKey = new Map<string, string>();

  constructor(
    private readonly store: ObjectStore,
    private readonly random: Random,
  ) {}

  record(
    obj: KubeObject,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
    source: EventSource,
    atMs: number,
    fieldPath?: string,
  ) {
    const key = `${obj.metadata.uid}|${reason}|${message}|${fieldPath ?? ''}`;
    const ns = obj.metadata.namespace ?? 'default';
    const at = kubeTime(atMs);
    const existingName = this.byKey.get(key);
    if (existingName && this.store.get('/events', ns, existingName)) {
      this.store.modify('/events', ns, existingName, e => {
        e.count = (e.count ?? 1) + 1;
        e.lastTimestamp = at;
      });
      return;
    }
    const name = `${obj.metadata.name}.${this.random.hex(16)}`;
    this.byKey.set(key, name);
    this.store.create({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace: ns },
      involvedObject: {
        apiVersion: obj.apiVersion,
        kind: obj.kind,
        name: obj.metadata.name,
        ...(obj.metadata.namespace
          ? { namespace: obj.metadata.namespace }
          : {}),
        uid: obj.metadata.uid,
        resourceVersion: obj.metadata.resourceVersion,
        ...(fieldPath ? { fieldPath } : {}),
      },
      reason,
      message,
      source,
      firstTimestamp: at,
      lastTimestamp: at,
      count: 1,
      type,
      eventTime: null,
      reportingComponent: source.component,
      reportingInstance: source.host ?? '',
    });
  }

  /** Drops events older than the TTL, as the apiserver's lease on event keys does. */
  expire(nowMs: number) {
    for (const e of this.store.list('/events')) {
      if (
        Date.parse(e.lastTimestamp ?? e.metadata.creationTimestamp!) <
        nowMs - EVENT_TTL_MS
      ) {
        this.store.remove('/events', e.metadata.namespace, e.metadata.name);
      }
    }
    // Forget aggregation keys of events that are gone, so a long demo stays bounded.
    const live = new Set(this.store.list('/events').map(e => e.metadata.name));
    for (const [key, name] of this.byKey)
      if (!live.has(name)) this.byKey.delete(key);
  }
}
