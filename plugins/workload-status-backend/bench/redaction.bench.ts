/*
 * Redaction benchmark (docs/benchmarks.md, section "Redaction"). Run from
 * the repo root:
 *
 *   npm run bench -- redaction
 *
 * or directly:
 *
 *   scripts/run.sh node -r @backstage/cli/config/nodeTransform.cjs \
 *     plugins/workload-status-backend/bench/redaction.bench.ts
 *
 * 1. Throughput on ordinary logs: a deterministic corpus (BENCH_REDACTION_MB,
 *    default 32 MB) of JSON application logs, logfmt, access logs and klog
 *    lines, about 1 % of them with a secret, redacted line by line through
 *    SecretRedactor and as bytes through RedactingLineStream. Best of 5.
 * 2. Pathological lines: the attack strings that made the backtracking
 *    patterns quadratic (src/redaction/attackStrings.ts), at each size of
 *    BENCH_REDACTION_SIZES (characters, default 2 MiB), through the whole
 *    redactor, the stream and each rule of the rule table alone. Worst time
 *    per rule over all attack strings.
 *
 * Times are CPU time (user + system) of this process, not wall time: on a
 * shared machine wall time counts the other processes too.
 */
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { RedactingLineStream } from '../src/diagnostics/logs/RedactingLineStream';
import { SecretRedactor } from '../src/redaction';
import { attackStrings } from '../src/redaction/attackStrings';
import { REDACTION_RULES } from '../src/redaction/redactionRules';
import { RuleMatcher } from '../src/redaction/RuleMatcher';

const MB = 1024 * 1024;

/** mulberry32: the same corpus on every run */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PATHS = [
  '/api/cart',
  '/api/products',
  '/api/products/42/reviews',
  '/api/checkout/session',
  '/healthz',
  '/metrics',
  '/static/js/main.4f3a2b.js',
  '/api/users/me',
];
const MESSAGES = [
  'request completed',
  'cache refreshed',
  'connected to database',
  'order placed',
  'payment authorised',
  'retrying upstream call',
  'token bucket refilled',
  'failed to refresh token: connection refused',
  'access denied for anonymous user',
  'secret store reloaded',
];
const AGENTS = [
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
  'kube-probe/1.31',
  'curl/8.5.0',
  'Go-http-client/1.1',
];
const SECRET_LINES = [
  'DEBUG outgoing request headers: Authorization: Bearer abc.def-ghi_jkl0123456789',
  '{"level":"info","user":"app","password":"hunter2","db":"shop"}',
  'connecting to postgres://app:s3cr3t@db:5432/shop',
  'time=2026-11-22T06:01:02Z level=INFO msg=login db_password=hunter2 user=app',
  'GET /callback?code=abc&access_token=ya29.a0AfH6SM&state=1',
  'using credentials AKIAIOSFODNN7EXAMPLE in us-east-1',
  'Cookie: theme=dark; session=5f2b9c0e7d41a8f3',
  'git clone https://x:ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789@github.com/o/r',
];

function corpus(bytes: number): string[] {
  const rnd = random(42);
  const pick = <T>(a: readonly T[]) => a[Math.floor(rnd() * a.length)];
  const hex = (n: number) =>
    Array.from({ length: n }, () => Math.floor(rnd() * 16).toString(16)).join(
      '',
    );
  const lines: string[] = [];
  let size = 0;
  let t = Date.UTC(2026, 10, 22, 6, 0, 0);
  while (size < bytes) {
    t += Math.floor(rnd() * 50);
    const iso = new Date(t).toISOString();
    const r = rnd();
    let line: string;
    if (r < 0.4) {
      line = JSON.stringify({
        level: rnd() < 0.9 ? 'info' : 'error',
        time: iso,
        msg: pick(MESSAGES),
        method: rnd() < 0.8 ? 'GET' : 'POST',
        path: pick(PATHS),
        status: rnd() < 0.95 ? 200 : 503,
        durationMs: Math.floor(rnd() * 300),
        traceId: hex(32),
        spanId: hex(16),
        userAgent: pick(AGENTS),
      });
    } else if (r < 0.65) {
      line = `time=${iso} level=${rnd() < 0.9 ? 'info' : 'warn'} msg="${pick(
        MESSAGES,
      )}" component=pricing items=${Math.floor(rnd() * 500)} took=${Math.floor(
        rnd() * 90,
      )}ms request_id=${hex(12)}`;
    } else if (r < 0.9) {
      line = `10.0.${Math.floor(rnd() * 255)}.${Math.floor(
        rnd() * 255,
      )} - - [22/Nov/2026:06:01:02 +0000] "GET ${pick(PATHS)}?page=${Math.floor(
        rnd() * 9,
      )} HTTP/1.1" ${rnd() < 0.97 ? 200 : 404} ${Math.floor(
        rnd() * 90000,
      )} "https://shop.example.com/" "${pick(AGENTS)}"`;
    } else if (r < 0.99) {
      line = `I1122 06:01:02.${hex(6)}       1 controller.go:${Math.floor(
        rnd() * 900,
      )}] "Reconciling" Deployment="shop/checkout-${hex(4)}" reconcileID="${hex(
        8,
      )}-${hex(4)}"`;
    } else {
      line = pick(SECRET_LINES);
    }
    lines.push(line);
    size += line.length + 1;
  }
  return lines;
}

