import cronstrue from 'cronstrue';

/** The macros Kubernetes accepts besides five-field expressions. */
const MACROS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

/**
 * A CronJob schedule in words (`At 02:00 AM`), or undefined when it cannot
 * be read. Kubernetes also accepts a `CRON_TZ=`/`TZ=` prefix (deprecated in
 * favour of spec.timeZone); it is split off and returned as the time zone.
 */
export function describeSchedule(schedule: string): {
  text?: string;
  timeZone?: string;
} {
  let expr = schedule.trim();
  let timeZone: string | undefined;
  const prefix = /^(?:CRON_TZ|TZ)=(\S+)\s+(.*)$/.exec(expr);
  if (prefix) {
    timeZone = prefix[1];
    expr = prefix[2];
  }
  expr = MACROS[expr.toLocaleLowerCase('en-US')] ?? expr;
  try {
    const text = cronstrue.toString(expr, { use24HourTimeFormat: true });
    return { text, timeZone };
  } catch {
    return { timeZone };
  }
}
