/**
 * What metrics-server would report for a pod: the CPU and memory (working
 * set) of each running container, at the simulated time. Derived from the
 * pod object alone (its spec, its container statuses, its behaviour
 * annotation), so seeded pods of scale scenarios have usage as well.
 *
 * Most containers use steady figures below their requests, stable per
 * container with a small wobble per 15 s scrape. The main container of a
 * pod with the `memory-leak` behaviour grows over each run: a quick climb
 * to 90 % of its memory limit, then a slow creep to the limit, which it
 * reaches when its run ends (the pod controller then OOM-kills it).
 */
import { parseDuration } from '../clock';
import { KubeObject } from '../types';
import { BEHAVIOUR_ANNOTATION, RUN_FOR_ANNOTATION } from './context';
import { stableHash } from './images';

/**
 * One run of a leaking container. Longer than twice the kubelet's maximum
 * restart back-off (5 min), so each kill restarts after the first back-off
 * step (10 s) instead of a growing CrashLoopBackOff: the service spends its
 * time running close to its limit, which is what the behaviour shows.
 */
export const MEMORY_LEAK_RUN_FOR_MS = 11 * 60_000;
/** How long a leaking container takes to climb from 60 % to 90 % of its limit. */
const LEAK_RAMP_MS = 15_000;
/** metrics-server's scrape resolution: figures change this often. */
const SCRAPE_MS = 15_000;
/** A leaking container without a memory limit leaks toward this (it never gets killed). */
const DEFAULT_LEAK_CEILING = 512 * 1024 * 1024;

export interface ContainerUsage {
  name: string;
  /** nanocores */
  cpuNanocores: number;
  /** working-set bytes */
  memoryBytes: number;
}

const DECIMAL_SUFFIXES: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
};
const BINARY_SUFFIXES: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
};

/** `250m` -> 0.25, `256Mi` -> 268435456; undefined when unreadable. */
export function quantityValue(text: unknown): number | undefined {
  if (typeof text === 'number') return text;
  if (typeof text !== 'string') return undefined;
  const m = /^([+-]?[0-9.]+(?:[eE][+-]?[0-9]+)?)(Ki|Mi|Gi|Ti|[numkMGT]?)$/.exec(
    text.trim(),
  );
  if (!m) return undefined;
  const scale = BINARY_SUFFIXES[m[2]] ?? DECIMAL_SUFFIXES[m[2]];
  const value = Number(m[1]) * scale;
  return Number.isFinite(value) ? value : undefined;
}

/** Nanocores as metrics-server prints them: `12m` when whole millicores, else `250000n`. */
export function formatCpu(nanocores: number): string {
  const n = Math.max(0, Math.round(nanocores));
  if (n % 1_000_000 === 0) return `${n / 1_000_000}m`;
  if (n % 1000 === 0) return `${n / 1000}u`;
  return `${n}n`;
}

/** Bytes in the largest binary suffix that divides them (`123456Ki`). */
export function formatMemory(bytes: number): string {
  const b = Math.max(0, Math.round(bytes));
  for (const [suffix, scale] of [
    ['Gi', 2 ** 30],
    ['Mi', 2 ** 20],
    ['Ki', 2 ** 10],
  ] as const) {
    if (b && b % scale === 0) return `${b / scale}${suffix}`;
  }
  return String(b);
}

function resourceOf(container: any, kind: 'requests' | 'limits', name: string) {
  return quantityValue(container?.resources?.[kind]?.[name]);
}

/** The run length of a leaking pod (its run-for annotation, else the default). */
export function memoryLeakRunForMs(pod: KubeObject): number {
  const v = pod.metadata.annotations?.[RUN_FOR_ANNOTATION];
  return v ? parseDuration(v) : MEMORY_LEAK_RUN_FOR_MS;
}

/** The memory a leaking container holds `elapsedMs` into a run of `runForMs`. */
export function leakedMemory(
  limitBytes: number,
  elapsedMs: number,
  runForMs: number,
): number {
  const ramp = Math.min(LEAK_RAMP_MS, runForMs / 4);
  if (elapsedMs <= ramp)
    return limitBytes * (0.6 + (0.3 * Math.max(0, elapsedMs)) / ramp);
  const creep = Math.min(1, (elapsedMs - ramp) / Math.max(1, runForMs - ramp));
  // below the limit until the kill: the kernel kills on the allocation that passes it
  return Math.min(limitBytes * (0.9 + 0.1 * creep), limitBytes - 4096);
}

/**
 * Usage of the pod's running containers; undefined for a pod that runs
 * none (metrics-server lists only pods with running containers).
 */
export function podUsage(
  pod: KubeObject,
  now: number,
): ContainerUsage[] | undefined {
  if (pod.status?.phase !== 'Running' || pod.metadata.deletionTimestamp)
    return undefined;
  const specs = new Map<string, any>(
    (pod.spec?.containers ?? []).map((c: any) => [c.name, c]),
  );
  const mainName = pod.spec?.containers?.[0]?.name;
  const leaking =
    pod.metadata.annotations?.[BEHAVIOUR_ANNOTATION] === 'memory-leak';
  const scrape = Math.floor(now / SCRAPE_MS);
  const out: ContainerUsage[] = [];
  for (const status of pod.status?.containerStatuses ?? []) {
    const running = status?.state?.running;
    if (!running) continue;
    const spec = specs.get(status.name);
    const seed = stableHash(`${pod.metadata.uid}/${status.name}`);
    const wobble = 1 + ((stableHash(`${seed}:${scrape}`) % 101) - 50) / 1000;
    const cpuRequest = resourceOf(spec, 'requests', 'cpu');
    const cpuShare = 0.2 + (seed % 40) / 100;
    const cpuCores = cpuRequest
      ? cpuRequest * cpuShare * wobble
      : (0.004 + (seed % 25) / 1000) * wobble;
    const memoryRequest = resourceOf(spec, 'requests', 'memory');
    const memoryLimit = resourceOf(spec, 'limits', 'memory');
    let memory: number;
    if (leaking && status.name === mainName) {
      const started = Date.parse(running.startedAt ?? '');
      const elapsed = Number.isFinite(started) ? now - started : 0;
      memory = leakedMemory(
        memoryLimit ?? DEFAULT_LEAK_CEILING,
        elapsed,
        memoryLeakRunForMs(pod),
      );
    } else {
      const base =
        memoryRequest ?? (memoryLimit ? memoryLimit / 2 : 96 * 1024 * 1024);
      memory = base * (0.4 + ((seed >>> 8) % 30) / 100) * wobble;
    }
    out.push({
      name: status.name,
      cpuNanocores: Math.round(cpuCores * 1e9),
      // the kernel counts pages: whole KiB
      memoryBytes: Math.round(memory / 1024) * 1024,
    });
  }
  return out.length ? out : undefined;
}
