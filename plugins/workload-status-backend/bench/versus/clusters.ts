/*
 * Child process of the versus benchmark: the simulated clusters (the
 * simulator's scale scenario through its programmatic API), each behind a
 * proxy that makes it look like an apiserver across a network:
 *  - every request waits VERSUS_LATENCY_MS (20) before it is served, as a
 *    round trip to a real control plane does (watches wait once, to open);
 *  - requests and response bytes are counted per cluster (GET /stats on the
 *    stats port), so the driver can say what each page view cost;
 *  - a LIST the simulator does not serve (ConfigMaps, LimitRanges,
 *    ResourceQuotas, Ingresses, HPAs, metrics.k8s.io, ...) answers an empty
 *    list instead of 404: a real cluster has those APIs, and Backstage's
 *    Kubernetes plugin logs an error for every 404 it gets.
 * It runs in its own process so that its CPU and heap are not the backend's.
 */
import {
  generateScaleScenario,
  startSimulator,
} from '@internal/cluster-simulator';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

interface ClusterCounters {
  name: string;
  requests: number;
  bytes: number;
  watches: number;
  /** paths answered with an empty list instead of the simulator's 404 */
  emptied: Record<string, number>;
}

function listen(server: http.Server): Promise<number> {
  return new Promise(resolve =>
    server.listen(0, '127.0.0.1', () =>
      resolve((server.address() as AddressInfo).port),
    ),
  );
}

/** The path without namespace and query, for the empty-list bookkeeping. */
function resourcePath(path: string): string {
  return path.replace(/\/namespaces\/[^/]+/, '').replace(/\?.*$/, '');
}

function startProxy(
  upstreamPort: number,
  counters: ClusterCounters,
  latencyMs: number,
): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const server = http.createServer((req, res) => {
    counters.requests++;
    const url = req.url ?? '/';
    const isWatch = /[?&]watch=(true|1)(&|$)/.test(url);
    if (isWatch) counters.watches++;
    setTimeout(() => {
      const upstream = http.request(
        {
          host: '127.0.0.1',
          port: upstreamPort,
          method: req.method,
          path: url,
          headers: req.headers,
          agent,
        },
        upRes => {
          if (upRes.statusCode === 404 && req.method === 'GET' && !isWatch) {
            upRes.resume();
            const key = resourcePath(url);
            counters.emptied[key] = (counters.emptied[key] ?? 0) + 1;
            const body =
              '{"kind":"List","apiVersion":"v1","metadata":{"resourceVersion":"1"},"items":[]}';
            counters.bytes += body.length;
            res.writeHead(200, { 'Content-Type': 'application/json' });
            res.end(body);
            return;
          }
          res.writeHead(upRes.statusCode ?? 502, upRes.headers);
          upRes.on('data', (chunk: Buffer) => {
            counters.bytes += chunk.length;
          });
          upRes.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      res.on('close', () => upstream.destroy());
      req.pipe(upstream);
    }, latencyMs);
  });
  server.keepAliveTimeout = 60_000;
  return listen(server);
}

async function main() {
  const clusters = Number(process.env.VERSUS_CLUSTERS ?? 3);
  const pods = Number(process.env.VERSUS_PODS ?? 10_000);
  const latencyMs = Number(process.env.VERSUS_LATENCY_MS ?? 20);
  const namespaces = Number(process.env.VERSUS_NAMESPACES ?? 10);
  const scenario = generateScaleScenario({
    clusters,
    namespaces,
    podsPerNamespace: Math.ceil(pods / namespaces),
    managedFields: true,
    nowMs: Date.now(),
  });
  const sim = await startSimulator({
    scenario,
    clock: 'real',
    token: 'bench',
    windowSize: 2000,
    onError: e => process.stderr.write(`simulator: ${e.message}\n`),
  });
  scenario.clusters.length = 0; // the stores hold the objects now
  const counters: ClusterCounters[] = [];
  const out: Array<{ name: string; url: string }> = [];
  for (const info of sim.clusters) {
    const c: ClusterCounters = {
      name: info.name,
      requests: 0,
      bytes: 0,
      watches: 0,
      emptied: {},
    };
    counters.push(c);
    const upstreamPort = sim.cluster(info.name).port;
    const port = await startProxy(upstreamPort, c, latencyMs);
    out.push({ name: info.name, url: `http://127.0.0.1:${port}` });
  }
  const stats = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(counters));
  });
  const statsPort = await listen(stats);
  const ids = new Set<string>();
  for (const info of sim.clusters) {
    for (const d of sim.cluster(info.name).list('Deployment')) {
      const id = d.metadata.labels?.['backstage.io/kubernetes-id'];
      if (id) ids.add(id);
    }
  }
  process.stdout.write(
    `${JSON.stringify({
      clusters: out,
      token: 'bench',
      statsUrl: `http://127.0.0.1:${statsPort}/stats`,
      kubernetesIds: [...ids].sort(),
    })}\n`,
  );
  const stop = () => sim.stop().finally(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('disconnect', stop);
}

main().catch(e => {
  process.stderr.write(`${e?.stack ?? e}\n`);
  process.exit(1);
});
