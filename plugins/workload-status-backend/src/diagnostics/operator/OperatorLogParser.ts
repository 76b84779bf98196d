import type { OperatorLogLine } from '@workload-status/backstage-plugin-workload-status-common';

/** An object a log line names: namespace and name, and the kind when the line says it. */
export interface NamedObject {
  kind?: string;
  namespace: string;
  name: string;
}

/** One operator log line, parsed. */
export interface ParsedOperatorLine {
  /** RFC 3339 */
  time?: string;
  level: OperatorLogLine['level'];
  message: string;
  error?: string;
  /** every object the line names, most specific first */
  objects: NamedObject[];
}

// klog's header: Lmmdd hh:mm:ss.uuuuuu threadid file:line] msg
const KLOG =
  /^([IWEF])(\d\d)(\d\d) (\d\d:\d\d:\d\d(?:\.\d{1,9})?)\s+\d+\s+[^\]\s]+\]\s?(.*)$/;
// a namespace (DNS label) and a name (DNS subdomain), each checked whole
const NAMESPACE = /^[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?$/;
const NAME = /^[a-z0-9](?:[-.a-z0-9]{0,251}[a-z0-9])?$/;
// the longest kind word (horizontalpodautoscaler) and then some
const MAX_KIND_WORD = 32;
const SLASH = 0x2f;
// a line names a few objects; a line naming thousands is read for its first
const MAX_MENTIONS = 100;
// klog lines carry a few key=value pairs; the rest of a longer one is text
const MAX_KLOG_PAIRS = 256;
// the kinds a plain message may name before the namespace/name (a Map:
// a line's "constructor" or "__proto__" must find nothing)
const KIND_WORDS = new Map<string, string>(
  [
    'Pod',
    'Deployment',
    'ReplicaSet',
    'StatefulSet',
    'DaemonSet',
    'Job',
    'CronJob',
    'Service',
    'PipelineRun',
    'TaskRun',
    'BuildRun',
    'HorizontalPodAutoscaler',
  ].map(kind => [kind.toLowerCase(), kind]),
);

/**
 * Parses an operator's log line: controller-runtime's zap JSON (level, ts
 * as float seconds or RFC 3339, msg, error, namespace/name, controllerKind,
 * `<Kind>: {name, namespace}`), klog text (`E1122 06:01:02.123456 1
 * file.go:123] "msg" err="..." Deployment="shop/checkout"`, or a plain
 * message that mentions `deployment shop/checkout`), or any other text
 * (which is scanned for namespace/name mentions). `now` gives klog's
 * missing year.
 */
export function parseOperatorLine(
  raw: string,
  now: number,
): ParsedOperatorLine | undefined {
  const line = raw.trim();
  if (!line) return undefined;
  if (line.startsWith('{')) {
    const parsed = parseJson(line);
    if (parsed) return parsed;
  }
  const klog = KLOG.exec(line);
  if (klog) return parseKlog(klog, now);
  return {
    level: /\b(error|fatal|panic)\b/i.test(line) ? 'error' : 'info',
    message: line,
    objects: mentions(line),
  };
}

function parseJson(line: string): ParsedOperatorLine | undefined {
  let record: Record<string, unknown>;
  try {
    const value = JSON.parse(line);
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      return undefined;
    }
    record = value;
  } catch {
    return undefined;
  }
  const message = str(record.msg) ?? str(record.message) ?? '';
  const error = str(record.error) ?? str(record.err);
  const objects: NamedObject[] = [];
  const controllerKind = str(record.controllerKind);
  for (const [key, value] of Object.entries(record)) {
    // controller-runtime: "Deployment":{"name":"checkout","namespace":"shop"}
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const o = value as Record<string, unknown>;
      const name = str(o.name);
      const namespace = str(o.namespace);
      if (name && namespace) {
        objects.push({ kind: kindOfKey(key), namespace, name });
      }
    } else if (typeof value === 'string' && isKindKey(key)) {
      const ref = namespacedName(value);
      if (ref) objects.push({ kind: kindOfKey(key), ...ref });
    }
  }
  const namespace = str(record.namespace);
  const name = str(record.name);
  if (namespace && name) {
    objects.push({ kind: controllerKind, namespace, name });
  }
  append(objects, mentions(message), mentions(error ?? ''));
  return {
    time: jsonTime(record.ts ?? record.time ?? record.timestamp),
    level: jsonLevel(record.level ?? record.severity ?? record.lvl),
    message,
    ...(error !== undefined ? { error } : {}),
    objects,
  };
}

