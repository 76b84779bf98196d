/**
 * What a container writes to stdout, per log profile, as a pure function of
 * its run (start, end, exit) and the time: the same request always returns
 * the same lines. Profiles cover the product's diagnostic paths: a stack
 * trace before a crash, an OOM, a failed migration, a failed build step, a
 * failing report job, and an operator writing controller-runtime JSON.
 */
import { kubeTime } from '../clock';

export interface LogLine {
  ts: number;
  text: string;
}

export interface RunInfo {
  start: number;
  end?: number;
  exitCode?: number;
  reason?: string;
}

export interface LogContext {
  namespace: string;
  pod: string;
  container: string;
  image: string;
  /** Name of the workload (label backstage.io/kubernetes-id, app name, or pod name prefix). */
  app: string;
  task?: string;
}

export type LogProfile =
  | 'web'
  | 'worker'
  | 'report'
  | 'migration'
  | 'database'
  | 'agent'
  | 'operator'
  | 'build'
  | 'operator-klog';

/** Periodic lines are generated for at most this much of a run's past (bounded work per request). */
const MAX_HISTORY_MS = 6 * 60 * 60 * 1000;

function isoMs(ms: number) {
  return new Date(ms).toISOString();
}

function version(image: string) {
  return image.split(':')[1] ?? 'latest';
}

function periodic(
  run: RunInfo,
  until: number,
  everyMs: number,
  firstAt: number,
  line: (i: number, ts: number) => string | undefined,
): LogLine[] {
  const out: LogLine[] = [];
  const end = Math.min(until, run.end ?? Infinity);
  let i = 0;
  let t = run.start + firstAt;
  if (end - t > MAX_HISTORY_MS) {
    i = Math.floor((end - MAX_HISTORY_MS - t) / everyMs);
    t += i * everyMs;
  }
  for (; t < end; t += everyMs, i++) {
    const text = line(i, t);
    if (text !== undefined) out.push({ ts: t, text });
  }
  return out;
}

/** A made-up service account JWT (HS256, bogus signature) for the debug line above. */
const DEMO_JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6c2hvcDphcHAiLCJpc3MiOiJmbGFncy5leGFtcGxlLmNvbSIsImlhdCI6MTc2ODQ3MTIwMH0.Qm9ndXNTaWduYXR1cmVGb3JUaGVEZW1v';

const PATHS = [
  '/api/products',
  '/api/cart',
  '/healthz',
  '/api/products/42',
  '/',
  '/api/session',
  '/readyz',
];

