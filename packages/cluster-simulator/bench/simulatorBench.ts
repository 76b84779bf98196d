/**
 * Measures, on loopback:
 *  1. memory per stored pod (heap retained by the store, managedFields included);
 *  2. a paginated LIST of every pod (limit=page): MB/s and pods/s, client reading raw bytes,
 *     and the same with JSON.parse per page;
 *  3. watch fan-out: `watchers` concurrent pod watches, `changes` pod status updates,
 *     events/s delivered across all watchers.
 */
import http from 'node:http';
import { startSimulator } from '../src/simulator';
import { forEachScaleObject } from '../src/scenarios/generator';

function arg(argv: string[], name: string, fallback: number): number {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
}

/** CPU seconds (user + system) of this process since `start`: robust when the machine is shared. */
function cpuSeconds(start: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(start);
  return (u.user + u.system) / 1e6;
}

function gc() {
  (global as any).gc();
  (global as any).gc();
}

function getRaw(url: string, token: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { Authorization: `Bearer ${token}` } }, res => {
        const chunks: Buffer[] = [];
        res.on('data', c => chunks.push(c));
        res.on('end', () => resolve(Buffer.concat(chunks)));
      })
      .on('error', reject);
  });
}

export async function main(argv: string[]) {
  const pods = arg(argv, 'pods', 100_000);
  const page = arg(argv, 'page', 500);
  const watchers = arg(argv, 'watchers', 10);
  const changes = arg(argv, 'changes', 3000);
  const namespaces = Math.max(1, Math.round(pods / 1000));
  const token = 'bench';
  console.log(
    `load average at start: ${require('node:os')
      .loadavg()
      .map((l: number) => l.toFixed(1))
      .join(' ')}`,
  );
  console.log(
    `node ${process.version}, ${pods} pods in ${namespaces} namespaces, page ${page}, ${watchers} watchers, ${changes} changes`,
  );

  // Objects go straight from the generator into the store (no second copy), so the
  // heap growth is what the store retains.
  const sim = await startSimulator({
    scenario: {
      name: 'bench',
      clusters: [
        { name: 'scale-1', controllers: false, nodes: 3, objects: [] },
      ],
    },
    clock: 'manual',
    token,
    windowSize: 1000,
  });
  const cluster = sim.cluster('scale-1');
  const store = cluster.sim.store;
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  let t = Date.now();
  let sampleBytes = 0;
  let sampleManaged = 0;
  let sampled = 0;
  const namespacesSeen = new Set<string>();
  forEachScaleObject(
    {
      namespaces,
      podsPerNamespace: Math.ceil(pods / namespaces),
      managedFields: true,
    },
    0,
    obj => {
      if (
        obj.metadata.namespace &&
        !namespacesSeen.has(obj.metadata.namespace)
      ) {
        namespacesSeen.add(obj.metadata.namespace);
        cluster.sim.ensureNamespace(obj.metadata.namespace);
      }
      if (obj.kind === 'Pod' && sampled < 1000) {
        sampled++;
        sampleBytes += JSON.stringify(obj).length;
        sampleManaged += JSON.stringify(obj.metadata.managedFields).length;
      }
      store.create(obj, { keepTimestamps: true });
    },
  );
  gc();
  const heapAfter = process.memoryUsage().heapUsed;
  const podCount = store.count('/pods');
  console.log(
    `generated and stored ${podCount} pods (+ Deployments, ReplicaSets) in ${(
      (Date.now() - t) /
      1000
    ).toFixed(1)} s; pod JSON mean ${(sampleBytes / sampled / 1024).toFixed(
      1,
    )} KB (managedFields ${(sampleManaged / sampled / 1024).toFixed(1)} KB)`,
  );
  // Heap of the whole store divided by pods; Deployments/ReplicaSets are ~2 % of the objects.
  console.log(
    `memory per stored pod: ${(
      (heapAfter - heapBefore) /
      podCount /
      1024
    ).toFixed(1)} KB heap (RSS ${(process.memoryUsage().rss / 1048576).toFixed(
      0,
    )} MB)`,
  );

  // First pass: every object serialised (cold); then with the serialisation cache warm,
  // raw and with the client's JSON.parse.
  const passes: Array<{ label: string; parse: boolean }> = [
    { label: 'cold, raw bytes', parse: false },
    { label: 'warm, raw bytes', parse: false },
    ...(argv.includes('--no-parse')
      ? []
      : [{ label: 'warm, JSON.parse', parse: true }]),
  ];
  for (const { label, parse } of passes) {
    let bytes = 0;
    let items = 0;
    let pages = 0;
    let cont = '';
    t = Date.now();
    const cpu0 = process.cpuUsage();
    do {
      const body = await getRaw(
        `${cluster.url}/api/v1/pods?limit=${page}${
          cont ? `&continue=${encodeURIComponent(cont)}` : ''
        }`,
        token,
      );
      bytes += body.length;
      pages++;
      if (parse) {
        const list = JSON.parse(body.toString('utf8'));
        items += list.items.length;
        cont = list.metadata.continue ?? '';
      } else {
        const m = /"continue":"([^"]+)"/.exec(
          body.subarray(0, 400).toString('utf8'),
        );
        cont = m ? m[1] : '';
        items += page;
      }
    } while (cont);
    const s = (Date.now() - t) / 1000;
    const cpu = cpuSeconds(cpu0);
    console.log(
      `LIST (${label}): ${pages} pages, ${(bytes / 1048576).toFixed(
        0,
      )} MB in ${s.toFixed(2)} s = ${(bytes / 1048576 / s).toFixed(
        0,
      )} MB/s wall, ${(Math.min(items, podCount) / s).toFixed(
        0,
      )} pods/s; per CPU second: ${(bytes / 1048576 / cpu).toFixed(0)} MB, ${(
        Math.min(items, podCount) / cpu
      ).toFixed(0)} pods`,
    );
  }

  // Watch fan-out.
  const list = JSON.parse(
    (
      await getRaw(
        `${cluster.url}/api/v1/namespaces/team-000/pods?limit=1`,
        token,
      )
    ).toString('utf8'),
  );
  const rv = list.metadata.resourceVersion;
  let received = 0;
  let receivedBytes = 0;
  const expected = changes * watchers;
  let resolveAll: () => void = () => undefined;
  const allIn = new Promise<void>(r => (resolveAll = r));
  const requests: http.ClientRequest[] = [];
  await Promise.all(
    Array.from(
      { length: watchers },
      () =>
        new Promise<void>(ready => {
          const req = http.get(
            `${cluster.url}/api/v1/pods?watch=true&resourceVersion=${rv}`,
            { headers: { Authorization: `Bearer ${token}` } },
            res => {
              ready();
              res.on('data', (c: Buffer) => {
                receivedBytes += c.length;
                for (let i = 0; i < c.length; i++) if (c[i] === 10) received++;
                if (received >= expected) resolveAll();
              });
            },
          );
          requests.push(req);
        }),
    ),
  );
  const targets = cluster.sim.store.list('/pods').slice(0, changes);
  t = Date.now();
  const cpuWatch = process.cpuUsage();
  for (let i = 0; i < targets.length; i++) {
    const p = targets[i];
    cluster.sim.store.modify(
      '/pods',
      p.metadata.namespace,
      p.metadata.name,
      d => {
        d.metadata.annotations = {
          ...(d.metadata.annotations ?? {}),
          'bench/tick': String(i),
        };
      },
    );
    if (i % 100 === 99) await new Promise(r => setImmediate(r));
  }
  await Promise.race([allIn, new Promise(r => setTimeout(r, 120_000))]);
  const ws = (Date.now() - t) / 1000;
  const wcpu = cpuSeconds(cpuWatch);
  console.log(
    `watch fan-out: ${received} events (${(receivedBytes / 1048576).toFixed(
      0,
    )} MB) to ${watchers} watchers in ${ws.toFixed(2)} s = ${(
      received / ws
    ).toFixed(0)} events/s wall (${(changes / ws).toFixed(
      0,
    )} changes/s); per CPU second: ${(received / wcpu).toFixed(0)} events`,
  );
  for (const r of requests) r.destroy();
  await sim.stop();
}
