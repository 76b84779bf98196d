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

export function scheduleTimes(
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
    const previous = CronExpressionParser.parse(expr, options).prev().getTime();
    const next = CronExpressionParser.parse(expr, options).next().getTime();
    return { previous, next };
  } catch (e) {
    return { error: `"${schedule}" is not a valid cron expression` };
  }
}
