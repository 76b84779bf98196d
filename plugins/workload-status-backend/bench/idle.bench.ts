/*
 * Idle benchmark (docs/benchmarks.md, section "Quiet when idle"): the CPU
 * the status pipeline uses per second when nobody asks and nothing
 * changes, with time-driven wakes (now) and with the periodic full resync
 * it replaced (every `resync`, 30 s: what StatusPipeline.start did). From
 * the repository root:
 *
 *   npm run bench -- idle         (BENCH_IDLE_PODS=30000, 1,000 entities)
 *
 * A child process (scaleCluster.ts) serves the simulator's scale scenario
 * with 30 pods per Deployment, one entity per Deployment. The clock is the
 * scenario's, 30 minutes after its restarts and transitions, so that the
 * time rules (recent restarts, grace periods) have changes pending.
 * BENCH_IDLE_SECONDS (default 60) is the length of each window; they
 * start after a full GC and 30 s of settling (run with --expose-gc).
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { ClusterConfigReader } from '../src/cluster/ClusterConfigReader';
import { EntityMatcher } from '../src/matching/EntityMatcher';
import { StatusPipeline } from '../src/status/StatusPipeline';

/** The scale scenario's "now": its objects' times are an hour before it. */
const SCENARIO_NOW = Date.parse('2026-01-15T10:00:00Z');

const logger: LoggerService = {
  error: (m: string) => console.error(m),
  warn: (m: string) => console.warn(m),
  info: () => {},
  debug: () => {},
  child: () => logger,
};

async function startCluster(pods: number, perDeployment: number) {
  const child = spawn(
    process.execPath,
    [
      '--max-old-space-size=8192',
      '-r',
      '@backstage/cli/config/nodeTransform.cjs',
      path.join(__dirname, 'scaleCluster.ts'),
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
      env: {
        ...process.env,
        BENCH_PODS: String(pods),
        BENCH_PODS_PER_DEPLOYMENT: String(perDeployment),
      },
    },
  );
  process.on('exit', () => child.kill('SIGTERM'));
  const line = await new Promise<string>((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', code =>
      reject(new Error(`simulated cluster exited with ${code}`)),
    );
  });
  const info = JSON.parse(line) as { url: string; token: string };
  return { ...info, stop: () => child.kill('SIGTERM') };
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** Process CPU (every thread) and main-thread CPU per second over `ms`. */
async function idleCpu(ms: number) {
  const p0 = process.cpuUsage();
  const t0 = process.threadCpuUsage();
  const w0 = performance.now();
  await sleep(ms);
  const p = process.cpuUsage(p0);
  const t = process.threadCpuUsage(t0);
  const seconds = (performance.now() - w0) / 1000;
  return {
    process: (p.user + p.system) / 1000 / seconds,
    main: (t.user + t.system) / 1000 / seconds,
  };
}

async function main() {
  const pods = Number(process.env.BENCH_IDLE_PODS ?? 30_000);
  const perDeployment = 30;
  const windowMs = Number(process.env.BENCH_IDLE_SECONDS ?? 60) * 1000;
  const cluster = await startCluster(pods, perDeployment);
  const settings = ClusterConfigReader.readSettings(
    new ConfigReader({ workloadStatus: { requestTimeout: '60s' } }),
  );
  const started = Date.now();
  const pipeline = new StatusPipeline({
    settings,
    logger,
    buildSources: [],
    kindRules: [],
    now: () => SCENARIO_NOW - 30 * 60_000 + (Date.now() - started),
  });
  pipeline.addCluster({
    name: 'scale',
    url: cluster.url,
    source: 'config',
    authProvider: 'serviceAccount',
    serviceAccountToken: cluster.token,
    skipTLSVerify: false,
    operators: [],
  });
  pipeline.start();
  const cache = pipeline.clusterCaches().get('scale')!;
  while (!cache.synced) await sleep(50);

  const matcher = new EntityMatcher('multiTenant');
  const refs: string[] = [];
  for (const uid of cache.store.uidsOfKind('Deployment')) {
    const id =
      cache.store.get(uid)!.metadata!.labels!['backstage.io/kubernetes-id'];
    const match = matcher.match({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: id,
        namespace: 'default',
        annotations: { 'backstage.io/kubernetes-id': id },
      },
    });
    pipeline.index.setEntity(match);
    refs.push(match.entityRef);
  }
  const health: Record<string, number> = {};
  for (const ref of refs) {
    const h = pipeline.statuses.getStatus(ref)!.health;
    health[h] = (health[h] ?? 0) + 1;
  }
  // every entity planned before the windows start
  while (pipeline.statuses.wakeCounts().pending < refs.length) await sleep(50);
  const planned = pipeline.statuses.wakeCounts();
  console.log(
    `${pods} pods, ${refs.length} entities (${JSON.stringify(
      health,
    )}); every entity planned: ${planned.planned} plans, ${
      planned.probes
    } probe evaluations`,
  );

  // the sync's garbage is collected before anything is measured (V8
  // collects it in the background for a while after allocation stops)
  const gc = (global as any).gc as (() => void) | undefined;
  for (let i = 0; i < 3; i++) gc?.();
  await sleep(30_000);
  gc?.();
  const after = await idleCpu(windowMs);
  const woken = pipeline.statuses.wakeCounts();
  // the periodic full resync this replaced, as StatusPipeline.start ran it,
  // without the planning of wakes (which it did not have)
  pipeline.statuses.stop();
  const resync = setInterval(
    () => pipeline.statuses.resync(),
    settings.resyncMs,
  );
  const before = await idleCpu(windowMs);
  clearInterval(resync);

  const f = (v: number) => `${v.toFixed(2)} ms/s`;
  console.log(
    `idle CPU, time-driven wakes (now): ${f(after.process)} (main thread ${f(
      after.main,
    )}); ${woken.woken} entities woken in ${windowMs / 1000} s`,
  );
  console.log(
    `idle CPU, periodic full resync every ${
      settings.resyncMs / 1000
    } s (before): ${f(before.process)} (main thread ${f(before.main)})`,
  );
  console.log(
    `node ${process.version}, ${os.cpus()[0].model}, load average ${os
      .loadavg()
      .map(l => l.toFixed(1))
      .join(' ')}`,
  );
  await pipeline.stop();
  cluster.stop();
}

main().then(
  () => process.exit(0),
  e => {
    console.error(e);
    process.exit(1);
  },
);
