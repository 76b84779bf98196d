/** Most evaluations one search for the next change may take. */
const MAX_PROBES = 12;

/**
 * When time alone next changes a status, found by judging the same
 * objects at later times, not by knowing the rules: every time rule
 * compares `now` with a time in the objects (a grace period, a restart
 * window, a schedule), so a status is a step function of time with the
 * objects held still. `fingerprintAt(t)` is the status judged at `t`.
 *
 * The status at `now + horizonMs` is compared with the current one; when
 * they differ, the first change is bisected, to within 1 s or 1/32 of its
 * distance (a change 10 minutes away is found within ~20 s), and no closer
 * to `now` than `soonestMs`: nearer changes are judged then. When they do
 * not, the answer is `now + horizonMs`: judged again then. A change that
 * comes and goes inside the horizon is missed until then; the rules'
 * windows are shorter than the horizon and do not undo one another.
 *
 * Returns the time to judge the entity again and whether a change was
 * found before the horizon.
 */
export function nextStatusChange(options: {
  now: number;
  horizonMs: number;
  current: string;
  fingerprintAt: (t: number) => string;
  soonestMs?: number;
}): { at: number; changes: boolean } {
  const { now, horizonMs, current, fingerprintAt } = options;
  const soonest = now + (options.soonestMs ?? 1000);
  let hi = now + horizonMs;
  if (fingerprintAt(hi) === current) return { at: hi, changes: false };
  let lo = now;
  for (let probes = 1; probes < MAX_PROBES; probes++) {
    const precision = Math.max(1000, (hi - now) / 32);
    if (hi - lo <= precision || hi <= soonest) break;
    const mid = Math.floor((lo + hi) / 2);
    if (fingerprintAt(mid) === current) lo = mid;
    else hi = mid;
  }
  return { at: hi, changes: true };
}
