import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  EntityStatus,
  Health,
  Lifecycle,
  TimelineSubject,
} from '@workload-status/backstage-plugin-workload-status-common';
import { createHash } from 'node:crypto';
import {
  observeStatus,
  StatusObservation,
  SubjectState,
} from './statusSubjects';
import {
  ENTITY_SUBJECT_KEY,
  TimelineRecord,
  TimelineStore,
} from './TimelineStore';

/** What the recorder last knew of one subject. */
interface KnownState {
  subject: TimelineSubject;
  lifecycle: Lifecycle;
  health: Health;
  healthSince: string;
  /** when the state was recorded (its row's time) */
  at: string;
  /** whether this replica's own caches have shown the subject */
  observedHere: boolean;
}

/** What a status said when it changed. */
interface Observation {
  at: string;
  /** undefined: the entity has no status any more */
  observed?: StatusObservation;
}

/** Changes of one entity waiting for the database; past it the oldest go. */
const MAX_PENDING_PER_ENTITY = 50;

/** The state recorded for a workload that left its cluster. */
const GONE = { lifecycle: 'NotFound', health: 'unknown' } as const;

/**
 * How far behind another replica this one's caches may be (a watch event
 * delivered late, a busy event loop). A state another replica recorded
 * less than this long ago, which this replica's caches have not shown yet
 * (a new workload, the entity's lifecycle with it), is not yet seen here
 * rather than changed: recording what this replica sees would write a
 * NotFound and, a moment later, the return.
 */
export const REPLICA_LAG_MS = 60_000;

/**
 * Writes the timeline: on each status change of an entity, one row per
 * subject (the entity, each workload) whose lifecycle or health changed.
 *
 * Several replicas see the same change. Each reads the subject's newest
 * row before writing: when it already holds the new state another replica
 * wrote it; otherwise the row's id is a digest of the entity, the subject,
 * the newest row's id and the new state, the same on every replica that
 * read the same newest row, so the second insert is a no-op. A change seen
 * at slightly different times is one row.
 *
 * It also answers "since when": when each subject's current health began,
 * from memory, loaded from the table the first time an entity is asked
 * about (so it survives a restart).
 */
export class TimelineRecorder {
  private readonly known = new Map<string, Map<string, KnownState>>();
  /** what each entity's status said at each change, not yet recorded */
  private readonly pending = new Map<string, Observation[]>();
  /** the one drain per entity that records its pending observations in order */
  private readonly runs = new Map<string, Promise<void>>();
  private stopped = false;

  constructor(
    private readonly options: {
      store: TimelineStore;
      getStatus: (entityRef: string) => EntityStatus | undefined;
      logger: LoggerService;
      now: () => number;
      /** told of every change recorded (notifications) */
      onRecorded?: (record: TimelineRecord) => void;
    },
  ) {}

  /**
   * An entity's status changed: what it says now is taken at once (a
   * database slower than the changes must not merge them) and recorded
   * soon, in order.
   */
  statusChanged(entityRef: string) {
    if (this.stopped) return;
    const status = this.options.getStatus(entityRef);
    let queue = this.pending.get(entityRef);
    if (!queue) {
      queue = [];
      this.pending.set(entityRef, queue);
    }
    queue.push({
      at: new Date(this.options.now()).toISOString(),
      observed: status ? observeStatus(status) : undefined,
    });
    // bounded: a flapping entity over a stalled database keeps its latest
    if (queue.length > MAX_PENDING_PER_ENTITY) queue.shift();
    if (!this.runs.has(entityRef)) {
      this.runs.set(entityRef, this.drain(entityRef));
    }
  }

  /** Records nothing more (the backend stops: its caches go stale). */
  async stop() {
    this.stopped = true;
    await this.settled();
  }

  /** The entity left the catalog. */
  forget(entityRef: string) {
    this.known.delete(entityRef);
  }

  /** Resolves when every pending observation is recorded (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.runs.size) {
      await Promise.all([...this.runs.values()]);
    }
  }

  /**
   * When the entity's current health began, if known; undefined while the
   * entity's rows are read (the first ask starts the read).
   */
  entitySince(entityRef: string, health: Health): string | undefined {
    return this.sinceOf(entityRef, ENTITY_SUBJECT_KEY, health);
  }

  /** When a workload's current health began, if known. */
  workloadSince(
    entityRef: string,
    key: string,
    health: Health,
  ): string | undefined {
    return this.sinceOf(entityRef, key, health);
  }

  private sinceOf(entityRef: string, key: string, health: Health) {
    const known = this.known.get(entityRef);
    if (!known) {
      if (!this.runs.has(entityRef)) this.statusChanged(entityRef);
      return undefined;
    }
    const state = known.get(key);
    return state && state.health === health ? state.healthSince : undefined;
  }

