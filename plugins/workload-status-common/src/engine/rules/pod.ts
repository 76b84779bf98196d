/*
 * Pod: lifecycle is kubectl's STATUS text (see podStatusText.ts); health and
 * reasons follow status-model.md "Pod". Containers are named in every reason
 * so that the hint can send the reader to the right log.
 */
import type { Health, Reason } from '../../model/types';
import { findCondition } from '../conditions';
import { asRecord, readPath, readString, readTime } from '../fields';
import { REASON_CODES, ReasonCode, reason } from '../reasons';
import type { KubeObject, RuleInput, Verdict } from '../types';
import { NODE_LOST, podColumns } from './podStatusText';

import {
  collectContainerProblems,
  describePod,
  readinessPastBudget,
  textOf,
} from './podContainers';

/**
 * How long a pod may stay unschedulable before it is an error. kstatus uses
 * 15 s; a cluster autoscaler needs longer to add a node, and the reason is
 * shown (as progressing) from the first second anyway.
 */
export const UNSCHEDULABLE_GRACE_MS = 60_000;

/**
 * Pods meant to run to completion (restartPolicy Never/OnFailure: Job pods)
 * are work in progress while they run. Argo CD's annotation
 * `argocd.argoproj.io/ignore-restart-policy: "true"` (non-hook pods) says the
 * pod is long-running after all; we honour it for the same reason Argo does.
 */
export function runsToCompletion(pod: KubeObject): boolean {
  const policy = readString(readPath(pod, 'spec', 'restartPolicy')) ?? 'Always';
  if (policy === 'Always') return false;
  const annotations = asRecord(readPath(pod, 'metadata', 'annotations')) ?? {};
  const ignore =
    annotations['argocd.argoproj.io/ignore-restart-policy'] === 'true';
  return !(ignore && annotations['argocd.argoproj.io/hook'] === undefined);
}

export function evaluatePod(input: RuleInput): Verdict {
  const { obj: pod, now } = input;
  const podRef = input.ref;
  const cols = podColumns(pod);
  const lifecycle = cols.status || 'Pending';
  const phase = readString(readPath(pod, 'status', 'phase'));
  const podReason = readString(readPath(pod, 'status', 'reason'));
  const deleting = !!readString(readPath(pod, 'metadata', 'deletionTimestamp'));
  const reasons: Reason[] = [];
  const verdict = (health: Health): Verdict => ({ lifecycle, health, reasons });

  // A node that stopped answering: nothing about the pod can be trusted.
  if (podReason === NODE_LOST || phase === 'Unknown') {
    reasons.push(
      reason(
        'error',
        REASON_CODES.NodeLost,
        podRef,
        `${describePod(
          input,
        )} is on a node that stopped answering; its state is unknown.`,
        { hint: 'cluster' },
      ),
    );
    return verdict('unknown');
  }
  const nodeName = readString(readPath(pod, 'spec', 'nodeName'));
  const node = input.related.node(nodeName);
  if (node && findCondition(node, 'Ready')?.status === 'Unknown') {
    reasons.push(
      reason(
        'error',
        REASON_CODES.NodeNotReady,
        podRef,
        `${describePod(
          input,
        )} runs on node ${nodeName}, which stopped reporting (Ready=Unknown).`,
        { hint: 'cluster' },
      ),
    );
    return verdict('unknown');
  }
  if (deleting && phase !== 'Succeeded' && phase !== 'Failed') {
    reasons.push(
      reason(
        'info',
        REASON_CODES.PodTerminating,
        podRef,
        `${describePod(input)} is terminating.`,
      ),
    );
    return verdict('progressing');
  }

  const containerProblems = collectContainerProblems(input);
  reasons.push(...containerProblems);

  if (phase === 'Failed') {
    const evicted = podReason === 'Evicted';
    reasons.push(
      reason(
        'error',
        evicted ? REASON_CODES.PodEvicted : REASON_CODES.PodFailed,
        podRef,
        `${describePod(input)} ${evicted ? 'was evicted' : 'failed'}${textOf(
          readPath(pod, 'status', 'message'),
        )}.`,
        { hint: evicted ? 'events' : 'service-log' },
      ),
    );
    return verdict('error');
  }
  if (containerProblems.some(r => r.severity === 'error'))
    return verdict('error');

  if (phase === 'Succeeded') return verdict('ok');

  const scheduled = findCondition(pod, 'PodScheduled');
  if (scheduled?.status === 'False' && scheduled.reason === 'SchedulingGated') {
    reasons.push(
      reason(
        'info',
        REASON_CODES.SchedulingGated,
        podRef,
        `${describePod(input)} waits for its scheduling gates to be removed.`,
        { hint: 'events' },
      ),
    );
    return verdict('progressing');
  }
  if (scheduled?.status === 'False' && scheduled.reason === 'Unschedulable') {
    const since =
      readTime(scheduled.lastTransitionTime) ??
      readTime(readPath(pod, 'metadata', 'creationTimestamp'));
    // Without a time we cannot grant grace: the pod may have waited for days.
    const pastGrace =
      since === undefined || now - since > UNSCHEDULABLE_GRACE_MS;
    reasons.push(
      reason(
        pastGrace ? 'error' : 'info',
        REASON_CODES.Unschedulable,
        podRef,
        `${describePod(input)} cannot be scheduled${textOf(
          scheduled.message,
        )}.`,
        { hint: 'events', since: scheduled.lastTransitionTime },
      ),
    );
    return verdict(pastGrace ? 'error' : 'progressing');
  }

  const warnings = reasons.some(r => r.severity === 'warning');
  if (phase === 'Running') {
    if (findCondition(pod, 'Ready')?.status === 'True') {
      if (warnings) return verdict('warning');
      return verdict(runsToCompletion(pod) ? 'progressing' : 'ok');
    }
    const slow = readinessPastBudget(input);
    if (slow.length) {
      reasons.push(...slow);
      return verdict('warning');
    }
    return verdict(warnings ? 'warning' : 'progressing');
  }
  if (!phase) {
    reasons.push(
      reason(
        'info',
        REASON_CODES.PodNotObserved,
        podRef,
        `${describePod(input)} has no status yet.`,
      ),
    );
    return verdict('progressing');
  }
  // Pending (ContainerCreating, PodInitializing, Init:N/M) without error.
  reasons.push(
    reason(
      'info',
      startingCode(lifecycle),
      podRef,
      `${describePod(input)} is starting (${lifecycle}).`,
      { hint: 'events' },
    ),
  );
  return verdict(warnings ? 'warning' : 'progressing');
}

/** The code for a pod that is starting without error. */
function startingCode(lifecycle: string): ReasonCode {
  if (lifecycle.startsWith('Init:')) return REASON_CODES.PodInitializing;
  if (lifecycle === 'ContainerCreating') return REASON_CODES.ContainerCreating;
  return REASON_CODES.PodPending;
}
