import type {
  EntityStatus,
  Health,
  Lifecycle,
  Reason,
  TimelineSubject,
} from '@workload-status/backstage-plugin-workload-status-common';
import { storedMessage } from '../diagnostics/events/eventText';
import { redactedWithin } from '../redaction/redactedWithin';
import { ENTITY_SUBJECT_KEY } from './TimelineStore';

/** Bytes of a change's message kept: the first line a reader needs, no more. */
export const MAX_TIMELINE_MESSAGE_BYTES = 512;
/** Reason codes kept per change. */
const MAX_CODES = 10;
/** Characters of a reason code kept. */
export const MAX_CODE_CHARS = 64;
/** Distinct codes looked at per change: thousands of pods repeat a few. */
const MAX_CODES_READ = 10 * MAX_CODES;
const SEVERITY_RANK = { error: 0, warning: 1, info: 2 } as const;

/** The state of one subject (the entity, or one workload) in a status. */
export interface SubjectState {
  key: string;
  subject: TimelineSubject;
  lifecycle: Lifecycle;
  health: Health;
  reasonCodes: string[];
  message?: string;
}

/** What a status says about each of its subjects, and what it cannot say. */
export interface StatusObservation {
  subjects: Map<string, SubjectState>;
  /**
   * Clusters whose objects are not known right now (not read yet, stale,
   * unreachable): a workload missing from them has not gone.
   */
  uncertainClusters: Set<string>;
}

/** `cluster/kind/namespace/name`: a workload's identity across statuses. */
export function workloadKey(w: {
  cluster?: string;
  kind: string;
  namespace?: string;
  name: string;
}): string {
  return [w.cluster ?? '', w.kind, w.namespace ?? '', w.name].join('/');
}

/**
 * The subjects of a status. A cluster that cannot be read (not read yet
 * after a start, stale, unreachable) changes what the plugin knows, not
 * what the workloads do: its workloads are left out, and so is the entity
 * while it depends on such a cluster.
 */
export function observeStatus(status: EntityStatus): StatusObservation {
  const subjects = new Map<string, SubjectState>();
  const uncertainClusters = new Set<string>();
  for (const c of status.clusters) {
    if (c.stale || !c.reachable) uncertainClusters.add(c.name);
  }
  let notSynced = false;
  for (const r of status.reasons) {
    if (r.code === 'ClusterNotSynced') {
      notSynced = true;
      if (r.object.cluster) uncertainClusters.add(r.object.cluster);
    }
  }
  // the entity's state while a cluster it depends on cannot be read says
  // what the plugin knows, not what the service did
  const entityUncertain =
    (notSynced && status.workloads.length === 0) ||
    status.clusters.some(
      c => uncertainClusters.has(c.name) && c.affectsEntity !== false,
    );
  if (!entityUncertain) {
    subjects.set(ENTITY_SUBJECT_KEY, {
      key: ENTITY_SUBJECT_KEY,
      subject: { scope: 'entity' },
      lifecycle: status.lifecycle,
      health: status.health,
      ...describe(status.reasons),
    });
  }
  for (const w of status.workloads) {
    // shown as last seen: not a change of the workload
    if (w.cluster && uncertainClusters.has(w.cluster)) continue;
    const subject: TimelineSubject = {
      scope: 'workload',
      kind: w.kind,
      namespace: w.namespace,
      name: w.name,
    };
    if (w.cluster) subject.cluster = w.cluster;
    const key = workloadKey(w);
    subjects.set(key, {
      key,
      subject,
      lifecycle: w.lifecycle,
      health: w.health,
      ...describe(w.reasons),
    });
  }
  return { subjects, uncertainClusters };
}

/** Distinct codes, most severe first, and the most severe reason's message. */
function describe(reasons: readonly Reason[]): {
  reasonCodes: string[];
  message?: string;
} {
  const sorted = [...reasons].sort(
    (a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity],
  );
  const codes: string[] = [];
  const read = new Set<string>();
  for (const r of sorted) {
    if (read.has(r.code)) continue;
    read.add(r.code);
    // a code is the engine's word, but the timeline keeps it for months:
    // redacted before the cut, as every text kept from a status
    const code = redactedWithin(r.code, MAX_CODE_CHARS);
    if (!codes.includes(code)) codes.push(code);
    if (codes.length >= MAX_CODES || read.size >= MAX_CODES_READ) break;
  }
  const first = sorted[0]?.message;
  if (!first) return { reasonCodes: codes };
  const { message } = storedMessage(first, MAX_TIMELINE_MESSAGE_BYTES);
  return message ? { reasonCodes: codes, message } : { reasonCodes: codes };
}