function web(ctx: LogContext, run: RunInfo, until: number): LogLine[] {
  const s = run.start;
  const lines: LogLine[] = [
    { ts: s + 50, text: `> ${ctx.app}@${version(ctx.image)} start` },
    {
      ts: s + 120,
      text: `{"level":"info","time":"${isoMs(
        s + 120,
      )}","msg":"loading configuration","env":"production","service":"${
        ctx.app
      }"}`,
    },
    // Secrets an application should not log, but does at debug level: the
    // plugin's redaction must catch them (docs/operations.md).
    {
      ts: s + 250,
      text: `connecting to postgres://${ctx.app}:s3cr3t-${ctx.app}@${ctx.app}-db.${ctx.namespace}.svc:5432/${ctx.app}`,
    },
    {
      ts: s + 300,
      text: `{"level":"debug","time":"${isoMs(
        s + 300,
      )}","msg":"fetching feature flags","url":"https://flags.example.com/v1/flags","headers":"Authorization: Bearer ${DEMO_JWT}"}`,
    },
    {
      ts: s + 400,
      text: `{"level":"info","time":"${isoMs(
        s + 400,
      )}","msg":"connected to database","host":"${ctx.app}-db.${
        ctx.namespace
      }.svc:5432","pool":10}`,
    },
  ];
  if (
    run.reason === 'Error' ||
    run.reason === 'OOMKilled' ||
    run.exitCode !== undefined
  ) {
    if (run.reason === 'OOMKilled') {
      lines.push({
        ts: s + 600,
        text: `{"level":"info","time":"${isoMs(
          s + 600,
        )}","msg":"listening","port":8080}`,
      });
      lines.push(
        ...periodic(
          run,
          until,
          1500,
          1000,
          (i, ts) =>
            `{"level":"warn","time":"${isoMs(
              ts,
            )}","msg":"heap usage high","heapUsedMB":${
              310 + i * 45
            },"limitMB":512}`,
        ),
      );
      if (run.end !== undefined && run.end <= until) {
        lines.push({ ts: run.end - 10, text: '' });
        lines.push({ ts: run.end - 9, text: '<--- Last few GCs --->' });
        lines.push({
          ts: run.end - 8,
          text: `[1:0x6a3c2c0]     ${Math.round(
            (run.end - s) / 1000,
          )}012 ms: Mark-Compact 497.1 (511.3) -> 496.8 (511.6) MB, 812.44 / 0.00 ms  (average mu = 0.143, current mu = 0.021) allocation failure; scavenge might not succeed`,
        });
        lines.push({
          ts: run.end - 5,
          text: 'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory',
        });
      }
      return lines.filter(l => l.ts <= until);
    }
    if (run.end !== undefined && run.end <= until) {
      const e = run.end;
      lines.push({
        ts: e - 40,
        text: `{"level":"error","time":"${isoMs(
          e - 40,
        )}","msg":"failed to load pricing rules","error":"TypeError: Cannot read properties of undefined (reading 'currency')"}`,
      });
      lines.push({ ts: e - 30, text: `/app/dist/pricing/rules.js:87` });
      lines.push({
        ts: e - 30,
        text: `    const currency = region.settings.currency.toUpperCase();`,
      });
      lines.push({
        ts: e - 30,
        text: `                                          ^`,
      });
      lines.push({ ts: e - 30, text: `` });
      lines.push({
        ts: e - 30,
        text: `TypeError: Cannot read properties of undefined (reading 'currency')`,
      });
      lines.push({
        ts: e - 30,
        text: `    at loadPricingRules (/app/dist/pricing/rules.js:87:43)`,
      });
      lines.push({
        ts: e - 30,
        text: `    at async Checkout.init (/app/dist/checkout/service.js:41:5)`,
      });
      lines.push({
        ts: e - 30,
        text: `    at async main (/app/dist/main.js:23:3)`,
      });
      lines.push({ ts: e - 30, text: `` });
      lines.push({ ts: e - 30, text: `Node.js v22.19.0` });
    }
    return lines.filter(l => l.ts <= until);
  }
  lines.push({
    ts: s + 600,
    text: `{"level":"info","time":"${isoMs(
      s + 600,
    )}","msg":"listening","port":8080,"version":"${version(ctx.image)}"}`,
  });
  lines.push(
    ...periodic(run, until, 5000, 2000, (i, ts) => {
      const path = PATHS[i % PATHS.length];
      const status = path === '/api/cart' && i % 11 === 0 ? 404 : 200;
      return `{"level":"info","time":"${isoMs(
        ts,
      )}","msg":"request completed","method":"GET","path":"${path}","status":${status},"durationMs":${
        3 + ((i * 37) % 90)
      }}`;
    }),
  );
  return lines.filter(l => l.ts <= until);
}

function worker(ctx: LogContext, run: RunInfo, until: number): LogLine[] {
  const s = run.start;
  const lines: LogLine[] = [
    {
      ts: s + 100,
      text: `time=${kubeTime(s + 100)} level=INFO msg="starting ${
        ctx.app
      }" version=${version(ctx.image)}`,
    },
    {
      ts: s + 800,
      text: `time=${kubeTime(
        s + 800,
      )} level=INFO msg="warming cache" keys=1200 source=catalog`,
    },
    {
      ts: s + 2000,
      text: `time=${kubeTime(
        s + 2000,
      )} level=INFO msg="progress" done=600 total=1200`,
    },
  ];
  if (run.end !== undefined) {
    if (run.exitCode === 0)
      lines.push({
        ts: run.end - 20,
        text: `time=${kubeTime(
          run.end,
        )} level=INFO msg="done" keys=1200 durationMs=${run.end - s}`,
      });
    else
      lines.push({
        ts: run.end - 20,
        text: `time=${kubeTime(
          run.end,
        )} level=ERROR msg="giving up" error="context deadline exceeded"`,
      });
  }
  return lines.filter(l => l.ts <= until);
}