/**
 * CPU milliseconds (user + system) of this process: on a shared machine
 * wall time counts the other processes too.
 */
function cpuMs(since?: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

function best(runs: number, fn: () => void): number {
  let bestMs = Infinity;
  for (let i = 0; i < runs; i++) {
    const start = process.cpuUsage();
    fn();
    bestMs = Math.min(bestMs, cpuMs(start));
  }
  return bestMs;
}

async function streamMs(text: string, chunkBytes: number): Promise<number> {
  const bytes = Buffer.from(text, 'utf8');
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunkBytes) {
    chunks.push(bytes.subarray(i, i + chunkBytes));
  }
  const start = process.cpuUsage();
  await pipeline(
    Readable.from(chunks),
    new RedactingLineStream(bytes.length + 1),
    new Writable({
      write(_chunk, _encoding, callback) {
        callback();
      },
    }),
  );
  return cpuMs(start);
}

async function throughput() {
  const mb = Number(process.env.BENCH_REDACTION_MB ?? 32);
  const lines = corpus(mb * MB);
  const text = `${lines.join('\n')}\n`;
  const size = Buffer.byteLength(text);
  let redactedLines = 0;
  const lineMs = best(5, () => {
    const redactor = new SecretRedactor();
    redactedLines = 0;
    for (const line of lines) {
      if (redactor.redactLine(line) !== line) redactedLines++;
    }
  });
  let streamBest = Infinity;
  for (let i = 0; i < 5; i++) {
    streamBest = Math.min(streamBest, await streamMs(text, 64 * 1024));
  }
  const rate = (ms: number) => (size / MB / (ms / 1000)).toFixed(1);
  console.log(
    `ordinary logs: ${(size / MB).toFixed(1)} MiB, ${lines.length} lines, ` +
      `${redactedLines} changed by redaction`,
  );
  console.log(
    `  SecretRedactor.redactLine: ${rate(lineMs)} MiB/s (${lineMs.toFixed(
      0,
    )} ms)`,
  );
  console.log(
    `  RedactingLineStream (64 KiB chunks): ${rate(
      streamBest,
    )} MiB/s (${streamBest.toFixed(0)} ms)`,
  );
}

async function pathological() {
  const sizes = (process.env.BENCH_REDACTION_SIZES ?? String(2 * MB))
    .split(',')
    .map(Number);
  const attacks = attackStrings();
  for (const size of sizes) {
    console.log(`pathological lines of ${size} characters:`);
    const worst = new Map<string, { ms: number; attack: string }>();
    const note = (what: string, attack: string, ms: number) => {
      const held = worst.get(what);
      if (!held || ms > held.ms) worst.set(what, { ms, attack });
    };
    for (const attack of attacks) {
      const line = attack.make(size);
      note(
        'SecretRedactor (whole line)',
        attack.name,
        best(1, () => new SecretRedactor().redactLine(line)),
      );
      note(
        'RedactingLineStream (64 KiB chunks)',
        attack.name,
        await streamMs(line, 64 * 1024),
      );
      for (const rule of REDACTION_RULES) {
        const matcher = new RuleMatcher([rule]);
        note(
          `rule ${rule.name}`,
          attack.name,
          best(1, () => matcher.redact(line)),
        );
      }
    }
    for (const [what, { ms, attack }] of worst) {
      console.log(
        `  ${what.padEnd(40)} worst ${ms
          .toFixed(1)
          .padStart(8)} ms (${attack})`,
      );
    }
  }
}

async function main() {
  console.log(
    `node ${process.version}, ${
      require('node:os').cpus().length
    } CPUs, load ${require('node:os')
      .loadavg()
      .map((l: number) => l.toFixed(2))
      .join(' ')}`,
  );
  if (process.env.BENCH_REDACTION_SKIP_THROUGHPUT !== '1') await throughput();
  await pathological();
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
