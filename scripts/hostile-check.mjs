#!/usr/bin/env node
/*
 * The live check of hostile cluster content against the running demo
 * (`npm start`): what an attacker who can only make a pod print lines and
 * create Events does to the backend. In the demo cluster `production`,
 * namespace `shop`, it creates a pod labelled
 * `backstage.io/kubernetes-id: checkout` that logs 200 KB pathological lines
 * and secrets in every shape (the corpus of
 * packages/cluster-simulator/src/hostile/hostileContent.ts) and then fails
 * (FallbackToLogsOnError: its log tail becomes its terminated message),
 * plus 60 Events of 1 MiB about it. Then it measures, as the guest user:
 * the pod log route (time, every secret redacted, last line present), the
 * slowest catalog and summaries request while logs are read, the events
 * route (size, secrets), the status (secrets), and the backend's RSS
 * growth. Exits 1 when one of the BOUNDS below is missed.
 *
 *   WORKLOAD_STATUS_DEMO_TOKEN=<the demo's token> scripts/run.sh node scripts/hostile-check.mjs [--keep]
 *
 * The token is the one `npm start` was started with (set it before
 * `npm start` to know it). --keep leaves the pod and the events in the
 * cluster. BACKEND_URL (default http://localhost:7007), SIMULATOR_ADMIN_URL
 * (default http://127.0.0.1:6550) and BACKEND_PID (default: the process
 * listening on the backend's port) override the defaults.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The corpus is TypeScript that Node runs as is (type stripping); its
// package has no "type", which Node warns about once.
const emitWarning = process.emitWarning;
process.emitWarning = (warning, ...rest) => {
  const code = typeof rest[0] === 'object' ? rest[0]?.code : rest[1];
  if (code !== 'MODULE_TYPELESS_PACKAGE_JSON') emitWarning(warning, ...rest);
};
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const corpus = await import(
  path.join(root, 'packages/cluster-simulator/src/hostile/hostileContent.ts')
);

const BACKEND = process.env.BACKEND_URL ?? 'http://localhost:7007';
const ADMIN = process.env.SIMULATOR_ADMIN_URL ?? 'http://127.0.0.1:6550';
const TOKEN = process.env.WORKLOAD_STATUS_DEMO_TOKEN;
const KEEP = process.argv.includes('--keep');
const CLUSTER = 'production';
const NAMESPACE = 'shop';
const ENTITY = 'checkout';
const POD = 'checkout-hostile';
const EVENT_COUNT = 60;
const EVENT_BYTES = 1024 * 1024;
const BOUNDS = {
  logMs: 10_000,
  catalogMs: 1000,
  eventsBytes: 2 * 1024 * 1024,
  rssGrowthMiB: 200,
};
const ENTITY_API = `${BACKEND}/api/workload-status/v1/entities/default/component/${ENTITY}`;

if (!TOKEN) {
  console.error(
    'WORKLOAD_STATUS_DEMO_TOKEN must be the token the demo was started with',
  );
  process.exit(2);
}

const secrets = corpus.plantedSecretValues();
const leaked = text => secrets.filter(s => text.includes(s));
const sleep = ms => new Promise(r => setTimeout(r, ms));
const mib = bytes => `${(bytes / 1024 / 1024).toFixed(2)} MiB`;

async function timed(work) {
  const started = performance.now();
  const value = await work();
  return { value, ms: Math.round(performance.now() - started) };
}

async function call(url, init = {}) {
  const res = await fetch(url, init);
  const text = await res.text();
  if (!res.ok && !init.allowError)
    throw new Error(
      `${init.method ?? 'GET'} ${url}: ${res.status} ${text.slice(0, 300)}`,
    );
  return { status: res.status, text };
}

/** The guest user's Backstage token, as the app gets it when one clicks "Enter". */
async function guestToken() {
  const { text } = await call(
    `${BACKEND}/api/auth/guest/refresh?env=development`,
    {
      headers: { 'X-Requested-With': 'XMLHttpRequest' },
    },
  );
  return JSON.parse(text).backstageIdentity.token;
}

/** The pid of the process listening on the backend's port, from /proc. */
function backendPid() {
  if (process.env.BACKEND_PID) return Number(process.env.BACKEND_PID);
  const port = Number(new URL(BACKEND).port || 80);
  const inodes = new Set();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!fs.existsSync(table)) continue;
    for (const line of fs.readFileSync(table, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10 || cols[3] !== '0A') continue; // LISTEN
      if (parseInt(cols[1].split(':')[1], 16) === port) inodes.add(cols[9]);
    }
  }
  for (const pid of fs.readdirSync('/proc').filter(p => /^\d+$/.test(p))) {
    let fds = [];
    try {
      fds = fs.readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      let target = '';
      try {
        target = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      const m = /^socket:\[(\d+)\]$/.exec(target);
      if (m && inodes.has(m[1])) return Number(pid);
    }
  }
  throw new Error(
    `no process of this user listens on port ${port}: set BACKEND_PID`,
  );
}

