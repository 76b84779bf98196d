/**
 * Measures, on loopback:
 *  1. memory per stored pod (heap retained by the store, managedFields included);
 *  2. a paginated LIST of every pod (limit=page): MB/s and pods/s, client reading raw bytes,
 *     and the same with JSON.parse per page;
 *  3. watch fan-out: `watchers` concurrent pod watches, `changes` pod status updates,
 *     events/s delivered across all watchers.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
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

/** Runs bench/clients.mjs in a child process; `ready` resolves on its "ready" line. */
function runClient(args: string[]) {
  const child = spawn(
    process.execPath,
    [path.join(__dirname, 'clients.mjs'), ...args],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  let onReady: () => void = () => undefined;
  const ready = new Promise<void>(r => (onReady = r));
  child.stdout.on('data', d => {
    out += d;
    if (out.includes('ready\n')) onReady();
  });
  const done = new Promise<string>(resolve =>
    child.on('close', () => resolve(out)),
  );
  return { ready, done };
}

function gc() {
  (global as any).gc();
  (global as any).gc();
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
  const t = Date.now();
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

  // The clients run in a child process, as the plugin would: their buffers and
  // parsing do not load the simulator's heap. CPU figures are the simulator's.
  const passes: Array<{ label: string; parse: boolean }> = [
    { label: 'cold, raw bytes', parse: false },
    { label: 'warm, raw bytes', parse: false },
    ...(argv.includes('--no-parse')
      ? []
      : [{ label: 'warm, client JSON.parse', parse: true }]),
  ];
  for (const { label, parse } of passes) {
    const cpu0 = process.cpuUsage();
    const child = runClient([
      'list',
      cluster.url,
      token,
      String(page),
      parse ? '1' : '0',
    ]);
    const result = JSON.parse((await child.done).trim().split('\n').pop()!);
    const s = result.ms / 1000;
    const cpu = cpuSeconds(cpu0);
    const mb = result.bytes / 1048576;
    console.log(
      `LIST (${label}): ${result.pages} pages, ${mb.toFixed(
        0,
      )} MB in ${s.toFixed(2)} s = ${(mb / s).toFixed(0)} MB/s, ${(
        podCount / s
      ).toFixed(0)} pods/s; simulator CPU ${cpu.toFixed(1)} s = ${(
        mb / cpu
      ).toFixed(0)} MB per CPU second`,
    );
  }

  // Watch fan-out.
  const rv = String(store.resourceVersion);
  const expected = changes * watchers;
  const watch = runClient([
    'watch',
    cluster.url,
    token,
    rv,
    String(watchers),
    String(expected),
  ]);
  await watch.ready;
  const targets = store.list('/pods').slice(0, changes);
  const cpuWatch = process.cpuUsage();
  for (let i = 0; i < targets.length; i++) {
    const p = targets[i];
    store.modify('/pods', p.metadata.namespace, p.metadata.name, d => {
      d.metadata.annotations = {
        ...(d.metadata.annotations ?? {}),
        'bench/tick': String(i),
      };
    });
    if (i % 100 === 99) await new Promise(r => setImmediate(r));
  }
  const w = JSON.parse((await watch.done).trim().split('\n').pop()!);
  const ws = w.ms / 1000;
  const wcpu = cpuSeconds(cpuWatch);
  console.log(
    `watch fan-out: ${w.received} events (${(w.bytes / 1048576).toFixed(
      0,
    )} MB) to ${watchers} watchers in ${ws.toFixed(2)} s = ${(
      w.received / ws
    ).toFixed(0)} events/s (${(changes / ws).toFixed(0)} changes/s)${
      w.timedOut ? ' TIMED OUT' : ''
    }; simulator CPU ${wcpu.toFixed(1)} s`,
  );
  await sim.stop();
}
