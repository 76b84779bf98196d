/*
 * CronJob (batch/v1). Lifecycle from status-model.md; health from its runs:
 * the last finished run failed → error; a run that the schedule, time zone
 * and startingDeadlineSeconds say should have started but did not → warning.
 * Runs are read from the owned Jobs when they are given, else from
 * status.lastScheduleTime/lastSuccessfulTime as Argo CD's health.lua does.
 */
import type { CronJobLifecycle, Health, Reason } from '../../model/types';
import { worstHealth } from '../../model/health';
import {
  asRecordList,
  readBoolean,
  readNumber,
  readPath,
  readString,
  readTime,
} from '../fields';
import { REASON_CODES, reason } from '../reasons';
import { identityOf } from '../related';
import type { KubeObject, RuleInput, Verdict } from '../types';
import { scheduleTimes } from './cronSchedule';
import { evaluateJob } from './job';

/**
 * How late a run may start before it counts as missed. The controller syncs
 * about every 10 s; a `startingDeadlineSeconds` below this bound shortens it.
 */
export const MISSED_SCHEDULE_SLACK_MS = 120_000;

/** Jobs of the CronJob, newest first (by start, else creation). */
export function jobsOf(input: RuleInput): KubeObject[] {
  const started = (j: KubeObject) =>
    readTime(readPath(j, 'status', 'startTime')) ??
    readTime(readPath(j, 'metadata', 'creationTimestamp')) ??
    0;
  return input.related
    .ownedBy(input.obj, 'Job')
    .sort((a, b) => started(b) - started(a));
}

