import { nextStatusChange } from './nextStatusChange';
import { WakeQueue } from './WakeQueue';

/**
 * How far ahead a status is judged to find its next time-driven change:
 * longer than the rules' longest window (the 1 h recent-restart window),
 * so that a status with no change inside it has none pending.
 */
export const WAKE_HORIZON_MS = 75 * 60_000;
/** Event-loop time one planning turn may take before it yields. */
const PLAN_BUDGET_MS = 5;
/** Longest real-time wait between two looks at the queue. */
const MAX_TIMER_MS = 30_000;

/**
 * Recomputes each entity when time alone changes its status, instead of
 * recomputing every entity periodically. After each recompute the entity
 * is planned (later, in budgeted turns, so that a burst of changes plans
 * each entity once): its status is judged at later times with the same
 * objects (nextStatusChange) and it is woken when that status differs. An
 * entity with nothing pending is judged again at the horizon.
 *
 * No entity is woken sooner than `minIntervalMs` after it was planned: a
 * status that changes continuously with time (a message counting seconds)
 * is recomputed that often, as the old periodic resync did. The clock may be one that tests move by hand: every read
 * looks at the queue first, so a status read after the clock moved is
 * judged at the new time.
 */
export class StatusWakes {
  private readonly queue = new WakeQueue();
  private readonly toPlan = new Set<string>();
  private planScheduled = false;
  private timer?: NodeJS.Timeout;
  private timerAt?: number;
  private stopped = false;
  /** wakes planned and entities woken, for the benchmark and diagnostics */
  readonly counts = { planned: 0, woken: 0, probes: 0 };

  constructor(
    private readonly options: {
      now: () => number;
      /** the entity's current status fingerprint; undefined when it has none */
      fingerprint: (ref: string) => string | undefined;
      /** the entity's status, judged at `at` with the objects of now */
      fingerprintAt: (ref: string, at: number) => string | undefined;
      /** recompute these (mark them dirty) */
      wake: (refs: string[]) => void;
      /** whether recomputes are waiting: planning comes after them */
      busy: () => boolean;
      minIntervalMs: number;
      horizonMs?: number;
    },
  ) {}

  /** The entity was recomputed: plan its next wake. */
  recomputed(ref: string) {
    if (this.stopped) return;
    this.toPlan.add(ref);
    this.schedulePlanning();
  }

  forget(ref: string) {
    this.toPlan.delete(ref);
    this.queue.cancel(ref);
  }

  /** Wakes the entities that are due by the clock (before every read). */
  wakeDue() {
    if (this.stopped) return;
    const due = this.queue.takeDue(this.options.now());
    if (due.length) {
      this.counts.woken += due.length;
      this.options.wake(due);
    }
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Entities with a wake planned. */
  get size() {
    return this.queue.size;
  }

  private schedulePlanning() {
    if (this.planScheduled) return;
    this.planScheduled = true;
    setImmediate(() => this.plan());
  }

  private plan() {
    this.planScheduled = false;
    if (this.stopped) return;
    if (this.options.busy()) {
      // recomputes first: each will ask for its planning again anyway
      this.schedulePlanning();
      return;
    }
    const start = performance.now();
    for (const ref of this.toPlan) {
      this.toPlan.delete(ref);
      this.planOne(ref);
      if (performance.now() - start > PLAN_BUDGET_MS) break;
    }
    if (this.toPlan.size) this.schedulePlanning();
    this.armTimer();
  }

  private planOne(ref: string) {
    const current = this.options.fingerprint(ref);
    if (current === undefined) {
      this.queue.cancel(ref);
      return;
    }
    const now = this.options.now();
    const { at } = nextStatusChange({
      now,
      horizonMs: this.options.horizonMs ?? WAKE_HORIZON_MS,
      current,
      soonestMs: this.options.minIntervalMs,
      fingerprintAt: t => {
        this.counts.probes += 1;
        return this.options.fingerprintAt(ref, t) ?? current;
      },
    });
    // no sooner than the minimum interval: a status that moves with the
    // clock itself (a duration in a message) is woken that often, at most
    const wakeAt = Math.max(at, now + this.options.minIntervalMs);
    this.counts.planned += 1;
    this.queue.schedule(ref, wakeAt);
  }

  /** One timer, for the earliest wake (or a look at the queue every 30 s). */
  private armTimer() {
    const next = this.queue.next();
    if (next === undefined || this.stopped) return;
    const delay = Math.min(
      Math.max(0, next - this.options.now()),
      MAX_TIMER_MS,
    );
    const at = Date.now() + delay;
    if (this.timer && this.timerAt !== undefined && this.timerAt <= at) return;
    clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerAt = undefined;
      this.wakeDue();
      this.armTimer();
    }, delay);
    this.timer.unref?.();
  }
}
