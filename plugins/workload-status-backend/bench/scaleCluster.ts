/*
 * Child process of the benchmark: serves the simulator's scale scenario
 * (generateScaleScenario: ~10 KB pods with managedFields, one Deployment
 * and ReplicaSet per 10 pods) as a read-only Kubernetes API: paginated
 * LISTs from pre-serialised pages and WATCHes that send only a bookmark
 * every 30 s (BENCH_BOOKMARK_MS); GET /bench/expire-watches ends them with
 * an in-stream 410. The simulator itself
 * would serve the same objects but keeps its own bookkeeping per object;
 * a static server keeps the measurement about the backend. It runs in its
 * own process so that its heap does not count as ours.
 */
import { generateScaleScenario } from '@internal/cluster-simulator';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const PATHS: Record<string, string> = {
  Pod: '/api/v1/pods',
  Deployment: '/apis/apps/v1/deployments',
  ReplicaSet: '/apis/apps/v1/replicasets',
};

async function main() {
  const pods = Number(process.env.BENCH_PODS ?? 100_000);
  const namespaces = Math.max(1, Math.round(pods / 1000));
  const scenario = generateScaleScenario({
    clusters: 1,
    namespaces,
    podsPerNamespace: Math.ceil(pods / namespaces),
    podsPerDeployment: Number(process.env.BENCH_PODS_PER_DEPLOYMENT ?? 10),
    managedFields: true,
  });
  const byPath = new Map<string, object[]>();
  let rv = 1;
  for (const obj of scenario.clusters[0].objects ?? []) {
    const p = PATHS[obj.kind];
    if (!p) continue;
    obj.metadata.resourceVersion = String(rv++);
    if (!byPath.has(p)) byPath.set(p, []);
    byPath.get(p)!.push(obj);
  }
  scenario.clusters[0].objects = [];
  const pageCache = new Map<string, string>();
  const openWatches = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/bench/expire-watches') {
      // what an apiserver does when its watch window moved on: an
      // in-stream 410, after which every reflector relists
      for (const w of openWatches) {
        w.end(
          '{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Expired","code":410,"message":"too old resource version"}}\n',
        );
      }
      const expired = openWatches.size;
      openWatches.clear();
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ expired }));
      return;
    }
    const items = byPath.get(url.pathname);
    if (!items) {
      res.writeHead(404, { 'Content-Type': 'application/json' });
      res.end('{"kind":"Status","code":404,"message":"not found"}');
      return;
    }
    if (url.searchParams.get('watch') === 'true') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.flushHeaders();
      openWatches.add(res);
      res.on('close', () => openWatches.delete(res));
      return; // nothing changes in this cluster
    }
    const limit = Number(url.searchParams.get('limit') ?? items.length);
    const start = Number(url.searchParams.get('continue') ?? 0);
    const key = `${url.pathname}|${start}|${limit}`;
    let body = pageCache.get(key);
    if (!body) {
      const next = start + limit < items.length ? String(start + limit) : '';
      body = JSON.stringify({
        kind: 'List',
        apiVersion: 'v1',
        metadata: { resourceVersion: String(rv), continue: next || undefined },
        items: items.slice(start, start + limit),
      });
      pageCache.set(key, body);
    }
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(body);
  });
  // as an apiserver does, a bookmark now and then on every open watch:
  // without them a watch is silent and its type goes stale
  const bookmarks = setInterval(() => {
    for (const w of openWatches) {
      w.write(
        `{"type":"BOOKMARK","object":{"kind":"Status","apiVersion":"v1","metadata":{"resourceVersion":"${rv}"}}}\n`,
      );
    }
  }, Number(process.env.BENCH_BOOKMARK_MS ?? 30_000));
  bookmarks.unref();
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // warm the page cache so that serving time is not measured
  for (const [p, items] of byPath) {
    for (let s = 0; s < items.length; s += 500) {
      await fetch(`${url}${p}?limit=500${s ? `&continue=${s}` : ''}`).then(r =>
        r.text(),
      );
    }
  }
  process.stdout.write(`${JSON.stringify({ url, token: 'bench' })}\n`);
  process.on('SIGTERM', () => process.exit(0));
  process.on('disconnect', () => process.exit(0));
}

main().catch(e => {
  process.stderr.write(`${e?.stack ?? e}${e?.cause ? `\n${e.cause}` : ''}\n`);
  process.exit(1);
});
