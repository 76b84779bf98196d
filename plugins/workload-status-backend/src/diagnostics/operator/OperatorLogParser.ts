import type { OperatorLogLine } from '@internal/plugin-workload-status-common';

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
// `key="quoted value"` or `key=value` in klog's structured form
const KLOG_PAIR = /([A-Za-z][\w.-]*)=("(?:[^"\\]|\\.)*"|[^\s"]+)/g;
// a namespace/name mention: "shop/checkout" (DNS label / DNS subdomain)
const NAMESPACED_NAME =
  /(?:^|[^\w./-])([a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?)\/([a-z0-9](?:[-.a-z0-9]{0,251}[a-z0-9])?)(?![\w./-])/g;
// the kinds a plain message may name before the namespace/name
const KIND_WORDS: Record<string, string> = {
  pod: 'Pod',
  deployment: 'Deployment',
  replicaset: 'ReplicaSet',
  statefulset: 'StatefulSet',
  daemonset: 'DaemonSet',
  job: 'Job',
  cronjob: 'CronJob',
  service: 'Service',
  pipelinerun: 'PipelineRun',
  taskrun: 'TaskRun',
  buildrun: 'BuildRun',
  horizontalpodautoscaler: 'HorizontalPodAutoscaler',
};

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
  objects.push(...mentions(message), ...mentions(error ?? ''));
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
    for (const [, key, rawValue] of quoted[2].matchAll(KLOG_PAIR)) {
      const value = rawValue.startsWith('"')
        ? unquote(rawValue.slice(1, -1))
        : rawValue;
      if (key === 'err' || key === 'error') error = value;
      else if (isKindKey(key) || KIND_WORDS[key.toLowerCase()]) {
        const ref = namespacedName(value);
        if (ref) objects.push({ kind: kindOfKey(key), ...ref });
      }
    }
  }
  objects.push(...mentions(message), ...mentions(error ?? ''));
  return {
    time: klogTime(month, day, clock, now),
    level,
    message,
    ...(error !== undefined ? { error } : {}),
    objects,
  };
}

/** `namespace/name` mentions in free text, with the kind word before them. */
function mentions(text: string): NamedObject[] {
  const found: NamedObject[] = [];
  for (const m of text.matchAll(NAMESPACED_NAME)) {
    const before = text.slice(0, m.index! + m[0].indexOf(m[1]));
    const word = /([A-Za-z]+)\s*["']?\s*$/.exec(before)?.[1]?.toLowerCase();
    const kind = word ? KIND_WORDS[word] : undefined;
    found.push({
      ...(kind ? { kind } : {}),
      namespace: m[1],
      name: m[2],
    });
  }
  return found;
}

function namespacedName(value: string) {
  const m =
    /^([a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?)\/([a-z0-9](?:[-.a-z0-9]{0,251}[a-z0-9])?)$/.exec(
      value,
    );
  return m ? { namespace: m[1], name: m[2] } : undefined;
}

// a Kind: "Deployment", "CronJob" (controller-runtime logs the object under its Kind)
function isKindKey(key: string) {
  return /^[A-Z][A-Za-z0-9]*$/.test(key);
}

function kindOfKey(key: string): string | undefined {
  if (isKindKey(key)) return key;
  return KIND_WORDS[key.toLowerCase()];
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
  if (typeof value === 'number' && Number.isFinite(value)) {
    // float seconds (zap's epoch encoder); milliseconds if implausibly large
    const ms = value > 1e11 ? value : value * 1000;
    return new Date(ms).toISOString();
  }
  if (typeof value === 'string') {
    const ms = Date.parse(value);
    if (!Number.isNaN(ms)) return new Date(ms).toISOString();
  }
  return undefined;
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
