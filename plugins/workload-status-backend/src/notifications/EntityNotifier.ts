import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import {
  ANNOTATION_WORKLOAD_STATUS_NOTIFICATIONS,
  EntityStatus,
  REASON_CODES,
  Reason,
} from '@workload-status/backstage-plugin-workload-status-common';
import type { JobRunRecord } from '../diagnostics/history/JobRunStore';
import type {
  NotificationClaimStore,
  NotificationEvent,
  NotificationTopic,
} from './NotificationClaimStore';
import type { NotificationSettings } from './NotificationSettings';
import {
  NotificationSubject,
  notificationPayload,
} from './notificationPayload';
import { SendQueue } from './SendQueue';
import { CronJobEntities } from './CronJobEntities';

/** sends waiting beyond this (a mass failure) are dropped, with a warning */
const MAX_QUEUED = 1000;
/** sends at once: the notifications backend resolves owners per send */
const CONCURRENCY = 4;
/** a send that takes longer is given up (the claim stays: never twice) */
const SEND_TIMEOUT_MS = 30_000;
/** runs seen unfinished, remembered to tell a failure from an old one */
const MAX_UNFINISHED_RUNS = 20_000;
/**
 * How long sends stop after the notifications backend answered 404: it is
 * not installed, and every change would otherwise log its own failure.
 */
const ABSENT_BACKEND_PAUSE_MS = 10 * 60_000;
/** health an entity is back at work with, after an error */
const RECOVERED = new Set(['ok', 'warning']);

/** how often recoveries due are looked for (real time) */
const RECOVERY_CHECK_MS = 5000;

interface EntityState {
  /** the latest known health is error */
  errorNow: boolean;
  /** in error, and not told recovered since */
  inError: boolean;
  /** in error, now ok or warning since this time: recovered after the delay */
  healthySince?: number;
  missedSchedule: boolean;
  /** the first error reason of the latest status in error */
  reason?: Pick<Reason, 'code' | 'message'>;
}

/**
 * Tells an entity's owners (the notifications backend resolves the entity
 * to its owner's members) when it turns `error`, when a run of one of its
 * CronJobs fails, when a CronJob misses a schedule, and when it recovers.
 *
 * Only changes are told: the first status an entity has with a known
 * health is its baseline, so a backend start never notifies what was
 * already broken, and `unknown` (a cluster not read yet or unreachable)
 * changes nothing. Every turn to error is news (debounced), a recovery
 * only once the entity has stayed ok or warning for `recoveryDelay`: a
 * crash-looping pod is green for seconds between its crashes, which is no
 * recovery. A run's failure is told only when the run was seen
 * unfinished by this process, so the runs listed at startup are history.
 *
 * Debounce and replicas: a notification is sent only by whoever inserts
 * its (entity, problem|recovery, window) claim, so each entity gets at most
 * one problem and one recovery notification per window however many
 * replicas see the change; and none until a window has passed since the
 * last claim of its kind, which also holds across a restart. A change
 * lost to the debounce is looked at
 * again when its window ends, so that a flapping entity's owners are not
 * left with the news of a state it has left.
 */
export class EntityNotifier {
  private readonly states = new Map<string, EntityState>();
  private readonly optedOut = new Set<string>();
  private readonly cronJobEntities = new CronJobEntities();
  private readonly unfinishedRuns = new Set<string>();
  /** entities whose change was debounced, looked at again at the window end */
  private readonly debounced = new Set<string>();
  /** entities in error that are ok or warning now: recoveries to come */
  private readonly recovering = new Set<string>();
  private trailingTimer?: NodeJS.Timeout;
  /** no claim nor send before this time (the notifications backend is absent) */
  private sendsPausedUntil = 0;
  private recoveryTimer?: NodeJS.Timeout;
  private readonly sends = new SendQueue({
    concurrency: CONCURRENCY,
    maxQueued: MAX_QUEUED,
  });
  private stopped = false;

  constructor(
    private readonly options: {
      settings: NotificationSettings;
      claims: NotificationClaimStore;
      notifications: NotificationService;
      logger: LoggerService;
      now: () => number;
    },
  ) {}

  start() {
    this.stopped = false;
    this.recoveryTimer = setInterval(
      () => this.checkRecoveries(),
      RECOVERY_CHECK_MS,
    );
    this.recoveryTimer.unref?.();
  }

  async stop() {
    this.stopped = true;
    clearInterval(this.recoveryTimer);
    clearTimeout(this.trailingTimer);
    this.sends.clear();
    await this.sends.idle();
  }

