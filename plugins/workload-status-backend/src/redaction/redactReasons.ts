import type { Reason } from '@workload-status/backstage-plugin-workload-status-common';
import { redactText } from './redactText';

/**
 * Reasons with their free texts (message, hint) redacted. Used where
 * reasons are kept apart from the cache (stored job runs), and on reading
 * them back, so that rows written before redaction existed are safe too.
 * Tolerates what a database row may hold: entries that are not objects are
 * dropped, fields that are not strings are left as they are.
 */
export function redactReasons(reasons: readonly unknown[]): Reason[] {
  const out: Reason[] = [];
  for (const reason of reasons) {
    if (!reason || typeof reason !== 'object' || Array.isArray(reason)) {
      continue;
    }
    const r = { ...(reason as Record<string, unknown>) };
    for (const key of ['message', 'hint']) {
      if (typeof r[key] === 'string') r[key] = redactText(r[key] as string);
    }
    out.push(r as unknown as Reason);
  }
  return out;
}