function rssBytes(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(
    fs.readFileSync(`/proc/${pid}/status`, 'utf8'),
  );
  return Number(m[1]) * 1024;
}

async function main() {
  const admin = { Authorization: `Bearer ${TOKEN}` };
  const clusters = JSON.parse(
    (await call(`${ADMIN}/clusters`, { headers: admin })).text,
  );
  const cluster = clusters.find(c => c.name === CLUSTER);
  if (!cluster) throw new Error(`the simulator has no cluster ${CLUSTER}`);
  const kube = (p, init = {}) =>
    call(`${cluster.url}${p}`, {
      ...init,
      headers: {
        ...admin,
        'Content-Type': 'application/json',
        ...init.headers,
      },
    });
  const auth = { Authorization: `Bearer ${await guestToken()}` };
  const backend = (p, init = {}) =>
    call(p.startsWith('http') ? p : `${BACKEND}${p}`, {
      ...init,
      headers: { ...auth, ...init.headers },
    });

  const pid = backendPid();
  const rssBefore = rssBytes(pid);
  console.log(`backend pid ${pid}, RSS before: ${mib(rssBefore)}`);

  // the pod: logs the corpus, then fails; its log tail is its terminated message
  await kube(
    `/api/v1/namespaces/${NAMESPACE}/pods/${POD}?gracePeriodSeconds=0`,
    {
      method: 'DELETE',
      allowError: true,
    },
  );
  await sleep(3000);
  await call(`${ADMIN}/clusters/${CLUSTER}/objects`, {
    method: 'POST',
    headers: { ...admin, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: POD,
        namespace: NAMESPACE,
        labels: { 'backstage.io/kubernetes-id': ENTITY },
        annotations: {
          'simulator.workload-status.dev/log-lines': JSON.stringify(
            corpus.hostileLogLines(),
          ),
          'simulator.workload-status.dev/behaviour': 'fail',
          'simulator.workload-status.dev/run-for': '5s',
        },
      },
      spec: {
        restartPolicy: 'Never',
        containers: [
          {
            name: 'app',
            image: 'registry.example.com/shop/checkout:5.0.1',
            terminationMessagePolicy: 'FallbackToLogsOnError',
          },
        ],
      },
    }),
  });
  console.log(
    `created pod ${CLUSTER}/${NAMESPACE}/${POD}; waiting for it to fail`,
  );
  const podPath = `/api/v1/namespaces/${NAMESPACE}/pods/${POD}`;
  let pod;
  for (let i = 0; i < 60; i++) {
    pod = JSON.parse((await kube(podPath)).text);
    if (pod.status?.containerStatuses?.[0]?.state?.terminated) break;
    await sleep(1000);
  }
  const terminatedMessage =
    pod.status?.containerStatuses?.[0]?.state?.terminated?.message ?? '';
  console.log(
    `the cluster's terminated message holds ${
      leaked(terminatedMessage).length
    } planted secrets`,
  );

  // 60 Events of 1 MiB about it, through the cluster's API
  const eventNames = [];
  const posting = await timed(async () => {
    for (let i = 0; i < EVENT_COUNT; i++) {
      const now = new Date().toISOString();
      const { text } = await kube(`/api/v1/namespaces/${NAMESPACE}/events`, {
        method: 'POST',
        body: JSON.stringify({
          metadata: { generateName: `${POD}.` },
          involvedObject: {
            apiVersion: 'v1',
            kind: 'Pod',
            namespace: NAMESPACE,
            name: POD,
            uid: pod.metadata.uid,
          },
          reason: `Hostile${i}`,
          message: corpus.hostileEventMessage(i, EVENT_BYTES),
          type: 'Warning',
          count: 1,
          firstTimestamp: now,
          lastTimestamp: now,
          source: { component: 'hostile-check' },
        }),
      });
      eventNames.push(JSON.parse(text).metadata.name);
    }
  });
  console.log(`posted ${EVENT_COUNT} Events of 1 MiB in ${posting.ms} ms`);

  // the backend has seen the failed pod
  const logPath = `${ENTITY_API}/pods/${CLUSTER}/${NAMESPACE}/${POD}/log?container=app`;
  for (let i = 0; i < 60; i++) {
    const status = JSON.parse((await backend(`${ENTITY_API}/status`)).text);
    const seen = status.workloads?.some(w =>
      w.pods?.some(
        p => p.name === POD && p.containers?.[0]?.state === 'terminated',
      ),
    );
    if (seen) break;
    await sleep(1000);
  }

  // the log, read three ways at once, three times over, while catalog and
  // summaries requests go on
  let reading = true;
  const reads = (async () => {
    const rounds = [];
    for (let round = 0; round < 3; round++)
      rounds.push(
        await Promise.all([
          timed(() => backend(logPath, { allowError: true })),
          timed(() =>
            backend(`${logPath}&download=true`, { allowError: true }),
          ),
          timed(() =>
            backend(`${logPath}&timestamps=true`, { allowError: true }),
          ),
        ]),
      );
    return rounds.flat();
  })().finally(() => {
    reading = false;
  });
  const catalogLatencies = [];
  const summariesLatencies = [];
  while (reading) {
    const [catalog, summaries] = await Promise.all([
      timed(() =>
        backend(`/api/catalog/entities/by-name/component/default/${ENTITY}`),
      ),
      timed(() =>
        backend('/api/workload-status/v1/summaries', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ entityRefs: [`component:default/${ENTITY}`] }),
        }),
      ),
    ]);
    catalogLatencies.push(catalog.ms);
    summariesLatencies.push(summaries.ms);
    await sleep(20);
  }
  const logs = await reads;
  const log = logs[0];

  const events = await timed(() =>
    backend(`${ENTITY_API}/events`, { allowError: true }),
  );
  const statusText = (await backend(`${ENTITY_API}/status`)).text;
  const statusMessage = JSON.parse(statusText)
    .workloads?.flatMap(w => w.pods ?? [])
    .find(p => p.name === POD)?.containers?.[0]?.message;
  await sleep(2000);
  const rssAfter = rssBytes(pid);

  const results = [
    {
      check: `pod log route answers within ${BOUNDS.logMs / 1000} s`,
      value: `${log.ms} ms (HTTP ${log.value.status}, ${mib(
        Buffer.byteLength(log.value.text),
      )}); ${
        logs.length
      } reads (plain, download, timestamps; 3 at a time): slowest ${Math.max(
        ...logs.map(l => l.ms),
      )} ms`,
      ok: log.value.status === 200 && logs.every(l => l.ms < BOUNDS.logMs),
    },
    {
      check: 'every secret redacted in the log',
      value: `${logs.map(l => leaked(l.value.text).length).join('/')} of ${
        secrets.length
      } leaked${
        leaked(log.value.text).length
          ? `: ${leaked(log.value.text).join(', ')}`
          : ''
      }`,
      ok: logs.every(l => leaked(l.value.text).length === 0),
    },
    {
      check: 'last line present',
      value: String(
        logs.map(l => l.value.text.includes(corpus.HOSTILE_LAST_LINE)),
      ),
      ok: logs.every(l => l.value.text.includes(corpus.HOSTILE_LAST_LINE)),
    },
    {
      check: `no catalog request over ${BOUNDS.catalogMs} ms while the log is read`,
      value: `catalog max ${Math.max(
        ...catalogLatencies,
      )} ms, summaries max ${Math.max(...summariesLatencies)} ms (${
        catalogLatencies.length
      } rounds)`,
      ok:
        Math.max(...catalogLatencies, ...summariesLatencies) < BOUNDS.catalogMs,
    },
    {
      check: `events route under ${mib(BOUNDS.eventsBytes)}`,
      value: `${mib(Buffer.byteLength(events.value.text))} in ${
        events.ms
      } ms (HTTP ${events.value.status})`,
      ok:
        events.value.status === 200 &&
        Buffer.byteLength(events.value.text) < BOUNDS.eventsBytes,
    },
    {
      check: 'no secret in the events',
      value: `${leaked(events.value.text).length} leaked${
        leaked(events.value.text).length
          ? `: ${leaked(events.value.text).join(', ')}`
          : ''
      }`,
      ok: leaked(events.value.text).length === 0,
    },
    {
      check: 'no secret in the status',
      value: `${leaked(statusText).length} leaked${
        leaked(statusText).length ? `: ${leaked(statusText).join(', ')}` : ''
      }; the pod's container message is ${
        statusMessage ? `${Buffer.byteLength(statusMessage)} bytes` : 'absent'
      }`,
      ok: leaked(statusText).length === 0,
    },
    {
      check: `backend RSS grows by less than ${BOUNDS.rssGrowthMiB} MiB`,
      value: `${mib(rssBefore)} -> ${mib(rssAfter)} (${
        rssAfter >= rssBefore ? '+' : ''
      }${mib(rssAfter - rssBefore)})`,
      ok: rssAfter - rssBefore < BOUNDS.rssGrowthMiB * 1024 * 1024,
    },
  ];
  console.log('');
  for (const r of results)
    console.log(`${r.ok ? 'PASS' : 'FAIL'}  ${r.check}: ${r.value}`);

  if (!KEEP) {
    for (const name of eventNames)
      await kube(`/api/v1/namespaces/${NAMESPACE}/events/${name}`, {
        method: 'DELETE',
        allowError: true,
      });
    await kube(`${podPath}?gracePeriodSeconds=0`, {
      method: 'DELETE',
      allowError: true,
    });
    console.log(
      `\nremoved the pod and its ${eventNames.length} events (--keep leaves them)`,
    );
  }
  return results.every(r => r.ok);
}

main().then(
  ok => process.exit(ok ? 0 : 1),
  e => {
    console.error(e);
    process.exit(2);
  },
);