  /**
   * Deletes the claims past their retention (a scheduler task runs it, see
   * scheduleClaimPruning); returns how many; never throws.
   */
  async pruneClaims(): Promise<number> {
    const before = this.options.now() - this.options.settings.claimRetentionMs;
    try {
      return await this.options.claims.prune(new Date(before).toISOString());
    } catch (e) {
      this.options.logger.warn(`Notifications: pruning claims failed: ${e}`);
      return 0;
    }
  }

  /** Resolves once no send is queued or running (tests, shutdown). */
  idle(): Promise<void> {
    return this.sends.idle();
  }

  /** The entity's opt-out annotation, read with every catalog refresh. */
  entityRead(entity: Entity, entityRef: string) {
    const value =
      entity.metadata.annotations?.[ANNOTATION_WORKLOAD_STATUS_NOTIFICATIONS];
    if (value?.trim().toLocaleLowerCase('en-US') === 'off') {
      this.optedOut.add(entityRef);
    } else {
      this.optedOut.delete(entityRef);
    }
  }

  entityRemoved(entityRef: string) {
    this.states.delete(entityRef);
    this.optedOut.delete(entityRef);
    this.debounced.delete(entityRef);
    this.recovering.delete(entityRef);
    this.cronJobEntities.entityRemoved(entityRef);
  }

  /** Every new status of an entity, its first included. */
  statusChanged(status: EntityStatus) {
    const ref = status.entityRef;
    this.cronJobEntities.statusChanged(status);
    // what cannot be told is not a change, and not a baseline either; nor
    // is a status while one of its clusters is being read for the first
    // time (its objects there are not known yet: a backend start). A
    // cluster that failed to answer is not waited for.
    if (status.health === 'unknown' || this.clusterBeingRead(status)) return;
    const previous = this.states.get(ref);
    const error = status.reasons.find(r => r.severity === 'error');
    const missed = status.reasons.find(
      r => r.code === REASON_CODES.MissedSchedule,
    );
    const now = this.options.now();
    const errorNow = status.health === 'error';
    const state: EntityState = {
      errorNow,
      inError: errorNow || !!previous?.inError,
      missedSchedule: !!missed,
      reason: error
        ? { code: error.code, message: error.message }
        : previous?.reason,
    };
    if (state.inError && RECOVERED.has(status.health)) {
      state.healthySince = previous?.healthySince ?? now;
      this.recovering.add(ref);
    } else {
      this.recovering.delete(ref);
    }
    this.states.set(ref, state);
    if (!previous) return;
    // a pod flapping between crashes turns error again and again: the
    // claims make that one notification per window
    if (errorNow && !previous.errorNow) {
      this.notify(ref, 'turned-error', { reason: state.reason });
    } else if (missed && !previous.missedSchedule) {
      this.notify(ref, 'schedule-missed', {
        reason: { code: missed.code, message: missed.message },
      });
    }
    this.checkRecovery(ref, state, now);
  }

  private clusterBeingRead(status: EntityStatus): boolean {
    return status.clusters.some(c => !c.lastSyncAt && !c.error);
  }

  /** Tells the recoveries that are due (a timer calls it; tests too). */
  checkRecoveries() {
    const now = this.options.now();
    for (const ref of this.recovering) {
      const state = this.states.get(ref);
      if (state) this.checkRecovery(ref, state, now);
    }
  }

  private checkRecovery(ref: string, state: EntityState, now: number) {
    if (state.healthySince === undefined) return;
    if (now - state.healthySince < this.options.settings.recoveryDelayMs) {
      return;
    }
    state.inError = false;
    state.healthySince = undefined;
    this.recovering.delete(ref);
    this.notify(ref, 'recovered', {});
  }

  /** Runs written to the job history: a failure of a run seen unfinished. */
  runsWritten(records: readonly JobRunRecord[]) {
    for (const run of records) {
      if (!run.cronJob) continue;
      const key = `${run.cluster}/${run.uid}`;
      if (run.lifecycle === 'Waiting' || run.lifecycle === 'Executing') {
        this.rememberUnfinished(key);
        continue;
      }
      if (!this.unfinishedRuns.delete(key) || run.lifecycle !== 'Failed') {
        continue;
      }
      const error = run.reasons.find(r => r.severity === 'error');
      const entities = this.cronJobEntities.of(
        run.cluster,
        run.namespace,
        run.cronJob,
      );
      for (const ref of entities) {
        this.notify(ref, 'run-failed', {
          reason: error
            ? { code: error.code, message: error.message }
            : undefined,
          run: {
            cronJob: run.cronJob,
            job: run.name,
            namespace: run.namespace,
            cluster: run.cluster,
          },
        });
      }
    }
  }

