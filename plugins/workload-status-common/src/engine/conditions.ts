/*
 * Readers for `status.conditions`, the list every controller writes. Only the
 * fields rules read are returned.
 */
import {
  asRecordList,
  readMessage,
  readPath,
  readString,
  readTimeString,
} from './fields';

/** One condition, as rules read it. */
export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown' | string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

/** All well-formed conditions of an object (`status.conditions`). */
export function readConditions(obj: unknown): Condition[] {
  const out: Condition[] = [];
  for (const c of asRecordList(readPath(obj, 'status', 'conditions'))) {
    const type = readString(c.type);
    if (!type) continue;
    // Some writers put booleans here; the API's contract is the strings.
    let status = readString(c.status) ?? 'Unknown';
    if (c.status === true) status = 'True';
    if (c.status === false) status = 'False';
    out.push({
      type,
      status,
      reason: readString(c.reason),
      message: readMessage(c.message),
      lastTransitionTime: readTimeString(c.lastTransitionTime),
    });
  }
  return out;
}

/** The condition of that type, when present (the last one wins, as in a map). */
export function findCondition(
  obj: unknown,
  type: string,
): Condition | undefined {
  let found: Condition | undefined;
  for (const c of readConditions(obj)) if (c.type === type) found = c;
  return found;
}

/** True when the condition is present with status `True`. */
export function isConditionTrue(obj: unknown, type: string): boolean {
  return findCondition(obj, type)?.status === 'True';
}
