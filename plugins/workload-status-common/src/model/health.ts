import { HEALTH_ORDER, Health } from './types';

const rank = new Map<Health, number>(HEALTH_ORDER.map((h, i) => [h, i]));

/** True when `a` is worse than `b` in the roll-up order. @public */
export function isWorse(a: Health, b: Health): boolean {
  return (rank.get(a) ?? 0) < (rank.get(b) ?? 0);
}

/**
 * The worst of the given healths; `fallback` when there are none (an empty
 * roll-up is not an error, it is whatever the caller says nothing means).
 * @public
 */
export function worstHealth(
  healths: Iterable<Health>,
  fallback: Health = 'ok',
): Health {
  let worst: Health | undefined;
  for (const h of healths) {
    if (worst === undefined || isWorse(h, worst)) worst = h;
  }
  return worst ?? fallback;
}
