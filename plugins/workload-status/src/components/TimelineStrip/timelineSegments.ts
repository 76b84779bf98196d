import type {
  EntityStatus,
  Health,
  TimelineEntry,
  TimelineSubject,
} from '@workload-status/backstage-plugin-workload-status-common';

/** A span of one health on a subject's bar. */
export interface HealthSegment {
  /** undefined: nothing is known of that span (before the first record) */
  health?: Health;
  lifecycle?: string;
  start: number;
  end: number;
}

/** One bar of the strip: the entity, or one of its workloads. */
export interface SubjectRow {
  key: string;
  /** `Overall`, or `Deployment checkout` */
  title: string;
  /** `cluster production, namespace shop`, when it helps tell rows apart */
  detail?: string;
  segments: HealthSegment[];
}

/** The key of a subject, as the backend's subject keys (cluster/kind/namespace/name). */
export function subjectKey(s: TimelineSubject): string {
  return s.scope === 'entity'
    ? 'entity'
    : [s.cluster ?? '', s.kind ?? '', s.namespace ?? '', s.name ?? ''].join(
        '/',
      );
}

/** The words of a subject in a list of changes. */
export function subjectTitle(s: TimelineSubject): string {
  return s.scope === 'entity' ? 'Overall' : `${s.kind} ${s.name}`;
}

/**
 * The bars of the strip over [windowStart, windowEnd]: the entity first,
 * then each workload of the status, then workloads the timeline names that
 * are gone. Each bar starts with the state before its first change in the
 * window (unknown when that change is a first sighting) and ends with the
 * current state.
 */
export function timelineRows(
  items: readonly TimelineEntry[],
  status: Pick<EntityStatus, 'health' | 'lifecycle' | 'workloads'>,
  windowStart: number,
  windowEnd: number,
): SubjectRow[] {
  const bySubject = new Map<string, TimelineEntry[]>();
  for (const e of items) {
    const key = subjectKey(e.subject);
    const list = bySubject.get(key) ?? [];
    list.push(e);
    bySubject.set(key, list);
  }
  const rows: SubjectRow[] = [];
  const clusters = new Set(status.workloads.map(w => w.cluster ?? ''));
  const detailOf = (s: { cluster?: string; namespace?: string }) =>
    clusters.size > 1
      ? `cluster ${s.cluster}, namespace ${s.namespace}`
      : `namespace ${s.namespace}`;
  const add = (
    key: string,
    title: string,
    detail: string | undefined,
    current?: { health: Health; lifecycle: string },
  ) => {
    const changes = (bySubject.get(key) ?? [])
      .slice()
      .sort((a, b) => a.at.localeCompare(b.at));
    bySubject.delete(key);
    const segments: HealthSegment[] = [];
    let start = windowStart;
    let state: { health?: Health; lifecycle?: string } = changes.length
      ? { ...changes[0].from }
      : { ...current };
    for (const change of changes) {
      const at = clamp(Date.parse(change.at), windowStart, windowEnd);
      if (at > start) segments.push({ ...state, start, end: at });
      start = Math.max(start, at);
      state = { ...change.to };
    }
    if (current && changes.length) state = { ...current };
    if (windowEnd > start) segments.push({ ...state, start, end: windowEnd });
    rows.push({ key, title, detail, segments: merged(segments) });
  };
  add('entity', 'Overall', undefined, status);
  for (const w of status.workloads) {
    const key = subjectKey({ scope: 'workload', ...w });
    add(key, `${w.kind} ${w.name}`, detailOf(w), w);
  }
  for (const [key, changes] of bySubject) {
    const s = changes[0].subject;
    add(key, `${subjectTitle(s)} (gone)`, detailOf(s));
  }
  return rows;
}

function clamp(v: number, lo: number, hi: number) {
  return Number.isNaN(v) ? lo : Math.min(hi, Math.max(lo, v));
}

/** Neighbouring segments of one health are one. */
function merged(segments: HealthSegment[]): HealthSegment[] {
  const out: HealthSegment[] = [];
  for (const s of segments) {
    const last = out[out.length - 1];
    if (last && last.health === s.health) last.end = s.end;
    else out.push({ ...s });
  }
  return out;
}
