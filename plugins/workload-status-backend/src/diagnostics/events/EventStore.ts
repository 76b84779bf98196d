import type { KubeObject } from '@workload-status/backstage-plugin-workload-status-common';
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
 * Heap bytes of one stored event besides its strings: the projected object,
 * its metadata and subject objects, its Map entry and its subject index
 * entry. Measured once (10,000 events with one-character strings, heapUsed
 * after GC: ~400 bytes each on Node 24) and rounded up for Map growth and
 * other V8 versions; EventStore.heap.test.ts checks the estimate stays an
 * upper bound.
 */
export const EVENT_OVERHEAD_BYTES = 640;

/** Heap bytes of a remembered evicted subject besides its key string. */
const EVICTED_SUBJECT_OVERHEAD_BYTES = 64;

/** What the store's bounds are. */
export interface EventStoreBounds {
  /** events kept; past it the least recently seen go first */
  maxEvents: number;
  /** estimated heap bytes of the store; past it the same */
  maxBytes: number;
  /** the clock "recently seen" is capped at; injectable for tests */
  now?: () => number;
}

interface StoredEvent {
  event: ProjectedEvent;
  /** estimated heap bytes */
  bytes: number;
  /** last seen, never later than when it was stored */
  seenMs: number;
}

/**
 * The projected Events of one cluster, by uid (core/v1 and events.k8s.io/v1
 * deliver the same objects: one entry each), indexed by the object they are
 * about. Bounded in count and in estimated bytes: past either, the least
 * recently seen events are dropped, and the objects they were about are
 * remembered (within an eighth of the byte bound) so that an answer about
 * them can say it is incomplete. Estimated bytes are an upper bound: two
 * bytes per string character (V8 keeps ASCII in one) plus a measured
 * overhead per event.
 *
 * "Recently seen" is the event's last time, capped at when it was stored:
 * an event dated in the future cannot outlive newer ones.
 */
export class EventStore implements ReflectorStore {
  private readonly events = new Map<string, StoredEvent>();
  private readonly bySubjectUid = new Map<string, Set<string>>();
  /** `kind/namespace/name` -> event uids, for events that name no uid */
  private readonly bySubjectName = new Map<string, Set<string>>();
  /** subjects (uid or name key) that lost events to the bound, oldest first */
  private readonly evictedSubjects = new Set<string>();
  private evictedSubjectBytes = 0;
  private eventBytes = 0;
  private evictions = 0;
  private readonly maxEventBytes: number;
  private readonly maxEvictedSubjectBytes: number;
  private readonly now: () => number;

  constructor(private readonly bounds: EventStoreBounds) {
    this.maxEvictedSubjectBytes = Math.floor(bounds.maxBytes / 8);
    this.maxEventBytes = bounds.maxBytes - this.maxEvictedSubjectBytes;
    this.now = bounds.now ?? Date.now;
  }

  get size() {
    return this.events.size;
  }

  /** Estimated heap bytes held, events and remembered evictions. */
  get bytes() {
    return this.eventBytes + this.evictedSubjectBytes;
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
      const rv = previous.event.metadata.resourceVersion;
      if (rv !== undefined && rv === event.metadata.resourceVersion) {
        return; // the other API's view of the same version
      }
      this.remove(uid, previous);
    }
    const stored: StoredEvent = {
      event,
      bytes: estimateBytes(event),
      seenMs: Math.min(event.lastSeenMs ?? 0, this.now()),
    };
    this.events.set(uid, stored);
    this.eventBytes += stored.bytes;
    this.index(uid, event);
    if (
      this.events.size > this.bounds.maxEvents ||
      this.eventBytes > this.maxEventBytes
    ) {
      this.evict();
    }
  }

  delete(uid: string): KubeObject | undefined {
    const previous = this.events.get(uid);
    if (!previous) return undefined;
    this.remove(uid, previous);
    return previous.event;
  }

  /** Whether the store holds the event with this uid. */
  has(uid: string): boolean {
    return this.events.has(uid);
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
      const stored = this.events.get(uid);
      if (stored) events.push(stored.event);
    }
    return { events, evicted };
  }

  private remove(uid: string, stored: StoredEvent) {
    this.unindex(uid, stored.event);
    this.events.delete(uid);
    this.eventBytes -= stored.bytes;
  }

  /**
   * Drops the least recently seen events down to both bounds, less 1% of
   * each: one sort per hundred inserts in a storm, not one scan per insert.
   */
  private evict() {
    const { maxEvents } = this.bounds;
    const targetCount = maxEvents - Math.floor(maxEvents / 100);
    const targetBytes =
      this.maxEventBytes - Math.floor(this.maxEventBytes / 100);
    const oldest = [...this.events.entries()].sort(
      (a, b) => a[1].seenMs - b[1].seenMs,
    );
    for (const [uid, stored] of oldest) {
      if (this.events.size <= targetCount && this.eventBytes <= targetBytes) {
        break;
      }
      this.remove(uid, stored);
      this.evictions += 1;
      for (const key of subjectKeys(stored.event.subject)) {
        this.rememberEvicted(key);
      }
    }
    for (const key of this.evictedSubjects) {
      if (
        this.evictedSubjects.size <= maxEvents &&
        this.evictedSubjectBytes <= this.maxEvictedSubjectBytes
      ) {
        break;
      }
      this.evictedSubjects.delete(key);
      this.evictedSubjectBytes -= keyBytes(key);
    }
  }

  private rememberEvicted(key: string) {
    // re-insert: the newest evictions are the last to be forgotten
    if (this.evictedSubjects.delete(key)) {
      this.evictedSubjectBytes -= keyBytes(key);
    }
    this.evictedSubjects.add(key);
    this.evictedSubjectBytes += keyBytes(key);
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

/** An upper bound of an event's heap bytes: two per character, plus the overhead. */
export function estimateBytes(e: ProjectedEvent): number {
  const s = e.subject;
  const chars =
    e.metadata.uid.length +
    (e.metadata.resourceVersion?.length ?? 0) +
    (e.metadata.namespace?.length ?? 0) +
    (e.apiVersion?.length ?? 0) +
    e.reason.length +
    e.message.length +
    (e.source?.length ?? 0) +
    s.kind.length +
    s.name.length +
    (s.namespace?.length ?? 0) +
    (s.uid?.length ?? 0) +
    (s.container?.length ?? 0);
  return EVENT_OVERHEAD_BYTES + 2 * chars;
}

function keyBytes(key: string) {
  return EVICTED_SUBJECT_OVERHEAD_BYTES + 2 * key.length;
}

function subjectNameKey(s: Pick<EventSubject, 'kind' | 'namespace' | 'name'>) {
  return `${s.kind}/${s.namespace ?? ''}/${s.name}`;
}

function subjectKeys(s: EventSubject): string[] {
  return s.uid ? [s.uid, subjectNameKey(s)] : [subjectNameKey(s)];
}
