/*
 * Usage benchmark (docs/benchmarks.md, section "Container usage"). Run
 * from the repo root:
 *
 *   npm run bench -- usage                   10,000 pods
 *   BENCH_PODS=100000 npm run bench -- usage
 *
 * Against the simulated cluster over real HTTP (bench/usageCluster.ts, a
 * child process serving the scale scenario with metrics.k8s.io):
 *
 * 1. One LIST of every PodMetrics: bytes on the wire, wall time of the
 *    request and the parse, and this process's CPU time; median of 5.
 * 2. One sampling as the backend does it (ClusterUsage.refresh): the LIST,
 *    the compact snapshot and the threshold scan over the cached pods.
 * 3. Memory: heap retained per pod by the usage snapshot, against the
 *    parsed PodMetrics it is made from (what caching the answer would hold).
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import { projectObject } from '@workload-status/backstage-plugin-workload-status-common';
import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { ObjectStore } from '../src/cache/ObjectStore';
import { ClusterConnection } from '../src/cluster/ClusterConnection';
import { ClusterUsage, POD_METRICS_PATH } from '../src/usage/ClusterUsage';
import { DEFAULT_USAGE_SETTINGS } from '../src/usage/UsageSettings';
import { UsageSnapshot } from '../src/usage/UsageSnapshot';

const logger: LoggerService = {
  error: () => {},
  warn: () => {},
  info: () => {},
  debug: () => {},
  child: () => logger,
};
const gc = (globalThis as { gc?: () => void }).gc;
const RUNS = 5;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function cpuMs(start: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1000;
}

function heapUsed(): number {
  for (let i = 0; i < 3; i++) gc!();
  return process.memoryUsage().heapUsed;
}

async function startCluster() {
  const child = spawn(
    process.execPath,
    [
      '--max-old-space-size=8192',
      '-r',
      '@backstage/cli/config/nodeTransform.cjs',
      path.join(__dirname, 'usageCluster.ts'),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'], env: process.env },
  );
  process.on('exit', () => child.kill('SIGTERM'));
  const line = await new Promise<string>((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', code =>
      reject(new Error(`simulator exited with ${code}`)),
    );
  });
  return {
    ...(JSON.parse(line) as { url: string; token: string }),
    stop: () => child.kill('SIGTERM'),
  };
}

async function main() {
  if (!gc) throw new Error('run with --expose-gc');
  const pods = Number(process.env.BENCH_PODS ?? 10_000);
  const t0 = Date.now();
  const cluster = await startCluster();
  console.log(
    `simulated cluster (${pods} pods, metrics.k8s.io) ready in ${(
      (Date.now() - t0) /
      1000
    ).toFixed(1)} s`,
  );
  const connection = ClusterConnection.create(
    {
      name: 'scale',
      url: cluster.url,
      source: 'config',
      authProvider: 'serviceAccount',
      serviceAccountToken: cluster.token,
      skipTLSVerify: false,
      operators: [],
    },
    { requestTimeoutMs: 120_000 },
  );
  const maxBytes = 1024 * 1024 * 1024;

  // 1. the LIST alone
  const wall: number[] = [];
  const cpu: number[] = [];
  let bytes = 0;
  let items = 0;
  for (let i = 0; i < RUNS; i++) {
    const c0 = process.cpuUsage();
    const w0 = performance.now();
    const raw = await connection.getBytes!(POD_METRICS_PATH, undefined, {
      maxBytes,
    });
    const list = JSON.parse(raw.toString('utf8'));
    wall.push(performance.now() - w0);
    cpu.push(cpuMs(c0));
    bytes = raw.length;
    items = list.items.length;
  }
  const perTenK = (v: number) => (v * 10_000) / items;
  console.log(
    `\n1. one PodMetrics LIST: ${items} pods, ${(bytes / 2 ** 20).toFixed(
      2,
    )} MiB (${Math.round(bytes / items)} bytes/pod)`,
  );
  console.log(
    `   request + parse: median ${median(wall).toFixed(0)} ms wall, ${median(
      cpu,
    ).toFixed(0)} ms CPU of this process`,
  );
  console.log(
    `   per 10,000 pods: ${(perTenK(bytes) / 2 ** 20).toFixed(
      2,
    )} MiB, ${perTenK(median(wall)).toFixed(0)} ms wall, ${perTenK(
      median(cpu),
    ).toFixed(0)} ms CPU`,
  );

  // 2. one sampling as the backend does it, over the cached pods
  const store = new ObjectStore();
  let next: string | undefined;
  do {
    const page: any = await connection.getJson(
      `/api/v1/pods?limit=2000${next ? `&continue=${next}` : ''}`,
      undefined,
      { maxBytes },
    );
    for (const p of page.items) store.upsert(projectObject(p));
    next = page.metadata?.continue || undefined;
  } while (next);
  const usage = new ClusterUsage('scale', {
    transport: connection,
    store,
    settings: {
      ...DEFAULT_USAGE_SETTINGS,
      maxResponseBytes: maxBytes,
      maxPodsPerCluster: 1_000_000,
    },
    logger,
    onCrossing: () => {},
  });
  const refreshWall: number[] = [];
  const refreshCpu: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const c0 = process.cpuUsage();
    const w0 = performance.now();
    await usage.refresh();
    refreshWall.push(performance.now() - w0);
    refreshCpu.push(cpuMs(c0));
  }
  console.log(
    `\n2. one sampling (LIST + snapshot + threshold scan over ${
      store.size
    } cached objects): median ${median(refreshWall).toFixed(
      0,
    )} ms wall, ${median(refreshCpu).toFixed(0)} ms CPU; ${
      usage.podCount
    } pods kept`,
  );

  // 3. memory per pod: the snapshot against the parsed answer
  const text = (
    await connection.getBytes!(POD_METRICS_PATH, undefined, { maxBytes })
  ).toString('utf8');
  const baseline = heapUsed();
  let parsed: unknown = JSON.parse(text);
  const parsedBytes = heapUsed() - baseline;
  let snapshot: UsageSnapshot | undefined = UsageSnapshot.fromList(parsed, {
    maxPods: 1_000_000,
    sampledAt: Date.now(),
  });
  parsed = undefined;
  // what stays once the answer is dropped: the snapshot alone
  const snapshotBytes = heapUsed() - baseline;
  const kept = snapshot.size;
  console.log(
    `\n3. heap per pod: usage snapshot ${(snapshotBytes / kept).toFixed(
      0,
    )} bytes (${(snapshotBytes / 2 ** 20).toFixed(
      2,
    )} MiB for ${kept} pods); the parsed PodMetrics it replaces ${(
      parsedBytes / items
    ).toFixed(0)} bytes`,
  );
  snapshot = undefined;
  await usage.stop();
  cluster.stop();
}

main().then(
  () => process.exit(0),
  e => {
    console.error(e);
    process.exit(1);
  },
);
