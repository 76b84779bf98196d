import { InputError } from '@backstage/errors';
import type { TimelineQuery } from '../../timeline/TimelineService';
import { quoted, singleQueryValue } from './queryValues';

export const DEFAULT_TIMELINE_LIMIT = 200;
export const MAX_TIMELINE_LIMIT = 1000;

/** RFC 3339 with a zone, as `Date.toISOString` and Kubernetes write them. */
const RFC3339 =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * `since` (an RFC 3339 time) and `limit` (1..1000, default 200), each
 * optional and given at most once.
 */
export function parseTimelineQuery(
  query: Record<string, unknown>,
): TimelineQuery {
  const out: TimelineQuery = { limit: DEFAULT_TIMELINE_LIMIT };
  const limit = singleQueryValue(query, 'limit');
  if (limit !== undefined) {
    const n = /^\d{1,4}$/.test(limit) ? Number(limit) : 0;
    if (n < 1 || n > MAX_TIMELINE_LIMIT) {
      throw new InputError(
        `Invalid limit '${quoted(
          limit,
        )}': must be an integer from 1 to ${MAX_TIMELINE_LIMIT}`,
      );
    }
    out.limit = n;
  }
  const since = singleQueryValue(query, 'since');
  if (since !== undefined) {
    const ms = RFC3339.test(since) ? Date.parse(since) : NaN;
    if (Number.isNaN(ms)) {
      throw new InputError(
        `Invalid since '${quoted(
          since,
        )}': must be an RFC 3339 time such as 2026-01-02T03:04:05Z`,
      );
    }
    // stored times are toISOString's: compare in the same form
    out.since = new Date(ms).toISOString();
  }
  return out;
}
