/**
 * The simulated cluster's clock. Every timestamp in every object, every
 * controller delay and every log line derives from `now()`, so a test can
 * step time instead of sleeping and get the same objects every run.
 *
 * - `manual`: time moves only when `advance(ms)` is called (tests).
 * - `real`: wall-clock time.
 * - `{ factor }`: wall-clock time accelerated by `factor` from the start.
 */
export type ClockMode = 'manual' | 'real' | { factor: number };

export interface Clock {
  readonly mode: ClockMode;
  /** Current simulated time in milliseconds since the epoch. */
  nowMs(): number;
  now(): Date;
  /** Manual clock only: move time forward (other modes throw). */
  advanceBy(ms: number): void;
}

/** The default start of a manual clock: fixed so that tests are deterministic. */
export const DEFAULT_MANUAL_START = Date.parse('2026-01-15T10:00:00Z');

export function createClock(mode: ClockMode, startMs?: number): Clock {
  if (mode === 'manual') {
    let current = startMs ?? DEFAULT_MANUAL_START;
    return {
      mode,
      nowMs: () => current,
      now: () => new Date(current),
      advanceBy: (ms: number) => {
        if (ms < 0) throw new Error('the clock cannot go backwards');
        current += ms;
      },
    };
  }
  const factor = mode === 'real' ? 1 : mode.factor;
  if (!(factor > 0)) throw new Error(`invalid clock factor ${factor}`);
  const realStart = Date.now();
  const simStart = startMs ?? realStart;
  const nowMs = () => simStart + (Date.now() - realStart) * factor;
  return {
    mode,
    nowMs,
    now: () => new Date(nowMs()),
    advanceBy: () => {
      throw new Error('only a manual clock can be advanced');
    },
  };
}

/** Parses `real`, `manual`, `10x` or `10` into a clock mode (CLI). */
export function parseClockMode(text: string): ClockMode {
  if (text === 'real' || text === 'manual') return text;
  const m = /^(\d+(?:\.\d+)?)x?$/.exec(text);
  if (!m)
    throw new Error(`--clock must be real, manual or <factor>x, got "${text}"`);
  return { factor: Number(m[1]) };
}

/** Parses durations as scenarios write them: `90s`, `3m`, `1h30m`, `500ms`, or a number of seconds. */
export function parseDuration(value: string | number): number {
  if (typeof value === 'number') return value * 1000;
  const text = value.trim();
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/g;
  let total = 0;
  let matched = '';
  const sign = text.startsWith('-') ? -1 : 1;
  const body = text.replace(/^-/, '');
  for (let m = re.exec(body); m; m = re.exec(body)) {
    matched += m[0];
    const n = Number(m[1]);
    const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[
      m[2] as 'ms'
    ];
    total += n * unit;
  }
  if (matched !== body) throw new Error(`invalid duration "${value}"`);
  return sign * total;
}

/** RFC 3339 with second precision, as the apiserver writes metav1.Time. */
export function kubeTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000)
    .toISOString()
    .replace('.000Z', 'Z');
}

/** RFC 3339 with microseconds, as the apiserver writes metav1.MicroTime (events.k8s.io eventTime). */
export function kubeMicroTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}
