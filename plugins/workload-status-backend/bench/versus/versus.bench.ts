/*
 * npm run bench -- versus: this plugin against Backstage's Kubernetes
 * backend, both in one backend process reading one `kubernetes:` block,
 * against the same simulated clusters (20 ms per apiserver request), with
 * requests alternating between the two after a warm-up. For each scale
 * (VERSUS_SCALES, default "3x10000,10x3000": clusters x pods per cluster)
 * it starts the clusters (clusters.ts), a catalog of one Component per
 * kubernetes-id, the backend (packages/backend/bench/versusBackend.ts,
 * which declares both plugins as dependencies), and measures per-entity latency,
 * a catalog page of 100 entities, apiserver requests and bytes, backend CPU
 * and RSS; then prints the table (report.ts). VERSUS_DOCS=1 also writes the
 * chart to docs/benchmarks-versus.svg.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  apiserverTotals,
  call,
  inParallel,
  lastBackendMemory,
  measure,
  percentile,
  processCpuSeconds,
  processMemoryMiB,
  Sample,
  sum,
} from './measure';
import { measureRequestPath } from './requestPath';
import {
  freePort,
  guestToken,
  ROOT,
  sleep,
  spawnNode,
  startClusters,
  until,
  writeConfig,
} from './setup';
import {
  printTable,
  ScaleResult,
  SideResult,
  writeChart,
  writeMarkdown,
} from './report';

const ROUNDS = Number(process.env.VERSUS_ROUNDS ?? 6);
const PAGES = Number(process.env.VERSUS_PAGES ?? 3);
const IDLE_SECONDS = Number(process.env.VERSUS_IDLE_SECONDS ?? 60);
const OURS_BURST = Number(process.env.VERSUS_OURS_BURST ?? 300);
const SAMPLED_ENTITIES = 10;
const PAGE_SIZE = 100;
const FRONTEND_PARALLEL = 6; // a browser's connections per host
const POLL_SECONDS = 10; // the Kubernetes tab's refresh interval

const log = (line: string) => process.stderr.write(`[versus] ${line}\n`);

function side(
  samples: Sample[],
  pages: Sample[],
  pageRequests: number,
): SideResult {
  const n = samples.length;
  return {
    p50: percentile(
      samples.map(s => s.ms),
      50,
    ),
    p95: percentile(
      samples.map(s => s.ms),
      95,
    ),
    apiRequestsPerView: sum(samples, 'apiRequests') / n,
    apiBytesPerView: sum(samples, 'apiBytes') / n,
    responseBytes: sum(samples, 'responseBytes') / n,
    cpuPer100: (sum(samples, 'cpuSeconds') / n) * 100,
    pageP50: percentile(
      pages.map(s => s.ms),
      50,
    ),
    pageRequests,
    pageApiRequests: sum(pages, 'apiRequests') / pages.length,
    pageApiBytes: sum(pages, 'apiBytes') / pages.length,
    pageCpu: sum(pages, 'cpuSeconds') / pages.length,
  };
}

async function runScale(clusters: number, pods: number): Promise<ScaleResult> {
  const started = Date.now();
  log(`${clusters} clusters x ${pods} pods: starting the clusters`);
  const sim = await startClusters(clusters, pods);
  const { info } = sim;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'versus-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const configFile = writeConfig(dir, port, info);
  const logFile = path.join(ROOT, '.run', `versus-backend-${clusters}.log`);
  const backend = spawnNode(
    [
      ...(process.env.VERSUS_PROFILE
        ? [
            '--cpu-prof',
            `--cpu-prof-dir=${path.join(ROOT, '.run', 'versus-profile')}`,
          ]
        : []),
      '--max-old-space-size=6144',
      path.join(ROOT, 'packages/backend/bench/versusBackend.ts'),
      '--config',
      configFile,
    ],
    { NODE_ENV: 'production' },
    logFile,
  );
  const pid = backend.pid!;
  try {
    log(`backend pid ${pid} on ${base}, log ${logFile}`);
    await until('the backend', 300, async () =>
      (
        await fetch(`${base}/.backstage/health/v1/readiness`)
      ).ok
        ? true
        : undefined,
    );
    const token = await guestToken(base);
    const expected = info.kubernetesIds.length;
    await until(`${expected} entities in the catalog`, 600, async () => {
      const res = await fetch(
        `${base}/api/catalog/entities/by-query?filter=kind=component&limit=1`,
        { headers: { authorization: `Bearer ${token}` } },
      );
      const body = (await res.json()) as { totalItems: number };
      return body.totalItems >= expected ? true : undefined;
    });
    await until('our initial sync', 600, async () => {
      const res = await fetch(`${base}/api/workload-status/v1/clusters`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const body = (await res.json()) as
        | { items?: Array<{ synced: boolean }> }
        | Array<{ synced: boolean }>;
      const items = Array.isArray(body) ? body : body.items ?? [];
      return items.length === clusters && items.every(c => c.synced)
        ? true
        : undefined;
    });
    const startupSeconds = (Date.now() - started) / 1000;
    const afterSync = processMemoryMiB(pid);
    const afterSyncParts = lastBackendMemory(logFile);
    log(
      `ready after ${startupSeconds.toFixed(0)} s; RSS ${afterSync.rss.toFixed(
        0,
      )} MiB`,
    );

    const refs = info.kubernetesIds.map(id => `component:default/${id}`);
    const sampled = Array.from(
      { length: Math.min(SAMPLED_ENTITIES, refs.length) },
      (_, i) =>
        info.kubernetesIds[
          Math.floor((i * info.kubernetesIds.length) / SAMPLED_ENTITIES)
        ],
    );
    const pageIds = info.kubernetesIds.slice(0, PAGE_SIZE);
    const entities = new Map<string, unknown>();
    for (const id of new Set([...sampled, ...pageIds])) {
      const res = await fetch(
        `${base}/api/catalog/entities/by-name/component/default/${id}`,
        {
          headers: { authorization: `Bearer ${token}` },
        },
      );
      entities.set(id, await res.json());
    }
    const ours = (id: string) => () =>
      call(
        `${base}/api/workload-status/v1/entities/default/component/${id}/status`,
        token,
      );
    const theirs = (id: string) => () =>
      call(`${base}/api/kubernetes/services/${id}`, token, {
        entity: entities.get(id),
      });
    const oursPage = () =>
      call(`${base}/api/workload-status/v1/summaries`, token, {
        entityRefs: pageIds.map(id => `component:default/${id}`),
      });
    const theirsPage = () => inParallel(pageIds.map(theirs), FRONTEND_PARALLEL);

    log('warm-up');
    for (const id of sampled) {
      for (let i = 0; i < 2; i++) {
        await ours(id)();
        await theirs(id)();
      }
    }
    await oursPage();
    for (const id of pageIds) await ours(id)();

    log(
      `per entity: ${sampled.length} entities x ${ROUNDS} rounds, alternating`,
    );
    const oursSamples: Sample[] = [];
    const theirsSamples: Sample[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      for (const id of sampled) {
        const pair = [
          async () =>
            oursSamples.push(await measure(pid, info.statsUrl, ours(id))),
          async () =>
            theirsSamples.push(await measure(pid, info.statsUrl, theirs(id))),
        ];
        if (r % 2) pair.reverse();
        for (const step of pair) await step();
      }
    }

    // ours is cheap: CPU per request from a longer run, where the 10 ms
    // resolution of /proc is small against the total
    log(`ours alone: ${OURS_BURST} status requests for CPU`);
    const burst = await measure(pid, info.statsUrl, async () => {
      let bytes = 0;
      for (let i = 0; i < OURS_BURST; i++)
        bytes += await ours(sampled[i % sampled.length])();
      return bytes;
    });

    log('request path: CPU per request by layer');
    const requestPath = await measureRequestPath({
      pid,
      statsUrl: info.statsUrl,
      base,
      token,
      entityRefs: sampled.map(id => `component:default/${id}`),
      requests: Number(process.env.VERSUS_PATH_REQUESTS ?? 300),
    });

    log(`catalog page of ${PAGE_SIZE}: ${PAGES} each, alternating`);
    const oursPages: Sample[] = [];
    const theirsPages: Sample[] = [];
    for (let p = 0; p < PAGES; p++) {
      oursPages.push(await measure(pid, info.statsUrl, oursPage));
      theirsPages.push(await measure(pid, info.statsUrl, theirsPage));
    }
    const peak = processMemoryMiB(pid);

    log(`idle for ${IDLE_SECONDS} s`);
    const api0 = await apiserverTotals(info.statsUrl);
    const cpu0 = processCpuSeconds(pid);
    await sleep(IDLE_SECONDS * 1000);
    const api1 = await apiserverTotals(info.statsUrl);
    const cpu1 = processCpuSeconds(pid);

    const logText = readFileSync(logFile, 'utf8');
    const errorLines = logText
      .split('\n')
      .filter(l => /"level":"error"/.test(l));
    return {
      clusters,
      podsPerCluster: pods,
      entities: expected,
      startupSeconds,
      ours: {
        ...side(oursSamples, oursPages, 1),
        cpuPer100: (burst.cpuSeconds * 100) / OURS_BURST,
      },
      theirs: side(theirsSamples, theirsPages, PAGE_SIZE),
      pollSeconds: POLL_SECONDS,
      requestPath,
      idle: {
        seconds: IDLE_SECONDS,
        apiRequestsPerMinute:
          ((api1.requests - api0.requests) * 60) / IDLE_SECONDS,
        apiBytesPerMinute: ((api1.bytes - api0.bytes) * 60) / IDLE_SECONDS,
        cpuMsPerSecond: ((cpu1 - cpu0) * 1000) / IDLE_SECONDS,
      },
      memory: {
        afterSync: afterSync.rss,
        afterSyncParts,
        peak: peak.hwm,
        end: processMemoryMiB(pid).rss,
      },
      errorLines: errorLines.length,
      firstError: errorLines[0]?.slice(0, 300),
      emptied: api1.emptied,
    };
  } finally {
    backend.kill('SIGTERM');
    sim.child.kill('SIGTERM');
    await Promise.all(
      [backend, sim.child].map(
        c =>
          new Promise(r => (c.exitCode !== null ? r(null) : c.once('exit', r))),
      ),
    );
  }
}

async function main() {
  // the logs and the report go here: a fresh clone has no .run yet
  mkdirSync(path.join(ROOT, '.run'), { recursive: true });
  const scales = (process.env.VERSUS_SCALES ?? '3x10000,10x3000')
    .split(',')
    .map(s => s.split('x').map(Number) as [number, number]);
  const t0 = Date.now();
  const load = os
    .loadavg()
    .map(l => l.toFixed(1))
    .join(' ');
  log(`node ${process.version}, ${os.cpus().length} cores, load ${load}`);
  const results: ScaleResult[] = [];
  for (const [clusters, pods] of scales)
    results.push(await runScale(clusters, pods));
  const meta = {
    node: process.version,
    cores: os.cpus().length,
    loadStart: load,
    loadEnd: os
      .loadavg()
      .map(l => l.toFixed(1))
      .join(' '),
    minutes: (Date.now() - t0) / 60_000,
    rounds: ROUNDS,
    pages: PAGES,
  };
  printTable(results, meta);
  writeMarkdown(path.join(ROOT, '.run', 'versus.md'), results, meta);
  writeChart(
    process.env.VERSUS_DOCS === '1'
      ? path.join(ROOT, 'docs', 'benchmarks-versus.svg')
      : path.join(ROOT, '.run', 'benchmarks-versus.svg'),
    results,
  );
  writeFileSync(
    path.join(ROOT, '.run', 'versus.json'),
    JSON.stringify({ meta, results }, null, 2),
  );
}

main().catch(e => {
  process.stderr.write(`${e?.stack ?? e}\n`);
  process.exit(1);
});