export function evaluateCronJob(input: RuleInput): Verdict {
  const { obj, ref, now } = input;
  const name = `CronJob ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
  const reasons: Reason[] = [];
  const healths: Health[] = [];
  // Exception first (status-model precedence): a run's pod on a node that
  // stopped answering makes the CronJob's state untrustworthy.
  const lost = jobsOf(input)
    .map(job => {
      const id = identityOf(job);
      return evaluateJob({
        ...input,
        obj: job,
        ref: { kind: 'Job', namespace: id.namespace, name: id.name },
      });
    })
    .find(v => v.lifecycle === 'Exception');
  if (lost)
    return { lifecycle: 'Exception', health: 'unknown', reasons: lost.reasons };
  if (readBoolean(readPath(obj, 'spec', 'suspend')) === true) {
    return {
      lifecycle: 'Stopped',
      health: 'stopped',
      reasons: [
        reason(
          'info',
          REASON_CODES.CronJobSuspended,
          ref,
          `${name} is suspended: no run starts until it is resumed.`,
        ),
      ],
    };
  }
  const lastSchedule = readTime(readPath(obj, 'status', 'lastScheduleTime'));
  const lastSuccess = readTime(readPath(obj, 'status', 'lastSuccessfulTime'));
  const activeRefs = asRecordList(readPath(obj, 'status', 'active'));
  const lifecycle: CronJobLifecycle =
    lastSchedule === undefined ? 'Waiting' : 'Started';

  const jobs = jobsOf(input);
  let running = activeRefs.length > 0;
  if (jobs.length) {
    const verdicts = jobs.map(job => {
      const id = identityOf(job);
      return {
        id,
        v: evaluateJob({
          ...input,
          obj: job,
          ref: { kind: 'Job', namespace: id.namespace, name: id.name },
        }),
      };
    });
    running =
      running ||
      verdicts.some(
        x => x.v.lifecycle === 'Executing' || x.v.lifecycle === 'Waiting',
      );
    const lastFinished = verdicts.find(
      x => x.v.lifecycle === 'Completed' || x.v.lifecycle === 'Failed',
    );
    if (lastFinished?.v.lifecycle === 'Failed') {
      healths.push('error');
      reasons.push(
        reason(
          'error',
          REASON_CODES.LastRunFailed,
          ref,
          `The last run of ${name}, Job ${lastFinished.id.name}, failed${
            lastFinished.v.reasons[0]
              ? `: ${lastFinished.v.reasons[0].message}`
              : '.'
          }`,
          { hint: 'job-history' },
        ),
      );
    }
    const podErrors = verdicts.filter(
      x =>
        x.v.lifecycle !== 'Completed' &&
        x.v.lifecycle !== 'Failed' &&
        x.v.health === 'error',
    );
    for (const x of podErrors) {
      healths.push('error');
      reasons.push(...x.v.reasons);
    }
  } else if (lastSchedule !== undefined && !running) {
    if (lastSuccess === undefined) {
      healths.push('warning');
      reasons.push(
        reason(
          'warning',
          REASON_CODES.NeverSucceeded,
          ref,
          `${name} has run but never completed a run successfully.`,
          { hint: 'job-history' },
        ),
      );
    } else if (lastSuccess < lastSchedule) {
      healths.push('error');
      reasons.push(
        reason(
          'error',
          REASON_CODES.LastRunFailed,
          ref,
          `The last run of ${name} did not complete successfully.`,
          { hint: 'job-history' },
        ),
      );
    }
  }
  if (running) {
    reasons.push(
      reason(
        'info',
        REASON_CODES.JobRunning,
        ref,
        `${name} has a run in progress.`,
      ),
    );
  }

  const schedule = readString(readPath(obj, 'spec', 'schedule'));
  const timeZone = readString(readPath(obj, 'spec', 'timeZone'));
  if (!schedule) {
    healths.push('warning');
    reasons.push(
      reason(
        'warning',
        REASON_CODES.InvalidSchedule,
        ref,
        `${name} has no schedule.`,
      ),
    );
  } else {
    const times = scheduleTimes(schedule, timeZone, now);
    if (times.error) {
      healths.push('warning');
      reasons.push(
        reason(
          'warning',
          times.error.startsWith('unknown time zone')
            ? REASON_CODES.UnknownTimeZone
            : REASON_CODES.InvalidSchedule,
          ref,
          `${name} cannot be scheduled: ${times.error}.`,
          { hint: 'events' },
        ),
      );
    } else if (!times.unanchored) {
      const missed = missedRun(obj, schedule, timeZone, now, running);
      if (missed !== undefined) {
        const at = new Date(missed).toISOString();
        healths.push('warning');
        reasons.push(
          reason(
            'warning',
            REASON_CODES.MissedSchedule,
            ref,
            `${name} missed its run scheduled at ${at} (schedule "${schedule}"${
              timeZone ? `, time zone ${timeZone}` : ''
            }): no job started.`,
            { hint: 'events', since: at },
          ),
        );
      }
    }
  }
  return { lifecycle, health: worstHealth(healths, 'ok'), reasons };
}

/**
 * The latest run that should have started by now, allowing the slack, when
 * no run started since: its scheduled time, else undefined.
 */
function missedRun(
  obj: KubeObject,
  schedule: string,
  timeZone: string | undefined,
  now: number,
  running: boolean,
): number | undefined {
  const reference = Math.max(
    readTime(readPath(obj, 'status', 'lastScheduleTime')) ?? -Infinity,
    readTime(readPath(obj, 'metadata', 'creationTimestamp')) ?? -Infinity,
  );
  // Without any reference time we cannot tell a miss from a new object.
  if (!Number.isFinite(reference)) return undefined;
  // Forbid skips runs while one is active: that is the policy, not a miss.
  const policy = readString(readPath(obj, 'spec', 'concurrencyPolicy'));
  if (running && policy === 'Forbid') return undefined;
  const deadline = readNumber(readPath(obj, 'spec', 'startingDeadlineSeconds'));
  let slack = MISSED_SCHEDULE_SLACK_MS;
  if (deadline !== undefined && deadline >= 0) {
    slack = Math.min(
      Math.max(deadline * 1000, 10_000),
      MISSED_SCHEDULE_SLACK_MS,
    );
  }
  // The latest time a run was due at and should have started by now.
  const due = scheduleTimes(schedule, timeZone, now - slack).previous;
  return due !== undefined && due > reference ? due : undefined;
}
