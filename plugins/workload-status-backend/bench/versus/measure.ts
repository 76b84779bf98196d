/*
 * What the versus driver measures with: the backend child's CPU and memory
 * from /proc (its own counters, so the load of other processes on a shared
 * machine does not enter them), the apiserver counters of the cluster
 * proxies, and timed HTTP calls as a browser would make them.
 */
import { readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** CPU seconds (user + system) the process has used so far. */
export function processCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // fields after the command name, which may hold spaces: utime is 14th
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** Resident and peak resident memory in MiB. */
export function processMemoryMiB(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (key: string) =>
    Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
  return { rss: kib('VmRSS') / 1024, hwm: kib('VmHWM') / 1024 };
}

/** What the backend's memory is made of (MiB), as it last logged it. */
export interface BackendMemory {
  heapTotal: number;
  heapUsed: number;
  /** outside the JS heap: Buffers and ArrayBuffers among it */
  external: number;
}

/** The last `versus-memory` line of the backend's log (versusBackend.ts). */
export function lastBackendMemory(logFile: string): BackendMemory | undefined {
  const lines = readFileSync(logFile, 'utf8').split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    if (lines[i].startsWith('versus-memory ')) {
      return JSON.parse(lines[i].slice('versus-memory '.length));
    }
  }
  return undefined;
}

export interface ApiserverCounters {
  requests: number;
  bytes: number;
}

export async function apiserverTotals(
  statsUrl: string,
): Promise<ApiserverCounters & { emptied: Record<string, number> }> {
  const clusters = (await (await fetch(statsUrl)).json()) as Array<
    ApiserverCounters & { emptied: Record<string, number> }
  >;
  const emptied: Record<string, number> = {};
  for (const c of clusters) {
    for (const [k, v] of Object.entries(c.emptied)) {
      emptied[k] = (emptied[k] ?? 0) + v;
    }
  }
  return {
    requests: clusters.reduce((s, c) => s + c.requests, 0),
    bytes: clusters.reduce((s, c) => s + c.bytes, 0),
    emptied,
  };
}

/** One measured unit of work: wall time, backend CPU, apiserver traffic. */
export interface Sample {
  ms: number;
  cpuSeconds: number;
  apiRequests: number;
  apiBytes: number;
  responseBytes: number;
}

/**
 * Runs `work` and says what it cost. Requests alternate, one side at a
 * time, so the apiserver traffic in the window is that side's (the idle
 * background, watch restarts, is measured apart and is small).
 */
export async function measure(
  pid: number,
  statsUrl: string,
  work: () => Promise<number>,
): Promise<Sample> {
  const api0 = await apiserverTotals(statsUrl);
  const cpu0 = processCpuSeconds(pid);
  const t0 = performance.now();
  const responseBytes = await work();
  const ms = performance.now() - t0;
  const cpuSeconds = processCpuSeconds(pid) - cpu0;
  const api1 = await apiserverTotals(statsUrl);
  return {
    ms,
    cpuSeconds,
    apiRequests: api1.requests - api0.requests,
    apiBytes: api1.bytes - api0.bytes,
    responseBytes,
  };
}

/** A request that must succeed; returns the size of the response body. */
export async function call(
  url: string,
  token: string,
  body?: unknown,
): Promise<number> {
  const res = await fetch(url, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) {
    throw new Error(`${res.status} from ${url}: ${text.slice(0, 300)}`);
  }
  return Buffer.byteLength(text);
}

/** Runs `tasks` with at most `width` in flight, as a browser's fetch queue. */
export async function inParallel(
  tasks: Array<() => Promise<number>>,
  width: number,
): Promise<number> {
  let next = 0;
  let bytes = 0;
  const lanes = Array.from({ length: width }, async () => {
    while (next < tasks.length) {
      const task = tasks[next++];
      bytes += await task();
    }
  });
  await Promise.all(lanes);
  return bytes;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const i = Math.min(
    sorted.length - 1,
    Math.ceil((p / 100) * sorted.length) - 1,
  );
  return sorted[Math.max(0, i)];
}

export function sum(samples: Sample[], key: keyof Sample): number {
  return samples.reduce((s, x) => s + x[key], 0);
}
