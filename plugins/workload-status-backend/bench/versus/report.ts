/*
 * The versus benchmark's output: the table on stdout, the same table in
 * markdown (.run/versus.md, for docs/benchmarks.md) and a small SVG chart of
 * the ratios (theirs / ours) on a log scale, with the 100x goal marked.
 */
import { writeFileSync } from 'node:fs';
import type { BackendMemory } from './measure';
import type { RequestPathRow } from './requestPath';

export interface SideResult {
  p50: number;
  p95: number;
  apiRequestsPerView: number;
  apiBytesPerView: number;
  responseBytes: number;
  cpuPer100: number;
  pageP50: number;
  /** HTTP requests the browser makes for a catalog page */
  pageRequests: number;
  pageApiRequests: number;
  pageApiBytes: number;
  pageCpu: number;
}

export interface ScaleResult {
  clusters: number;
  podsPerCluster: number;
  entities: number;
  startupSeconds: number;
  ours: SideResult;
  theirs: SideResult;
  pollSeconds: number;
  requestPath: RequestPathRow[];
  idle: {
    seconds: number;
    apiRequestsPerMinute: number;
    apiBytesPerMinute: number;
    cpuMsPerSecond: number;
  };
  memory: {
    afterSync: number;
    peak: number;
    end: number;
    /** what the backend logged of its heap and buffers after the sync */
    afterSyncParts?: BackendMemory;
  };
  errorLines: number;
  firstError?: string;
  emptied: Record<string, number>;
}

export interface RunMeta {
  node: string;
  cores: number;
  loadStart: string;
  loadEnd: string;
  minutes: number;
  rounds: number;
  pages: number;
}

type Row = [
  label: string,
  ours: number,
  theirs: number,
  format: (v: number) => string,
];