function parseKlog(m: RegExpExecArray, now: number): ParsedOperatorLine {
  const [, severity, month, day, clock, rest] = m;
  const level = ({ I: 'info', W: 'warning', E: 'error', F: 'error' } as const)[
    severity as 'I' | 'W' | 'E' | 'F'
  ];
  let message = rest;
  let error: string | undefined;
  const objects: NamedObject[] = [];
  const quoted = /^"((?:[^"\\]|\\.)*)"\s*(.*)$/.exec(rest);
  if (quoted) {
    // structured klog: "message" key=value ...
    message = unquote(quoted[1]);
    for (const [key, rawValue] of klogPairs(quoted[2])) {
      const value = rawValue.startsWith('"')
        ? unquote(rawValue.slice(1, -1))
        : rawValue;
      if (key === 'err' || key === 'error') error = value;
      else if (isKindKey(key) || KIND_WORDS.has(key.toLowerCase())) {
        const ref = namespacedName(value);
        if (ref) objects.push({ kind: kindOfKey(key), ...ref });
      }
    }
  }
  append(objects, mentions(message), mentions(error ?? ''));
  return {
    time: klogTime(month, day, clock, now),
    level,
    message,
    ...(error !== undefined ? { error } : {}),
    objects,
  };
}

/**
 * `namespace/name` mentions in free text, with the kind word before them
 * ("deployment shop/checkout"). One pass over the text: a mention is a
 * whole token of [A-Za-z0-9_./-] characters with one `/` between a
 * namespace and a name; the kind word is read backwards from it, at most
 * a few characters. No pattern ever runs on the whole text, so a line of
 * megabytes costs time in proportion to its length. The first 100
 * mentions are kept.
 */
export function mentions(text: string): NamedObject[] {
  const found: NamedObject[] = [];
  const n = text.length;
  let i = 0;
  while (i < n && found.length < MAX_MENTIONS) {
    if (!isTokenChar(text.charCodeAt(i))) {
      i += 1;
      continue;
    }
    const start = i;
    let slash = -1;
    let slashes = 0;
    while (i < n && isTokenChar(text.charCodeAt(i))) {
      if (text.charCodeAt(i) === SLASH) {
        slashes += 1;
        slash = i;
      }
      i += 1;
    }
    // a namespace is at most 63 characters, a name 253
    if (slashes !== 1 || i - start > 317) continue;
    const namespace = text.slice(start, slash);
    const name = text.slice(slash + 1, i);
    if (!NAMESPACE.test(namespace) || !NAME.test(name)) continue;
    const kind = KIND_WORDS.get(kindWordBefore(text, start).toLowerCase());
    found.push({ ...(kind ? { kind } : {}), namespace, name });
  }
  return found;
}

// [A-Za-z0-9_./-]: what may touch a namespace/name without being part of it
function isTokenChar(c: number): boolean {
  return (
    (c >= 0x61 && c <= 0x7a) || // a-z
    (c >= 0x41 && c <= 0x5a) || // A-Z
    (c >= 0x30 && c <= 0x39) || // 0-9
    c === 0x5f || // _
    c === 0x2e || // .
    c === SLASH ||
    c === 0x2d // -
  );
}

function isLetter(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
}