function report(_ctx: LogContext, run: RunInfo, until: number): LogLine[] {
  const s = run.start;
  const day = new Date(s - 86_400_000).toISOString().slice(0, 10);
  const lines: LogLine[] = [
    {
      ts: s + 100,
      text: `${isoMs(
        s + 100,
      )} INFO  nightly_report: generating report for ${day}`,
    },
    {
      ts: s + 900,
      text: `${isoMs(
        s + 900,
      )} INFO  nightly_report.sources: fetching orders from warehouse-api.data.svc:8080`,
    },
  ];
  if (run.end !== undefined && run.exitCode !== 0) {
    const e = run.end;
    lines.push(
      {
        ts: e - 60,
        text: `${isoMs(
          e - 60,
        )} ERROR nightly_report: upstream warehouse-api returned 503 Service Unavailable`,
      },
      { ts: e - 50, text: 'Traceback (most recent call last):' },
      {
        ts: e - 50,
        text: '  File "/app/nightly_report/__main__.py", line 48, in <module>',
      },
      { ts: e - 50, text: '    main()' },
      {
        ts: e - 50,
        text: '  File "/app/nightly_report/__main__.py", line 31, in main',
      },
      { ts: e - 50, text: '    orders = sources.fetch_orders(day)' },
      {
        ts: e - 50,
        text: '  File "/app/nightly_report/sources.py", line 77, in fetch_orders',
      },
      { ts: e - 50, text: '    response.raise_for_status()' },
      {
        ts: e - 50,
        text: `requests.exceptions.HTTPError: 503 Server Error: Service Unavailable for url: http://warehouse-api.data.svc:8080/v1/orders?day=${day}`,
      },
    );
  } else if (run.end !== undefined) {
    lines.push({
      ts: run.end - 20,
      text: `${isoMs(
        run.end - 20,
      )} INFO  nightly_report: report written to s3://reports/${day}.csv`,
    });
  }
  return lines.filter(l => l.ts <= until);
}

function migration(ctx: LogContext, run: RunInfo, until: number): LogLine[] {
  const s = run.start;
  const lines: LogLine[] = [
    {
      ts: s + 100,
      text: `[migrate] connecting to postgres://${ctx.app}-db.${ctx.namespace}.svc:5432/${ctx.app}`,
    },
    { ts: s + 300, text: '[migrate] current schema version: 0041' },
    { ts: s + 400, text: '[migrate] applying 0042_add_order_index.sql' },
  ];
  if (run.end !== undefined && run.exitCode !== 0) {
    lines.push(
      {
        ts: run.end - 50,
        text: '[migrate] ERROR: relation "orders_archive" does not exist (SQLSTATE 42P01)',
      },
      {
        ts: run.end - 40,
        text: '[migrate] migration 0042_add_order_index.sql failed, rolled back',
      },
      { ts: run.end - 30, text: '[migrate] exit status 1' },
    );
  } else if (run.end !== undefined) {
    lines.push({
      ts: run.end - 30,
      text: '[migrate] schema is up to date (0042)',
    });
  }
  return lines.filter(l => l.ts <= until);
}

