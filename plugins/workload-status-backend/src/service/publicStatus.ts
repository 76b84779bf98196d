import type {
  EntityStatus,
  EntityStatusSummary,
  Reason,
} from '@workload-status/backstage-plugin-workload-status-common';
import {
  clusterFailureText,
  scrubInternalDetail,
} from '../cluster/clusterErrorText';

// the reasons that quote a cluster's error
const CLUSTER_REASON_CODES = new Set([
  'ClusterUnreachable',
  'ClusterNotSynced',
]);
// the plugin's own words for a cluster it does not know: no cluster's text
const NOT_CONFIGURED = /^No cluster named '[^'\n]{0,253}' is configured$/;

/**
 * A status as a caller who may not read cluster details sees it: each
 * cluster's error (`clusters[].error`, and where reasons quote it) names
 * the cluster and what failed, without the cluster's address, the plugin's
 * account name or the server's own words. The status is copied; the cached
 * one is left as it is.
 */
export function publicEntityStatus(status: EntityStatus): EntityStatus {
  const errors = clusterErrors(status);
  if (!errors.size) return status;
  return {
    ...status,
    clusters: status.clusters.map(c =>
      errors.has(c.name) ? { ...c, error: errors.get(c.name)!.cluster } : c,
    ),
    reasons: status.reasons.map(r => publicReason(r, errors)),
    workloads: status.workloads.map(w => ({
      ...w,
      reasons: w.reasons.map(r => publicReason(r, errors)),
    })),
  };
}

/** A summary's reasons as publicEntityStatus words them; `status` is the one it was made from. */
export function publicSummary(
  summary: EntityStatusSummary,
  status: EntityStatus | undefined,
): EntityStatusSummary {
  const errors = status ? clusterErrors(status) : new Map();
  if (!errors.size) return summary;
  return {
    ...summary,
    reasons: summary.reasons.map(r => publicReason(r, errors)),
  };
}

/** Whether a status holds a cluster error that only cluster readers see whole. */
export function hasClusterError(status: EntityStatus): boolean {
  return status.clusters.some(c => c.error && !NOT_CONFIGURED.test(c.error));
}

interface PublicClusterError {
  /** the cluster's own text */
  raw: string;
  /** where a reason quotes it: "unreachable" */
  quoted: string;
  /** clusters[].error: "cluster production: unreachable" */
  cluster: string;
}

function clusterErrors(status: EntityStatus): Map<string, PublicClusterError> {
  const errors = new Map<string, PublicClusterError>();
  for (const c of status.clusters) {
    if (!c.error) continue;
    if (NOT_CONFIGURED.test(c.error)) continue;
    const quoted = clusterFailureText(c.error);
    errors.set(c.name, {
      raw: c.error,
      quoted,
      cluster: `cluster ${c.name}: ${quoted}`,
    });
  }
  return errors;
}

function publicReason(
  reason: Reason,
  errors: Map<string, PublicClusterError>,
): Reason {
  let message = reason.message;
  for (const e of errors.values()) {
    if (message.includes(e.raw)) message = message.split(e.raw).join(e.quoted);
  }
  if (CLUSTER_REASON_CODES.has(reason.code)) {
    // belt and braces: a reason made from an older error than the cluster's now
    message = scrubInternalDetail(message);
  }
  return message === reason.message ? reason : { ...reason, message };
}