  private rememberUnfinished(key: string) {
    this.unfinishedRuns.delete(key);
    this.unfinishedRuns.add(key);
    if (this.unfinishedRuns.size > MAX_UNFINISHED_RUNS) {
      // the oldest: a run unfinished this long is not waited for
      const oldest = this.unfinishedRuns.values().next().value;
      if (oldest !== undefined) this.unfinishedRuns.delete(oldest);
    }
  }

  private notify(
    entityRef: string,
    event: NotificationEvent,
    details: Pick<NotificationSubject, 'reason' | 'run'>,
  ) {
    if (this.stopped || this.optedOut.has(entityRef)) return;
    // the window of the moment the change was seen, not of the send
    const { debounceMs } = this.options.settings;
    const windowStart =
      Math.floor(this.options.now() / debounceMs) * debounceMs;
    const queued = this.sends.push(() =>
      this.deliver(entityRef, event, details, windowStart),
    );
    if (!queued) {
      this.options.logger.warn(
        `Notifications: ${MAX_QUEUED} waiting to be sent; the one about ${entityRef} is dropped`,
      );
    }
  }

  private async deliver(
    entityRef: string,
    event: NotificationEvent,
    details: Pick<NotificationSubject, 'reason' | 'run'>,
    windowStart: number,
  ) {
    const { claims, notifications, logger } = this.options;
    const { debounceMs } = this.options.settings;
    const topic: NotificationTopic =
      event === 'recovered' ? 'recovery' : 'problem';
    const window = new Date(windowStart).toISOString();
    if (this.options.now() < this.sendsPausedUntil) return;
    try {
      // windows are fixed so that replicas claim the same row; the last
      // claim's time also spaces two notifications by a whole window when
      // a change comes just after a window's start
      const last = await claims.latest(entityRef, topic);
      const lastAt = last ? Date.parse(last.claimedAt) : NaN;
      if (this.options.now() - lastAt < debounceMs) {
        if (event !== 'run-failed') this.debounce(entityRef, lastAt);
        return;
      }
      const won = await claims.claim({
        entityRef,
        topic,
        windowStart: window,
        claimedAt: new Date(this.options.now()).toISOString(),
        event,
      });
      if (!won) {
        // a run that failed again is news only once per window; a change
        // of health is looked at again when the window ends
        if (event !== 'run-failed') this.debounce(entityRef, windowStart);
        return;
      }
      await withTimeout(
        notifications.send({
          recipients: { type: 'entity', entityRef: [entityRef] },
          payload: notificationPayload({
            entityRef,
            event,
            windowStart: window,
            ...details,
          }),
        }),
        SEND_TIMEOUT_MS,
      );
    } catch (e) {
      // DefaultNotificationService says only "Request failed with status 404"
      if (/\bstatus 404\b/.test(String(e))) {
        if (this.options.now() < this.sendsPausedUntil) return;
        this.sendsPausedUntil = this.options.now() + ABSENT_BACKEND_PAUSE_MS;
        logger.warn(
          `Notifications: the notifications backend answered 404 (not installed?); nothing is sent for ${
            ABSENT_BACKEND_PAUSE_MS / 60_000
          } minutes. Add @backstage/plugin-notifications-backend to the backend, or set workloadStatus.notifications.enabled: false`,
        );
        return;
      }
      logger.warn(
        `Notifications: telling the owners of ${entityRef} (${event}) failed: ${e}`,
      );
    }
  }

  /** Looks at the entity again once the window from `since` has passed. */
  private debounce(entityRef: string, since: number) {
    this.debounced.add(entityRef);
    if (this.trailingTimer || this.stopped) return;
    const windowEnd = since + this.options.settings.debounceMs;
    const delay = Math.max(0, windowEnd - this.options.now()) + 1000;
    this.trailingTimer = setTimeout(() => {
      this.trailingTimer = undefined;
      this.tellDebounced().catch(e =>
        this.options.logger.warn(`Notifications: ${e}`),
      );
    }, delay);
    this.trailingTimer.unref?.();
  }

  /**
   * At a window's end, an entity whose change was debounced is told its
   * state if the last notification anyone sent about it says otherwise
   * (a timer calls it at the window's end; tests too).
   */
  async tellDebounced() {
    const refs = [...this.debounced];
    this.debounced.clear();
    for (const ref of refs) {
      const state = this.states.get(ref);
      if (!state) continue;
      const latest = await this.options.claims.latest(ref);
      const wanted: NotificationTopic = state.inError ? 'problem' : 'recovery';
      if (!latest || latest.topic === wanted) continue;
      this.notify(
        ref,
        state.inError ? 'turned-error' : 'recovered',
        state.inError ? { reason: state.reason } : {},
      );
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${ms} ms`)),
      ms,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