function database(_ctx: LogContext, run: RunInfo, until: number): LogLine[] {
  const s = run.start;
  const lines: LogLine[] = [
    {
      ts: s + 100,
      text: `${isoMs(s + 100)
        .replace('T', ' ')
        .replace(
          'Z',
          ' UTC',
        )} [1] LOG:  starting PostgreSQL 16.4 on x86_64-pc-linux-gnu`,
    },
    {
      ts: s + 200,
      text: `${isoMs(s + 200)
        .replace('T', ' ')
        .replace(
          'Z',
          ' UTC',
        )} [1] LOG:  listening on IPv4 address "0.0.0.0", port 5432`,
    },
    {
      ts: s + 600,
      text: `${isoMs(s + 600)
        .replace('T', ' ')
        .replace(
          'Z',
          ' UTC',
        )} [1] LOG:  database system is ready to accept connections`,
    },
  ];
  lines.push(
    ...periodic(
      run,
      until,
      60_000,
      30_000,
      (i, ts) =>
        `${isoMs(ts).replace('T', ' ').replace('Z', ' UTC')} [${
          40 + i
        }] LOG:  checkpoint complete: wrote ${
          12 + (i % 40)
        } buffers (0.1%); write=1.203 s, sync=0.004 s, total=1.214 s`,
    ),
  );
  return lines.filter(l => l.ts <= until);
}

function agent(_ctx: LogContext, run: RunInfo, until: number): LogLine[] {
  const s = run.start;
  const lines: LogLine[] = [
    { ts: s + 100, text: `Fluent Bit v3.1.9` },
    {
      ts: s + 200,
      text: `[${kubeTime(s + 200)}] [ info] [input:tail:tail.0] initializing`,
    },
    {
      ts: s + 300,
      text: `[${kubeTime(
        s + 300,
      )}] [ info] [output:forward:forward.0] worker #0 started`,
    },
  ];
  lines.push(
    ...periodic(
      run,
      until,
      30_000,
      10_000,
      (i, ts) =>
        `[${kubeTime(
          ts,
        )}] [ info] [input:tail:tail.0] inotify_fs_add(): inode=${
          1_048_576 + i
        } watch_fd=${i + 1} name=/var/log/containers/app-${i % 9}.log`,
    ),
  );
  return lines.filter(l => l.ts <= until);
}

