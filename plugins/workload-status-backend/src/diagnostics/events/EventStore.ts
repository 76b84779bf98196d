import type { KubeObject } from '@internal/plugin-workload-status-common';
import type { ReflectorStore } from '../../cache/Reflector';
import type { EventSubject, ProjectedEvent } from './projectEvent';
import { addToIndex, removeFromIndex } from '../../cache/SetIndex';

const EMPTY: ReadonlySet<string> = new Set();

/** The events of some objects, and whether the store's bound dropped any of theirs. */
export interface SubjectEvents {
  events: ProjectedEvent[];
  evicted: boolean;
}

/**
 * The projected Events of one cluster, by uid (core/v1 and events.k8s.io/v1
 * deliver the same objects: one entry each), indexed by the object they are
 * about. Bounded: past `maxEvents` the least recently seen events are
 * dropped, and the objects they were about are remembered (also bounded)
 * so that an answer about them can say it is incomplete.
 */
export class EventStore implements ReflectorStore {
  private readonly events = new Map<string, ProjectedEvent>();
  private readonly bySubjectUid = new Map<string, Set<string>>();
  /** `kind/namespace/name` -> event uids, for events that name no uid */
  private readonly bySubjectName = new Map<string, Set<string>>();
  /** subjects (uid or name key) that lost events to the bound, oldest first */
  private readonly evictedSubjects = new Set<string>();
  private evictions = 0;

  constructor(private readonly maxEvents: number) {}

  get size() {
    return this.events.size;
  }

  /** Events dropped by the bound since start. */
  get evictedCount() {
    return this.evictions;
  }

  upsert(obj: KubeObject): void {
    const event = obj as ProjectedEvent;
    const uid = event.metadata?.uid;
    if (!uid || !event.subject) return;
    const previous = this.events.get(uid);
    if (previous) {
      if (
        previous.metadata.resourceVersion !== undefined &&
        previous.metadata.resourceVersion === event.metadata.resourceVersion
      ) {
        return; // the other API's view of the same version
      }
      this.unindex(uid, previous);
    }
    this.events.set(uid, event);
    this.index(uid, event);
    if (this.events.size > this.maxEvents) this.evict();
  }

  delete(uid: string): KubeObject | undefined {
    const previous = this.events.get(uid);
    if (!previous) return undefined;
    this.unindex(uid, previous);
    this.events.delete(uid);
    return previous;
  }

  uidsOfKind(kind: string): string[] {
    return kind === 'Event' ? [...this.events.keys()] : [];
  }

  /** The events about any of `objects`: by the subject's uid, or by kind, namespace and name when the event names no uid. */
  eventsOf(objects: Iterable<KubeObject>): SubjectEvents {
    const uids = new Set<string>();
    let evicted = false;
    for (const obj of objects) {
      const uid = obj.metadata?.uid;
      const nameKey = subjectNameKey({
        kind: obj.kind ?? '',
        namespace: obj.metadata?.namespace,
        name: obj.metadata?.name ?? '',
      });
      if (uid) {
        (this.bySubjectUid.get(uid) ?? EMPTY).forEach(u => uids.add(u));
        evicted ||= this.evictedSubjects.has(uid);
      }
      (this.bySubjectName.get(nameKey) ?? EMPTY).forEach(u => uids.add(u));
      evicted ||= this.evictedSubjects.has(nameKey);
    }
    const events: ProjectedEvent[] = [];
    for (const uid of uids) {
      const event = this.events.get(uid);
      if (event) events.push(event);
    }
    return { events, evicted };
  }

  /**
   * Drops the least recently seen events down to the bound, plus 1% of
   * it: one sort per hundred inserts in a storm, not one scan per insert.
   */
  private evict() {
    const excess =
      this.events.size - this.maxEvents + Math.floor(this.maxEvents / 100);
    const oldest = [...this.events.values()]
      .sort((a, b) => (a.lastSeenMs ?? 0) - (b.lastSeenMs ?? 0))
      .slice(0, excess);
    for (const event of oldest) {
      this.delete(event.metadata.uid);
      this.evictions += 1;
      for (const key of subjectKeys(event.subject)) {
        // re-insert: the newest evictions are the last to be forgotten
        this.evictedSubjects.delete(key);
        this.evictedSubjects.add(key);
      }
    }
    for (const key of this.evictedSubjects) {
      if (this.evictedSubjects.size <= this.maxEvents) break;
      this.evictedSubjects.delete(key);
    }
  }

  private index(uid: string, event: ProjectedEvent) {
    const s = event.subject;
    if (s.uid) addToIndex(this.bySubjectUid, s.uid, uid);
    else addToIndex(this.bySubjectName, subjectNameKey(s), uid);
  }

  private unindex(uid: string, event: ProjectedEvent) {
    const s = event.subject;
    if (s.uid) removeFromIndex(this.bySubjectUid, s.uid, uid);
    else removeFromIndex(this.bySubjectName, subjectNameKey(s), uid);
  }
}

function subjectNameKey(s: Pick<EventSubject, 'kind' | 'namespace' | 'name'>) {
  return `${s.kind}/${s.namespace ?? ''}/${s.name}`;
}

function subjectKeys(s: EventSubject): string[] {
  return s.uid ? [s.uid, subjectNameKey(s)] : [subjectNameKey(s)];
}
