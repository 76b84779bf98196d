/*
 * Readers for untrusted object fields. Every reader returns `undefined` (or the
 * caller's default) for a missing field or a value of the wrong type, so rules
 * never throw on malformed input (status-model: malformed input becomes health
 * `unknown` with a reason, never an exception).
 */

/** The value as a plain object, or undefined. */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** The value as an array of plain objects (other items are dropped). */
export function asRecordList(value: unknown): Record<string, unknown>[] {
  if (!Array.isArray(value)) return [];
  const out: Record<string, unknown>[] = [];
  for (const item of value) {
    const rec = asRecord(item);
    if (rec) out.push(rec);
  }
  return out;
}

/** A nested field, `readPath(obj, 'status', 'replicas')`. */
export function readPath(value: unknown, ...keys: string[]): unknown {
  let cur: unknown = value;
  for (const key of keys) {
    const rec = asRecord(cur);
    if (!rec) return undefined;
    cur = rec[key];
  }
  return cur;
}

/** A non-empty string. */
export function readString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Messages can be long (stack traces in termination messages); rules and
 * projections keep the start, the same length everywhere so that a
 * projection is judged exactly like the object.
 */
export const MAX_MESSAGE_LENGTH = 1024;

/** The longest enum-like word (a phase, a status, a reason) put in a message. */
const MAX_WORD_LENGTH = 64;

function isWordChar(code: number): boolean {
  return (
    (code >= 48 && code <= 57) || // 0-9
    (code >= 65 && code <= 90) || // A-Z
    (code >= 97 && code <= 122) || // a-z
    code === 45 || // -
    code === 46 || // .
    code === 95 // _
  );
}

/**
 * A short enum-like word (`ErrorUnschedulable`, `CanaryPauseStep`), for
 * fields a controller fills from a fixed set but a hostile writer can fill
 * with anything: only letters, digits, `-`, `.`, `_`, at most 64 of them.
 */
export function readWord(value: unknown): string | undefined {
  const s = readString(value);
  if (!s || s.length > MAX_WORD_LENGTH) return undefined;
  for (let i = 0; i < s.length; i++) {
    if (!isWordChar(s.charCodeAt(i))) return undefined;
  }
  return s;
}

/** A message field: a non-empty string, bounded to MAX_MESSAGE_LENGTH. */
export function readMessage(value: unknown): string | undefined {
  const s = readString(value);
  return s && s.length > MAX_MESSAGE_LENGTH
    ? s.slice(0, MAX_MESSAGE_LENGTH)
    : s;
}

/**
 * A finite integer-like number. Numeric strings are accepted because YAML
 * written by hand sometimes quotes counts; anything else is absent.
 */
export function readNumber(value: unknown): number | undefined {
  if (typeof value === 'number')
    return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) {
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** A count that the controller defaults when absent (`spec.replicas` → 1). */
export function readCount(value: unknown, fallback: number): number {
  const n = readNumber(value);
  return n === undefined || n < 0 ? fallback : n;
}

/** A boolean; the strings "true"/"false" are accepted (annotations, hand-written YAML). */
export function readBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return undefined;
}

/** A string map (labels, annotations); non-string values are dropped. */
export function readStringMap(value: unknown): Record<string, string> {
  const rec = asRecord(value);
  const out: Record<string, string> = {};
  if (!rec) return out;
  for (const [k, v] of Object.entries(rec)) {
    if (typeof v === 'string') out[k] = v;
  }
  return out;
}

/**
 * True for a Date from any realm (another iframe or vm context fails
 * `instanceof Date`).
 */
export function isDate(value: unknown): value is Date {
  return Object.prototype.toString.call(value) === '[object Date]';
}

/** The evaluation time in epoch ms; NaN when the caller gave none. */
export function readNow(ctx: { now?: unknown } | undefined): number {
  const now = ctx?.now;
  return isDate(now) ? now.getTime() : NaN;
}

/**
 * Parsed times, by text: roll-ups read the same timestamps many times and
 * Date.parse dominates their profile. Bounded; pure.
 */
const parsedTimes = new Map<string, number>();
const PARSED_TIMES_LIMIT = 20_000;

/** An RFC 3339 time as epoch milliseconds. */
export function readTime(value: unknown): number | undefined {
  if (isDate(value)) {
    const t = value.getTime();
    return Number.isFinite(t) ? t : undefined;
  }
  if (typeof value !== 'string') return undefined;
  let ms = parsedTimes.get(value);
  if (ms === undefined) {
    ms = Date.parse(value);
    if (parsedTimes.size >= PARSED_TIMES_LIMIT) parsedTimes.clear();
    parsedTimes.set(value, ms);
  }
  return Number.isFinite(ms) ? ms : undefined;
}

/** An RFC 3339 string for a time field, normalised when it is a Date. */
export function readTimeString(value: unknown): string | undefined {
  if (isDate(value)) {
    return Number.isFinite(value.getTime()) ? value.toISOString() : undefined;
  }
  return readTime(value) === undefined ? undefined : (value as string);
}