/** controller-runtime's zap JSON encoder: level, ts (float seconds), logger, msg, then key/values. */
function operator(ctx: LogContext, run: RunInfo, until: number): LogLine[] {
  const s = run.start;
  const ts = (t: number) => (t / 1000).toFixed(6);
  const lines: LogLine[] = [
    {
      ts: s + 100,
      text: `{"level":"info","ts":${ts(
        s + 100,
      )},"logger":"setup","msg":"starting manager","version":"${version(
        ctx.image,
      )}"}`,
    },
    {
      ts: s + 200,
      text: `{"level":"info","ts":${ts(
        s + 200,
      )},"logger":"controller-runtime.metrics","msg":"Starting metrics server"}`,
    },
    {
      ts: s + 300,
      text: `{"level":"info","ts":${ts(
        s + 300,
      )},"msg":"Starting EventSource","controller":"deployment","controllerGroup":"apps","controllerKind":"Deployment","source":"kind source: *v1.Deployment"}`,
    },
    {
      ts: s + 400,
      text: `{"level":"info","ts":${ts(
        s + 400,
      )},"msg":"Starting Controller","controller":"deployment","controllerGroup":"apps","controllerKind":"Deployment"}`,
    },
    {
      ts: s + 500,
      text: `{"level":"info","ts":${ts(
        s + 500,
      )},"msg":"Starting workers","controller":"cronjob","controllerGroup":"batch","controllerKind":"CronJob","worker count":1}`,
    },
    // a credential in a URL, as operators log webhook targets: redacted by the plugin
    {
      ts: s + 600,
      text: `{"level":"info","ts":${ts(
        s + 600,
      )},"logger":"controller.deployment","msg":"Registered alert webhook","controller":"deployment","controllerKind":"Deployment","Deployment":{"name":"checkout","namespace":"shop"},"namespace":"shop","name":"checkout","webhook":"https://alerts:wh-s3cr3t@alerts.example.com/hooks/shop"}`,
    },
  ];
  const cycle: Array<(t: number, i: number) => string> = [
    t =>
      `{"level":"info","ts":${ts(
        t,
      )},"logger":"controller.deployment","msg":"Reconciling","controller":"deployment","namespace":"shop","name":"storefront","reconcileID":"${hex(
        t,
        8,
      )}"}`,
    t =>
      `{"level":"error","ts":${ts(
        t,
      )},"logger":"controller.deployment","msg":"Reconciler error","controller":"deployment","controllerGroup":"apps","controllerKind":"Deployment","Deployment":{"name":"checkout","namespace":"shop"},"namespace":"shop","name":"checkout","reconcileID":"${hex(
        t,
        8,
      )}","error":"deployment shop/checkout is not available: 0/2 replicas ready: container app in pod is in CrashLoopBackOff (exit code 1); cannot apply platform policy \\"restart-budget\\"","stacktrace":"sigs.k8s.io/controller-runtime/pkg/internal/controller.(*Controller).reconcileHandler\\n\\tsigs.k8s.io/controller-runtime@v0.21.0/pkg/internal/controller/controller.go:353"}`,
    t =>
      `{"level":"info","ts":${ts(
        t,
      )},"logger":"controller.cronjob","msg":"Reconciling","controller":"cronjob","namespace":"shop","name":"cache-warmer","reconcileID":"${hex(
        t,
        8,
      )}"}`,
    t =>
      `{"level":"error","ts":${ts(
        t,
      )},"logger":"controller.cronjob","msg":"Reconciler error","controller":"cronjob","controllerGroup":"batch","controllerKind":"CronJob","CronJob":{"name":"nightly-report","namespace":"data"},"namespace":"data","name":"nightly-report","reconcileID":"${hex(
        t,
        8,
      )}","error":"last run of cronjob data/nightly-report failed: job has reached the specified backoff limit (BackoffLimitExceeded); alerting policy \\"report-failures\\" not satisfied"}`,
    t =>
      `{"level":"info","ts":${ts(
        t,
      )},"logger":"controller.deployment","msg":"Reconciling","controller":"deployment","namespace":"shop","name":"payments","reconcileID":"${hex(
        t,
        8,
      )}"}`,
    t =>
      `{"level":"info","ts":${ts(
        t,
      )},"logger":"controller.statefulset","msg":"Reconcile successful","controller":"statefulset","namespace":"data","name":"inventory-db","reconcileID":"${hex(
        t,
        8,
      )}"}`,
  ];
  lines.push(
    ...periodic(run, until, 5000, 3000, (i, t) =>
      cycle[i % cycle.length](t, i),
    ),
  );
  return lines.filter(l => l.ts <= until);
}

