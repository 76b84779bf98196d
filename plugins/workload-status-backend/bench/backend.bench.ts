/*
 * Backend benchmark (docs/benchmarks.md, section "Backend"). Run from the
 * repo root:
 *
 *   scripts/run.sh node --expose-gc --max-old-space-size=4096 \
 *     -r @backstage/cli/config/nodeTransform.cjs \
 *     plugins/workload-status-backend/bench/backend.bench.ts
 *
 * BENCH_PODS (default 100000) sets the cluster size. A child process serves
 * the simulator's scale scenario (~10 KB pods with managedFields); this
 * process measures, through the real connection, reflectors and store:
 *  1. plain fetch + JSON.parse of the same LIST pages (baseline);
 *  2. initial sync of every watched resource type (LIST pages, project,
 *     store, index) and the heap retained per cached pod;
 *  3. entity status latency (one entity per Deployment, 10 pods each):
 *     first computation and served lookups, with JSON serialisation;
 *  4. POST /v1/summaries-sized batches of 1,000 entities.
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { ClusterConfigReader } from '../src/cluster/ClusterConfigReader';
import { EntityMatcher } from '../src/matching/EntityMatcher';
import { StatusReader } from '../src/service/StatusReader';
import { StatusPipeline } from '../src/status/StatusPipeline';

const gc = (global as any).gc as () => void;

const logger: LoggerService = {
  error: (m: string) => console.error(m),
  warn: (m: string) => console.warn(m),
  info: () => {},
  debug: () => {},
  child: () => logger,
};

function heapUsed() {
  for (let i = 0; i < 4; i++) gc();
  return process.memoryUsage().heapUsed;
}

function percentile(sorted: number[], p: number) {
  return sorted[
    Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
  ];
}

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const f = (n: number) => n.toFixed(2);
  return `p50 ${f(percentile(s, 50))} ms, p99 ${f(
    percentile(s, 99),
  )} ms, max ${f(s[s.length - 1])} ms (n=${s.length})`;
}

async function startCluster(): Promise<{
  url: string;
  token: string;
  stop(): void;
}> {
  const child = spawn(
    process.execPath,
    [
      '--max-old-space-size=8192',
      '-r',
      '@backstage/cli/config/nodeTransform.cjs',
      path.join(__dirname, 'scaleCluster.ts'),
    ],
    { stdio: ['ignore', 'pipe', 'inherit', 'ipc'], env: process.env },
  );
  process.on('exit', () => child.kill('SIGTERM'));
  const line = await new Promise<string>((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', code =>
      reject(new Error(`simulator exited with ${code}`)),
    );
  });
  const info = JSON.parse(line);
  return { ...info, stop: () => child.kill('SIGTERM') };
}

async function main() {
  if (!gc) throw new Error('run with --expose-gc');
  const t0 = Date.now();
  const cluster = await startCluster();
  console.log(
    `simulated cluster ready in ${((Date.now() - t0) / 1000).toFixed(1)} s at ${
      cluster.url
    }`,
  );
  const spec = {
    name: 'scale',
    url: cluster.url,
    source: 'config' as const,
    authProvider: 'serviceAccount',
    serviceAccountToken: cluster.token,
    skipTLSVerify: false,
    operators: [],
  };
  const settings = ClusterConfigReader.readSettings(
    new ConfigReader({ workloadStatus: { requestTimeout: '60s' } }),
  );

  // 1. baseline: the same pages, fetched and JSON.parse'd, nothing kept
  let pages = 0;
  let items = 0;
  let parseMs = 0;
  let bytes = 0;
  const baseStart = performance.now();
  let cont: string | undefined;
  do {
    const q = new URLSearchParams({ limit: '500' });
    if (cont) q.set('continue', cont);
    const text = await (
      await fetch(`${cluster.url}/api/v1/pods?${q}`, {
        headers: { Authorization: `Bearer ${cluster.token}` },
      })
    ).text();
    bytes += text.length;
    const p0 = performance.now();
    const page = JSON.parse(text);
    parseMs += performance.now() - p0;
    pages += 1;
    items += page.items.length;
    cont = page.metadata?.continue || undefined;
  } while (cont);
  const baselineMs = performance.now() - baseStart;
  console.log(
    `baseline: fetch + JSON.parse of ${pages} pod pages (${items} pods, ${(
      bytes / 1048576
    ).toFixed(0)} MiB, ${(bytes / items / 1024).toFixed(1)} KiB/pod): ${(
      baselineMs / 1000
    ).toFixed(2)} s (JSON.parse alone ${(parseMs / 1000).toFixed(2)} s)`,
  );

  // 2. initial sync through the reflectors, and the heap it keeps
  const before = heapUsed();
  const pipeline = new StatusPipeline({
    settings,
    logger,
    buildSources: [],
    kindRules: [],
  });
  const syncStart = performance.now();
  pipeline.addCluster(spec);
  const cache = pipeline.clusterCaches().get('scale')!;
  let maxLag = 0;
  let last = performance.now();
  const lagTimer = setInterval(() => {
    const now = performance.now();
    maxLag = Math.max(maxLag, now - last - 10);
    last = now;
  }, 10);
  while (!cache.synced) await new Promise(r => setTimeout(r, 20));
  const syncMs = performance.now() - syncStart;
  clearInterval(lagTimer);
  const counts = cache.store.countsByKind();
  const after = heapUsed();
  const podCount = counts.Pod ?? 0;
  const perPod = (after - before) / podCount;
  console.log(
    `initial sync of every watched type (${JSON.stringify(counts)}): ${(
      syncMs / 1000
    ).toFixed(2)} s, ${(syncMs / baselineMs).toFixed(
      2,
    )}x the pod baseline; longest event-loop stall ${maxLag.toFixed(0)} ms`,
  );
  console.log(
    `heap retained: ${((after - before) / 1048576).toFixed(1)} MiB = ${(
      perPod / 1024
    ).toFixed(
      2,
    )} KiB per cached pod (store, indexes and the ReplicaSets/Deployments, all counted against pods)`,
  );

  // 3. entity statuses: one entity per Deployment
  const matcher = new EntityMatcher('multiTenant');
  const deployments = [...cache.store.uidsOfKind('Deployment')].map(
    uid => cache.store.get(uid)!,
  );
  const refs: string[] = [];
  for (const d of deployments) {
    const id = d.metadata!.labels!['backstage.io/kubernetes-id'];
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
  const reader = new StatusReader(pipeline, {
    ensure: async () => true,
    ensureMany: async () => {},
  });
  const first: number[] = [];
  for (const ref of refs) {
    const s0 = performance.now();
    JSON.stringify(await reader.getEntityStatus(ref));
    first.push(performance.now() - s0);
  }
  const afterStatuses = heapUsed();
  console.log(
    `entity status, first computation (${
      refs.length
    } entities, 10 pods each): ${stats(first)}`,
  );
  console.log(
    `heap with every entity status held: ${(
      (afterStatuses - before) /
      1048576
    ).toFixed(1)} MiB = ${((afterStatuses - before) / podCount / 1024).toFixed(
      2,
    )} KiB per pod`,
  );
  const served: number[] = [];
  for (let i = 0; i < 20_000; i++) {
    const ref = refs[(i * 7919) % refs.length];
    const s0 = performance.now();
    JSON.stringify(await reader.getEntityStatus(ref));
    served.push(performance.now() - s0);
  }
  console.log(`entity status, served (lookup + JSON): ${stats(served)}`);

  // a pod changes: the next read of its entity recomputes it
  const recompute: number[] = [];
  const pods = [...cache.store.uidsOfKind('Pod')].slice(0, 2000);
  for (const uid of pods) {
    const pod = cache.store.get(uid)!;
    cache.store.upsert({
      ...pod,
      metadata: {
        ...pod.metadata,
        resourceVersion: `${pod.metadata!.resourceVersion}x`,
      },
    });
    const ref = `component:default/${
      pod.metadata!.labels!['backstage.io/kubernetes-id']
    }`;
    const s0 = performance.now();
    JSON.stringify(await reader.getEntityStatus(ref));
    recompute.push(performance.now() - s0);
  }
  console.log(
    `entity status right after one of its pods changed (recompute + JSON): ${stats(
      recompute,
    )}`,
  );

  // 4. batches of 1,000
  const batch: number[] = [];
  for (let i = 0; i < 50; i++) {
    const chunk = Array.from(
      { length: 1000 },
      (_, j) => refs[(i * 1000 + j * 13) % refs.length],
    );
    const s0 = performance.now();
    JSON.stringify({ items: await reader.getSummaries(chunk) });
    batch.push(performance.now() - s0);
  }
  console.log(`batch of 1,000 summaries (lookup + JSON): ${stats(batch)}`);

  await pipeline.stop();
  cluster.stop();
  console.log(`node ${process.version}, ${require('node:os').cpus()[0].model}`);
}

main().then(
  () => process.exit(0),
  e => {
    console.error(e);
    process.exit(1);
  },
);