/** What `\s` matches, without a pattern. */
function isSpace(ch: string): boolean {
  const c = ch.charCodeAt(0);
  return (
    (c >= 0x09 && c <= 0x0d) ||
    c === 0x20 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/**
 * The word before `end`, past spaces and one quote: `deployment` in
 * `deployment "shop/checkout`; empty when there is none or it is longer
 * than any kind word.
 */
function kindWordBefore(text: string, end: number): string {
  let i = end - 1;
  while (i >= 0 && end - i <= MAX_KIND_WORD && isSpace(text[i])) i -= 1;
  if (i >= 0 && (text[i] === '"' || text[i] === "'")) i -= 1;
  while (i >= 0 && end - i <= 2 * MAX_KIND_WORD && isSpace(text[i])) i -= 1;
  const wordEnd = i + 1;
  while (i >= 0 && wordEnd - i <= MAX_KIND_WORD && isLetter(text.charCodeAt(i)))
    i -= 1;
  // a longer run of letters is no kind word (and was not read to its start)
  if (i >= 0 && isLetter(text.charCodeAt(i))) return '';
  return text.slice(i + 1, wordEnd);
}

/**
 * klog's `key=value` and `key="quoted value"` pairs, in one pass (the
 * first 256). A key is a letter and then [A-Za-z0-9_.-] characters, ending
 * at the `=`.
 */
export function klogPairs(text: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  const n = text.length;
  let i = 0;
  while (i < n && pairs.length < MAX_KLOG_PAIRS) {
    if (!isKeyChar(text.charCodeAt(i))) {
      i += 1;
      continue;
    }
    const runStart = i;
    while (i < n && isKeyChar(text.charCodeAt(i))) i += 1;
    if (text[i] !== '=') continue;
    // the key starts at the run's first letter
    let keyStart = runStart;
    while (keyStart < i && !isLetter(text.charCodeAt(keyStart))) keyStart += 1;
    const eq = i;
    i += 1;
    if (keyStart === eq) continue;
    const key = text.slice(keyStart, eq);
    if (text[i] === '"') {
      const close = closingQuote(text, i + 1);
      if (close < 0) continue;
      pairs.push([key, text.slice(i, close + 1)]);
      i = close + 1;
    } else {
      const valueStart = i;
      while (i < n && text[i] !== '"' && !isSpace(text[i])) i += 1;
      if (i > valueStart) pairs.push([key, text.slice(valueStart, i)]);
    }
  }
  return pairs;
}

// [A-Za-z0-9_.-]
function isKeyChar(c: number): boolean {
  return isTokenChar(c) && c !== SLASH;
}

/**
 * The index of the quote that ends a quoted value starting at `from`
 * (backslash escapes skipped), or -1. Only one value per line can run to
 * the end unclosed: a later opening quote would have closed it.
 */
function closingQuote(text: string, from: number): number {
  for (let i = from; i < text.length; i += 1) {
    if (text[i] === '\\') i += 1;
    else if (text[i] === '"') return i;
  }
  return -1;
}

/** Pushes without spreading: a spread of many items overflows the stack. */
function append(to: NamedObject[], ...lists: NamedObject[][]) {
  for (const list of lists) for (const item of list) to.push(item);
}

function namespacedName(value: string) {
  const slash = value.indexOf('/');
  if (slash < 0 || value.indexOf('/', slash + 1) >= 0) return undefined;
  const namespace = value.slice(0, slash);
  const name = value.slice(slash + 1);
  return NAMESPACE.test(namespace) && NAME.test(name)
    ? { namespace, name }
    : undefined;
}

// a Kind: "Deployment", "CronJob" (controller-runtime logs the object under its Kind)
function isKindKey(key: string) {
  return /^[A-Z][A-Za-z0-9]*$/.test(key);
}

function kindOfKey(key: string): string | undefined {
  if (isKindKey(key)) return key;
  return KIND_WORDS.get(key.toLowerCase());
}

function jsonLevel(value: unknown): ParsedOperatorLine['level'] {
  if (typeof value === 'number') {
    // zap: -1 debug (and V-levels below), 0 info, 1 warn, 2+ error
    if (value < 0) return 'debug';
    if (value === 0) return 'info';
    return value === 1 ? 'warning' : 'error';
  }
  const level = String(value ?? 'info').toLowerCase();
  if (['error', 'dpanic', 'panic', 'fatal', 'critical'].includes(level)) {
    return 'error';
  }
  if (level === 'warn' || level === 'warning') return 'warning';
  if (level === 'debug' || level === 'trace' || /^v?\d+$/.test(level)) {
    return level === '0' ? 'info' : 'debug';
  }
  return 'info';
}

function jsonTime(value: unknown): string | undefined {
  let ms = Number.NaN;
  if (typeof value === 'number') {
    // float seconds (zap's epoch encoder); milliseconds if implausibly large
    ms = value > 1e11 ? value : value * 1000;
  } else if (typeof value === 'string') {
    ms = Date.parse(value);
  }
  // a time Date cannot hold ("ts": 1e300) is no time; the line stays
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

function klogTime(month: string, day: string, clock: string, now: number) {
  // klog has no year: the line's is the latest that puts it not after now
  const year = new Date(now).getUTCFullYear();
  const iso = (y: number) =>
    `${y}-${month}-${day}T${clock.replace(/(\.\d{3})\d*$/, '$1')}Z`;
  let ms = Date.parse(iso(year));
  if (Number.isNaN(ms)) return undefined;
  if (ms > now + 86_400_000) ms = Date.parse(iso(year - 1));
  return new Date(ms).toISOString();
}

function unquote(s: string) {
  try {
    return JSON.parse(`"${s}"`) as string;
  } catch {
    return s;
  }
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