/** klog's header: `Lmmdd hh:mm:ss.uuuuuu threadid file:line] `, in UTC. */
function klogHeader(severity: 'I' | 'W' | 'E', t: number, source: string) {
  const d = new Date(t);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${severity}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())} ${two(
    d.getUTCHours(),
  )}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}.${String(
    d.getUTCMilliseconds(),
  ).padStart(3, '0')}000       1 ${source}] `;
}

/** A policy controller logging klog text: structured ("msg" key="value") and plain. */
function operatorKlog(
  _ctx: LogContext,
  run: RunInfo,
  until: number,
): LogLine[] {
  const s = run.start;
  const lines: LogLine[] = [
    {
      ts: s + 100,
      text: `${klogHeader(
        'I',
        s + 100,
        'main.go:52',
      )}"Starting policy controller" version="v1.4.0" workers=2`,
    },
  ];
  const cycle: Array<(t: number) => string> = [
    t =>
      `${klogHeader(
        'E',
        t,
        'controller.go:324',
      )}"Reconciler error" err="admission policy \\"require-probes\\" violated: container app has no livenessProbe" controller="policy" Deployment="shop/checkout"`,
    t =>
      `${klogHeader(
        'I',
        t,
        'sync.go:88',
      )}deployment shop/storefront is compliant with 4 policies`,
    t =>
      `${klogHeader(
        'W',
        t,
        'sync.go:141',
      )}deployment shop/checkout has 0 available replicas; policy "min-available" not evaluated`,
    t =>
      `${klogHeader(
        'I',
        t,
        'controller.go:211',
      )}"Reconcile successful" controller="policy" CronJob="data/nightly-report"`,
  ];
  lines.push(
    ...periodic(run, until, 7000, 4000, (i, t) => cycle[i % cycle.length](t)),
  );
  return lines.filter(l => l.ts <= until);
}

function build(ctx: LogContext, run: RunInfo, until: number): LogLine[] {
  const s = run.start;
  const task = ctx.task ?? ctx.container.replace(/^step-/, '');
  const lines: LogLine[] = [];
  if (task.includes('fetch') || task.includes('clone')) {
    lines.push(
      {
        ts: s + 200,
        text: `{"level":"info","ts":${
          (s + 200) / 1000
        },"caller":"git/git.go:176","msg":"Successfully cloned https://git.example.com/shop/${
          ctx.app
        } @ 8f3c2a1d9e4b7c6a5f0e1d2c3b4a59687f6e5d4c (grafted, HEAD) in path /workspace/source"}`,
      },
      {
        ts: s + 400,
        text: `{"level":"info","ts":${
          (s + 400) / 1000
        },"caller":"git/git.go:215","msg":"Successfully initialized and updated submodules in path /workspace/source"}`,
      },
    );
  } else {
    lines.push(
      { ts: s + 200, text: 'STEP 1/9: FROM node:22-alpine AS build' },
      { ts: s + 1200, text: 'STEP 2/9: WORKDIR /app' },
      {
        ts: s + 1300,
        text: 'STEP 3/9: COPY package.json package-lock.json ./',
      },
      { ts: s + 1500, text: 'STEP 4/9: RUN npm ci' },
      {
        ts: s + 9000,
        text: 'added 812 packages, and audited 813 packages in 7s',
      },
      { ts: s + 9100, text: 'STEP 5/9: COPY . .' },
      { ts: s + 9500, text: 'STEP 6/9: RUN npm run build' },
      { ts: s + 10_000, text: `> ${ctx.app}@2.1.0 build` },
      { ts: s + 10_100, text: '> tsc -p tsconfig.build.json' },
    );
    if (run.end !== undefined && run.exitCode !== 0) {
      const e = run.end;
      lines.push(
        {
          ts: e - 300,
          text: "src/ranking/model.ts(112,7): error TS2322: Type 'number | undefined' is not assignable to type 'number'.",
        },
        {
          ts: e - 300,
          text: "src/ranking/model.ts(140,21): error TS2339: Property 'weights' does not exist on type 'RankingConfig'.",
        },
        {
          ts: e - 200,
          text: 'npm error Lifecycle script `build` failed with error:',
        },
        { ts: e - 200, text: 'npm error code 2' },
        {
          ts: e - 100,
          text: 'Error: building at STEP "RUN npm run build": while running runtime: exit status 2',
        },
      );
    } else if (run.end !== undefined) {
      lines.push({
        ts: run.end - 100,
        text: `Successfully tagged registry.example.com/shop/${ctx.app}:latest`,
      });
    }
  }
  return lines.filter(l => l.ts <= until);
}

function hex(seed: number, len: number): string {
  let h = Math.floor(seed) >>> 0;
  let out = '';
  while (out.length < len) {
    h = (Math.imul(h ^ (h >>> 13), 0x5bd1e995) + 0x9e3779b9) >>> 0;
    out += h.toString(16);
  }
  return `${out.slice(0, 8)}-${out.slice(8, 12)}-4${out.slice(
    13,
    16,
  )}-a${out.slice(17, 20)}-${out.slice(0, 12).padEnd(12, '0')}`.slice(0, 36);
}

const PROFILES: Record<
  LogProfile,
  (ctx: LogContext, run: RunInfo, until: number) => LogLine[]
> = {
  web,
  worker,
  report,
  migration,
  database,
  agent,
  operator,
  build,
  'operator-klog': operatorKlog,
};

export function isLogProfile(name: string): name is LogProfile {
  return name in PROFILES;
}

export function renderRunLog(
  profile: LogProfile,
  ctx: LogContext,
  run: RunInfo,
  until: number,
): LogLine[] {
  return PROFILES[profile](ctx, run, until).sort((a, b) => a.ts - b.ts);
}
