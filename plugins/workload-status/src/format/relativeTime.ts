import { formatDuration } from './duration';

/** Milliseconds since the epoch, or undefined for a missing or bad time. */
function parse(time: string | undefined): number | undefined {
  if (!time) return undefined;
  const ms = Date.parse(time);
  return Number.isNaN(ms) ? undefined : ms;
}

/** How old something is, kubectl style (`5m`), or undefined when unknown. */
export function formatAge(
  time: string | undefined,
  now: number,
): string | undefined {
  const t = parse(time);
  return t === undefined ? undefined : formatDuration((now - t) / 1000);
}

/**
 * `5m ago` or `in 5m`, `just now` within a second either way (the
 * backend's clock and the browser's differ by that much, and "in 0s" of
 * something that happened reads wrong), or undefined when the time is
 * unknown.
 */
export function formatRelative(
  time: string | undefined,
  now: number,
): string | undefined {
  const t = parse(time);
  if (t === undefined) return undefined;
  if (Math.abs(now - t) < 1000) return 'just now';
  const span = formatDuration(Math.abs(now - t) / 1000);
  return t > now ? `in ${span}` : `${span} ago`;
}

/**
 * The full time for a title attribute or a tooltip, in the reader's locale
 * and time zone with the zone named, since cluster times are UTC.
 */
export function formatTimestamp(time: string | undefined): string | undefined {
  const t = parse(time);
  if (t === undefined) return undefined;
  return new Date(t).toLocaleString(undefined, { timeZoneName: 'short' });
}
