/*
 * Cron schedules as the CronJob controller reads them (robfig/cron standard
 * parser: five fields, @-descriptors, optional CRON_TZ=/TZ= prefix) with
 * `spec.timeZone`. Pure: the time is always given.
 */
import { CronExpressionParser } from 'cron-parser';

const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

export interface ScheduleTimes {
  /** the latest scheduled time at or before `now` (epoch ms) */
  previous?: number;
  /** the next scheduled time after `now` */
  next?: number;
  /** why the schedule could not be read */
  error?: string;
  /** `@every` schedules have no wall-clock anchor we can know */
  unanchored?: boolean;
}

/** True when the runtime knows the IANA time zone. */
export function isKnownTimeZone(zone: string): boolean {
  try {
    // Throws a RangeError for a zone the runtime's ICU data does not know.
    return (
      new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions()
        .timeZone !== ''
    );
  } catch {
    return false;
  }
}

/**
 * Scheduled times fall on whole minutes, so the answer only changes from one
 * minute to the next: results are kept per (schedule, zone, minute). Time-zone
 * arithmetic is costly (about 0.5 ms a call) and a CronJob is judged for its
 * object, its component and every roll-up. Bounded; pure (no clock).
 */
const MEMO_LIMIT = 2000;
const memo = new Map<string, ScheduleTimes>();

export function scheduleTimes(
  schedule: string,
  timeZone: string | undefined,
  now: number,
): ScheduleTimes {
  // Just after the minute started: a run due this very minute counts as due.
  const minute = Math.floor(now / 60_000) * 60_000 + 1;
  const key = `${schedule}|${timeZone ?? ''}|${minute}`;
  const known = memo.get(key);
  if (known) return known;
  const result = computeScheduleTimes(schedule, timeZone, minute);
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(key, result);
  return result;
}

function computeScheduleTimes(
  schedule: string,
  timeZone: string | undefined,
  now: number,
): ScheduleTimes {
  let expr = schedule.trim();
  let zone = timeZone;
  const prefix = /^(CRON_TZ|TZ)=(\S+)\s+/.exec(expr);
  if (prefix) {
    zone = prefix[2];
    expr = expr.slice(prefix[0].length).trim();
  }
  if (zone !== undefined && !isKnownTimeZone(zone))
    return { error: `unknown time zone "${zone}"` };
  if (expr.startsWith('@every')) return { unanchored: true };
  expr = DESCRIPTORS[expr] ?? expr;
  if (expr.split(/\s+/).length !== 5)
    return { error: `"${schedule}" does not have five fields` };
  try {
    const options = { currentDate: new Date(now), tz: zone ?? 'UTC' };
    const expression = CronExpressionParser.parse(expr, options);
    const previous = expression.prev().getTime();
    expression.reset(new Date(now));
    const next = expression.next().getTime();
    return { previous, next };
  } catch (e) {
    return { error: `"${schedule}" is not a valid cron expression` };
  }
}
