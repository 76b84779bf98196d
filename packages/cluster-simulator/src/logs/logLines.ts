/**
 * The `simulator.workload-status.dev/log-lines` annotation: a JSON array of
 * strings that is the exact log of every container of the pod (init
 * containers and sidecars included), in order, in every run. It lets a test
 * make a cluster serve the text it needs (pathological lines, secrets)
 * through the normal log endpoint, with the same tailLines / limitBytes /
 * timestamps / follow / previous handling as the profiles.
 *
 * A value that is not such an array is ignored: the pod keeps its profile's
 * log, and the simulator says why, once per pod and value.
 */
import { KubeObject } from '../types';
import { LOG_LINES_ANNOTATION } from '../controllers/context';
import { LogLine, RunInfo } from './profiles';

/** Every line is written within this long after the container starts. */
const WRITE_WINDOW_MS = 900;
/** The first line comes this long after the start, as an app takes a moment to boot. */
const FIRST_LINE_MS = 100;
/** Parsed values kept (per pod uid), so a follow poll does not re-parse megabytes. */
const MAX_CACHED = 500;

type Warn = (message: string) => void;

let warn: Warn = message => console.warn(`cluster-simulator: ${message}`);

/** Replaces where the malformed-annotation message goes (tests). */
export function setLogLinesWarning(next: Warn): Warn {
  const previous = warn;
  warn = next;
  return previous;
}

interface Parsed {
  raw: string;
  lines: readonly string[] | undefined;
}

const cache = new Map<string, Parsed>();

function parse(raw: string): readonly string[] | string {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (e) {
    return `not JSON (${(e as Error).message})`;
  }
  if (!Array.isArray(value)) return 'not a JSON array';
  const bad = value.findIndex(v => typeof v !== 'string');
  if (bad >= 0) return `item ${bad} is not a string`;
  // A line is what comes between newlines: a string holding one would be two lines.
  const multi = value.findIndex(v => (v as string).includes('\n'));
  if (multi >= 0) return `item ${multi} contains a newline`;
  return value as string[];
}

/**
 * The lines the pod's annotation asks for, or undefined when it has none
 * or a malformed one (then a warning names the pod and the problem).
 */
export function annotatedLogLines(
  pod: KubeObject,
): readonly string[] | undefined {
  const raw = pod.metadata.annotations?.[LOG_LINES_ANNOTATION];
  if (raw === undefined) return undefined;
  const key =
    pod.metadata.uid ?? `${pod.metadata.namespace}/${pod.metadata.name}`;
  const cached = cache.get(key);
  if (cached && cached.raw === raw) return cached.lines;
  const parsed = parse(raw);
  const lines = typeof parsed === 'string' ? undefined : parsed;
  if (typeof parsed === 'string') {
    warn(
      `pod ${pod.metadata.namespace}/${pod.metadata.name}: annotation ${LOG_LINES_ANNOTATION} ignored: ${parsed}; the pod keeps its ordinary log`,
    );
  }
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
  cache.set(key, { raw, lines });
  return lines;
}

/**
 * The annotated lines as one run of a container writes them: spread over
 * the run's first second (in order; never after the run ended), so that
 * timestamps, sinceTime and follow behave as for any log.
 */
export function renderLogLines(
  lines: readonly string[],
  run: RunInfo,
  until: number,
): LogLine[] {
  const out: LogLine[] = [];
  const last = run.end ?? Infinity;
  for (let i = 0; i < lines.length; i++) {
    const ts = Math.min(
      run.start +
        FIRST_LINE_MS +
        Math.floor((i * WRITE_WINDOW_MS) / Math.max(1, lines.length)),
      Math.max(run.start, last),
    );
    if (ts > until) break;
    out.push({ ts, text: lines[i] });
  }
  return out;
}