  private async drain(entityRef: string) {
    // one turn of the event loop: the caller finishes its synchronous work
    await Promise.resolve();
    const queue = this.pending.get(entityRef);
    while (queue?.length) {
      const next = queue.shift()!;
      try {
        await this.record(entityRef, next);
      } catch (e) {
        this.options.logger.warn(
          `Timeline: recording a change of ${entityRef} failed: ${e}`,
        );
      }
    }
    // together, in one turn: a change arriving now starts a new drain
    this.pending.delete(entityRef);
    this.runs.delete(entityRef);
  }

  private async record(entityRef: string, { at, observed }: Observation) {
    if (!observed) {
      this.known.delete(entityRef);
      return;
    }
    let known = this.known.get(entityRef);
    if (!known) {
      known = await this.load(entityRef);
      this.known.set(entityRef, known);
    }
    for (const [key, state] of observed.subjects) {
      const previous = known.get(key);
      if (
        previous?.lifecycle === state.lifecycle &&
        previous.health === state.health
      ) {
        previous.observedHere = true;
        continue;
      }
      // an entity with nothing in any cluster, first seen: not a change
      if (!previous && state.lifecycle === GONE.lifecycle) continue;
      if (previous && mayLagBehind(previous, at)) continue;
      await this.change(entityRef, state, at, known);
    }
    for (const [key, previous] of [...known]) {
      if (key === ENTITY_SUBJECT_KEY || observed.subjects.has(key)) continue;
      const cluster = previous.subject.cluster;
      if (cluster && observed.uncertainClusters.has(cluster)) continue;
      if (mayLagBehind(previous, at)) continue;
      await this.change(
        entityRef,
        { key, subject: previous.subject, ...GONE, reasonCodes: [] },
        at,
        known,
      );
      known.delete(key);
    }
  }

  private async change(
    entityRef: string,
    state: SubjectState,
    at: string,
    known: Map<string, KnownState>,
  ) {
    const { store } = this.options;
    const latest = await store.latest(entityRef, state.key);
    if (
      latest?.to.lifecycle === state.lifecycle &&
      latest.to.health === state.health
    ) {
      // another replica (or this one before a restart) recorded it
      known.set(state.key, stateOf(latest, true));
      return;
    }
    if (latest && Date.parse(at) < Date.parse(latest.at)) {
      // Seen before a change another replica has already recorded (this
      // one's cache or database lagged): history after that row is the
      // other replica's, and a row written behind it would read as the
      // same state twice, or as a flap that never happened.
      known.set(state.key, stateOf(latest, true));
      return;
    }
    const to = { lifecycle: state.lifecycle, health: state.health };
    const record: TimelineRecord = {
      id: createHash('sha256')
        .update(JSON.stringify([entityRef, state.key, latest?.id ?? '', to]))
        .digest('hex'),
      entityRef,
      subjectKey: state.key,
      subject: state.subject,
      at,
      healthSince:
        latest && latest.to.health === state.health ? latest.healthSince : at,
      to,
      reasonCodes: state.reasonCodes,
    };
    if (latest) record.from = latest.to;
    if (state.message) record.message = state.message;
    const stored = await store.record(record);
    known.set(state.key, stateOf(stored, true));
    if (stored.at === record.at && stored.id === record.id) {
      try {
        this.options.onRecorded?.(stored);
      } catch (e) {
        this.options.logger.warn(`Timeline listener failed: ${e}`);
      }
    }
  }

  /** The newest recorded state of each of the entity's present subjects. */
  private async load(entityRef: string): Promise<Map<string, KnownState>> {
    const known = new Map<string, KnownState>();
    for (const record of await this.options.store.latestPerSubject(entityRef)) {
      const gone =
        record.subject.scope === 'workload' &&
        record.to.lifecycle === GONE.lifecycle;
      if (!gone) known.set(record.subjectKey, stateOf(record, false));
    }
    return known;
  }
}

/**
 * Whether a state this replica has only read from the timeline (another
 * replica recorded it) is recent enough that this replica's caches may not
 * show it yet: then what they show is no change of it.
 */
function mayLagBehind(previous: KnownState, at: string): boolean {
  return (
    !previous.observedHere &&
    Date.parse(at) - Date.parse(previous.at) < REPLICA_LAG_MS
  );
}

function stateOf(record: TimelineRecord, observedHere: boolean): KnownState {
  return {
    subject: record.subject,
    lifecycle: record.to.lifecycle,
    health: record.to.health,
    healthSince: record.healthSince,
    at: record.at,
    observedHere,
  };
}