const ms = (v: number) =>
  v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(1)} ms`;
const count = (v: number) => (v >= 100 ? v.toFixed(0) : v.toFixed(1));
const kib = (v: number) => `${(v / 1024).toFixed(v < 10_240 ? 1 : 0)} KiB`;
const mib = (v: number) => `${(v / 1048576).toFixed(1)} MiB`;
const sec = (v: number) => `${v.toFixed(2)} s`;

function rows(r: ScaleResult): Row[] {
  const perMinute = 60 / r.pollSeconds;
  return [
    ['entity page p50', r.ours.p50, r.theirs.p50, ms],
    ['entity page p95', r.ours.p95, r.theirs.p95, ms],
    ['response per entity', r.ours.responseBytes, r.theirs.responseBytes, kib],
    [
      'apiserver requests per entity view',
      r.ours.apiRequestsPerView,
      r.theirs.apiRequestsPerView,
      count,
    ],
    // ours sends no request: its window holds only what the open watch
    // streams carried meanwhile (bookmarks), which flow whether anyone
    // looks or not
    [
      'apiserver bytes per entity view',
      r.ours.apiRequestsPerView === 0 ? 0 : r.ours.apiBytesPerView,
      r.theirs.apiBytesPerView,
      kib,
    ],
    [
      'catalog page of 100: browser requests',
      r.ours.pageRequests,
      r.theirs.pageRequests,
      count,
    ],
    ['catalog page of 100: time', r.ours.pageP50, r.theirs.pageP50, ms],
    [
      'catalog page: apiserver requests',
      r.ours.pageApiRequests,
      r.theirs.pageApiRequests,
      count,
    ],
    [
      'catalog page: apiserver bytes',
      r.ours.pageApiRequests === 0 ? 0 : r.ours.pageApiBytes,
      r.theirs.pageApiBytes,
      mib,
    ],
    [
      'open tab, per minute: apiserver requests',
      0,
      r.theirs.apiRequestsPerView * perMinute,
      count,
    ],
    [
      'open tab, per minute: apiserver bytes',
      0,
      r.theirs.apiBytesPerView * perMinute,
      mib,
    ],
    [
      'backend CPU per 100 entity requests',
      r.ours.cpuPer100,
      r.theirs.cpuPer100,
      sec,
    ],
    ['backend CPU per catalog page', r.ours.pageCpu, r.theirs.pageCpu, sec],
  ];
}

function ratio(ours: number, theirs: number): string {
  if (ours === 0) return theirs === 0 ? '-' : 'none here';
  const x = theirs / ours;
  return `${x >= 10 ? x.toFixed(0) : x.toFixed(1)}x`;
}

function notes(r: ScaleResult): string[] {
  return [
    `background apiserver traffic while idle (${
      r.idle.seconds
    } s; ours: watch restarts, usage samples; theirs: none): ${r.idle.apiRequestsPerMinute.toFixed(
      1,
    )} requests, ${mib(r.idle.apiBytesPerMinute)} per minute`,
    `backend idle CPU: ${r.idle.cpuMsPerSecond.toFixed(
      1,
    )} ms/s; RSS (one process, both plugins): ${r.memory.afterSync.toFixed(
      0,
    )} MiB after sync${
      r.memory.afterSyncParts
        ? ` (JS heap ${r.memory.afterSyncParts.heapUsed} of ${r.memory.afterSyncParts.heapTotal} MiB in use, ${r.memory.afterSyncParts.external} MiB outside it)`
        : ''
    }, peak ${r.memory.peak.toFixed(0)} MiB, ${r.memory.end.toFixed(
      0,
    )} MiB at the end`,
    `ready (clusters, catalog of ${
      r.entities
    }, initial sync) in ${r.startupSeconds.toFixed(
      0,
    )} s; error lines in the backend log: ${r.errorLines}${
      r.firstError ? ` (first: ${r.firstError})` : ''
    }`,
    `empty lists served for kinds the simulator lacks: ${
      Object.entries(r.emptied)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ') || 'none'
    }`,
  ];
}

function title(r: ScaleResult) {
  return `${r.clusters} clusters x ${r.podsPerCluster.toLocaleString(
    'en',
  )} pods, ${r.entities} entities`;
}

export function printTable(results: ScaleResult[], meta: RunMeta) {
  const out: string[] = [];
  for (const r of results) {
    out.push('', `== ${title(r)}`);
    const table = rows(r).map(([label, o, t, f]) => [
      label,
      f(o),
      f(t),
      ratio(o, t),
    ]);
    const widths = [0, 1, 2, 3].map(i =>
      Math.max(
        ...[['', 'ours', 'theirs', 'theirs/ours'], ...table].map(
          row => row[i].length,
        ),
      ),
    );
    for (const row of [['', 'ours', 'theirs', 'theirs/ours'], ...table]) {
      out.push(
        row
          .map((c, i) => (i ? c.padStart(widths[i]) : c.padEnd(widths[i])))
          .join('  '),
      );
    }
    out.push(...notes(r).map(n => `  ${n}`));
    out.push('  request path (backend CPU per request, median time):');
    for (const p of r.requestPath) {
      out.push(
        `    ${p.layer.padEnd(46)} ${p.cpuMs
          .toFixed(2)
          .padStart(6)} ms CPU  ${p.p50.toFixed(2).padStart(6)} ms`,
      );
    }
  }
  out.push(
    '',
    `node ${meta.node}, ${meta.cores} cores, load ${meta.loadStart} at start, ${
      meta.loadEnd
    } at the end; ${meta.minutes.toFixed(1)} minutes`,
  );
  process.stdout.write(`${out.join('\n')}\n`);
}

export function writeMarkdown(
  file: string,
  results: ScaleResult[],
  meta: RunMeta,
) {
  const out: string[] = [];
  for (const r of results) {
    out.push(
      `**${title(r)}**`,
      '',
      '| | ours | theirs | theirs / ours |',
      '|---|---:|---:|---:|',
    );
    for (const [label, o, t, f] of rows(r))
      out.push(`| ${label} | ${f(o)} | ${f(t)} | ${ratio(o, t)} |`);
    out.push('', ...notes(r).map(n => `- ${n}`), '');
    out.push(
      '| request path layer | backend CPU per request | median time |',
      '|---|---:|---:|',
    );
    for (const p of r.requestPath)
      out.push(
        `| ${p.layer} | ${p.cpuMs.toFixed(2)} ms | ${p.p50.toFixed(2)} ms |`,
      );
    out.push('');
  }
  out.push(
    `Node ${meta.node}, ${meta.cores} cores, load average ${
      meta.loadStart
    } at the start and ${meta.loadEnd} at the end; ${
      meta.rounds
    } rounds of 10 entities, ${
      meta.pages
    } pages per side; ${meta.minutes.toFixed(1)} minutes.`,
  );
  writeFileSync(file, `${out.join('\n')}\n`);
}

/** Ratios theirs / ours on a log axis; "none here" (ours 0) drawn to the edge. */
export function writeChart(file: string, results: ScaleResult[]) {
  const metrics: Array<[string, (s: SideResult, r: ScaleResult) => number]> = [
    ['entity page p50', s => s.p50],
    ['entity page p95', s => s.p95],
    ['catalog page of 100', s => s.pageP50],
    ['CPU per request', s => s.cpuPer100],
    ['apiserver requests per view', s => s.apiRequestsPerView],
  ];
  const colors = ['#4a7fb5', '#d9822b', '#5a9e6f'];
  const left = 190;
  const width = 420;
  const maxDecades = 4; // 1x .. 10,000x
  const barH = 12;
  const groupH = results.length * (barH + 2) + 12;
  const top = 40;
  const height = top + metrics.length * groupH + 30;
  const x = (v: number) =>
    left +
    (Math.log10(Math.max(1, Math.min(v, 10 ** maxDecades))) / maxDecades) *
      width;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${
      left + width + 90
    }" height="${height}" font-family="sans-serif" font-size="11">`,
    `<text x="8" y="16" font-size="13" font-weight="bold">Backstage's Kubernetes backend / Workload Status (higher: ours cheaper)</text>`,
  );
  for (let d = 0; d <= maxDecades; d++) {
    const gx = x(10 ** d);
    parts.push(
      `<line x1="${gx}" y1="${top - 2}" x2="${gx}" y2="${
        height - 24
      }" stroke="${d === 2 ? '#c33' : '#ddd'}"${
        d === 2 ? ' stroke-dasharray="4 3"' : ''
      }/>`,
      `<text x="${gx}" y="${height - 10}" text-anchor="middle">${(
        10 ** d
      ).toLocaleString('en')}x${d === 2 ? ' goal' : ''}</text>`,
    );
  }
  results.forEach((r, i) =>
    parts.push(
      `<rect x="${left + i * 140}" y="21" width="10" height="10" fill="${
        colors[i % colors.length]
      }"/>`,
      `<text x="${left + 14 + i * 140}" y="30">${r.clusters} clusters x ${
        r.podsPerCluster / 1000
      }k pods</text>`,
    ),
  );
  metrics.forEach(([label, pick], m) => {
    const gy = top + m * groupH;
    parts.push(
      `<text x="${left - 8}" y="${
        gy + groupH / 2
      }" text-anchor="end">${label}</text>`,
    );
    results.forEach((r, i) => {
      const o = pick(r.ours, r);
      const t = pick(r.theirs, r);
      const v = o === 0 ? 10 ** maxDecades : t / o;
      const y = gy + 4 + i * (barH + 2);
      const text =
        o === 0
          ? `0 vs ${count(t)}`
          : `${v >= 10 ? Math.round(v).toLocaleString('en') : v.toFixed(1)}x`;
      parts.push(
        `<rect x="${left}" y="${y}" width="${Math.max(
          1,
          x(v) - left,
        )}" height="${barH}" fill="${colors[i % colors.length]}"/>`,
        `<text x="${x(v) + 4}" y="${y + barH - 2}">${text}</text>`,
      );
    });
  });
  parts.push('</svg>');
  writeFileSync(file, `${parts.join('\n')}\n`);
}
