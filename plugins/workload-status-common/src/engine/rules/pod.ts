/*
 * Pod: lifecycle is kubectl's STATUS text (see podStatusText.ts); health and
 * reasons follow status-model.md "Pod". Containers are named in every reason
 * so that the hint can send the reader to the right log.
 */
import type { Health, HintTarget, Reason } from '../../model/types';
import { findCondition } from '../conditions';
import {
  asRecord,
  asRecordList,
  readMessage,
  readNumber,
  readPath,
  readString,
  readTime,
} from '../fields';
import { REASON_CODES, ReasonCode, reason } from '../reasons';
import type { KubeObject, RuleInput, Verdict } from '../types';
import { NODE_LOST, podColumns, sidecarNames } from './podStatusText';

/**
 * How long a pod may stay unschedulable before it is an error. kstatus uses
 * 15 s; a cluster autoscaler needs longer to add a node, and the reason is
 * shown (as progressing) from the first second anyway.
 */
export const UNSCHEDULABLE_GRACE_MS = 60_000;

/** A restart this recent makes a running pod `warning`. */
export const RECENT_RESTART_WINDOW_MS = 60 * 60_000;

/** Kubelet waiting reasons that mean "this container cannot start". */
const WAITING_ERROR_CODES: Record<string, ReasonCode> = {
  CrashLoopBackOff: REASON_CODES.CrashLoopBackOff,
  ImagePullBackOff: REASON_CODES.ImagePullBackOff,
  ErrImagePull: REASON_CODES.ErrImagePull,
  ErrImageNeverPull: REASON_CODES.ErrImagePull,
  InvalidImageName: REASON_CODES.InvalidImageName,
  CreateContainerConfigError: REASON_CODES.CreateContainerConfigError,
  CreateContainerError: REASON_CODES.CreateContainerError,
  RunContainerError: REASON_CODES.RunContainerError,
};

/**
 * Waiting reasons are an error when kubelet says so by name; the Err prefix
 * and Error/BackOff suffixes catch the rest (as gitops-engine does), and
 * InvalidImageName is listed because that heuristic misses it.
 */
export function isErrorWaitingReason(r: string | undefined): boolean {
  if (!r) return false;
  return (
    r in WAITING_ERROR_CODES ||
    r.startsWith('Err') ||
    r.endsWith('Error') ||
    r.endsWith('BackOff')
  );
}

/** Image and configuration problems are explained by events; crashes by the log. */
function hintForWaiting(r: string): HintTarget {
  return r === 'CrashLoopBackOff' || r === 'RunContainerError'
    ? 'service-log'
    : 'events';
}

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

function describePod(input: RuleInput): string {
  const { ref } = input;
  return `Pod ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}

function textOf(message: unknown): string {
  const m = readMessage(message);
  return m ? `: ${m}` : '';
}

/** Waiting and terminated errors of every container, init containers included. */
function collectContainerProblems(input: RuleInput): Reason[] {
  const { obj: pod, now } = input;
  const out: Reason[] = [];
  const phase = readString(readPath(pod, 'status', 'phase'));
  const sidecars = sidecarNames(pod);
  const lists: Array<[Record<string, unknown>[], boolean]> = [
    [asRecordList(readPath(pod, 'status', 'initContainerStatuses')), true],
    [asRecordList(readPath(pod, 'status', 'containerStatuses')), false],
  ];
  for (const [statuses, init] of lists) {
    for (const c of statuses) {
      const name = readString(c.name) ?? '?';
      const isSidecar = init && sidecars.has(name);
      const ref = { ...input.ref, container: name };
      const who = `Container ${name}${
        init && !isSidecar ? ' (init)' : ''
      } of ${describePod(input)}`;
      const waiting = asRecord(readPath(c, 'state', 'waiting'));
      const terminated = asRecord(readPath(c, 'state', 'terminated'));
      const last = asRecord(readPath(c, 'lastState', 'terminated'));
      const waitingReason = readString(waiting?.reason);
      if (waitingReason && isErrorWaitingReason(waitingReason)) {
        const code =
          waitingReason === 'CrashLoopBackOff' &&
          readString(last?.reason) === 'OOMKilled'
            ? REASON_CODES.OOMKilled
            : WAITING_ERROR_CODES[waitingReason] ??
              REASON_CODES.ContainerWaitingError;
        const detail =
          code === REASON_CODES.OOMKilled
            ? 'was killed for running out of memory (OOMKilled) and is restarting (CrashLoopBackOff)'
            : `cannot start: ${waitingReason}${textOf(waiting?.message)}`;
        out.push(
          reason('error', code, ref, `${who} ${detail}.`, {
            hint:
              code === REASON_CODES.OOMKilled
                ? 'service-log'
                : hintForWaiting(waitingReason),
          }),
        );
        continue;
      }
      if (terminated) {
        const exitCode = readNumber(terminated.exitCode) ?? 0;
        const tReason = readString(terminated.reason);
        const failed =
          exitCode !== 0 || (tReason !== undefined && tReason !== 'Completed');
        // A failed container of a pod that nevertheless succeeded is history.
        if (failed && phase !== 'Succeeded') {
          let code: ReasonCode = REASON_CODES.ContainerTerminatedError;
          if (init && !isSidecar) code = REASON_CODES.InitContainerFailed;
          if (tReason === 'OOMKilled') code = REASON_CODES.OOMKilled;
          out.push(
            reason(
              'error',
              code,
              ref,
              `${who} ${
                tReason === 'OOMKilled'
                  ? 'was killed for running out of memory (OOMKilled)'
                  : `exited with code ${exitCode}${
                      tReason ? ` (${tReason})` : ''
                    }`
              }${textOf(terminated.message)}.`,
              { hint: 'service-log', since: readString(terminated.finishedAt) },
            ),
          );
          continue;
        }
      }
      const restarts = readNumber(c.restartCount) ?? 0;
      const lastExit = readNumber(last?.exitCode) ?? 0;
      const lastReason = readString(last?.reason);
      if (
        restarts > 0 &&
        last &&
        (lastExit !== 0 || (lastReason && lastReason !== 'Completed'))
      ) {
        const finished = readTime(last.finishedAt);
        const recent =
          finished === undefined || now - finished < RECENT_RESTART_WINDOW_MS;
        const oom = lastReason === 'OOMKilled';
        const notReady = c.ready !== true;
        // OOMKilled and restarting is an error (status-model); other recent
        // restarts deserve attention; old ones are history.
        let severity: 'error' | 'warning' | 'info' = recent
          ? 'warning'
          : 'info';
        if (oom && notReady) severity = 'error';
        out.push(
          reason(
            severity,
            oom ? REASON_CODES.OOMKilled : REASON_CODES.ContainerRestarted,
            ref,
            `${who} restarted ${restarts} time${
              restarts === 1 ? '' : 's'
            }; the last instance ${
              oom
                ? 'was killed for running out of memory (OOMKilled)'
                : `exited with code ${lastExit}${
                    lastReason ? ` (${lastReason})` : ''
                  }`
            }.`,
            { hint: 'service-log', since: readString(last.finishedAt) },
          ),
        );
      }
    }
  }
  return out;
}

/** Containers running but not ready longer than their readiness probe allows. */
function readinessPastBudget(input: RuleInput): Reason[] {
  const { obj: pod, now } = input;
  const probes = new Map<string, Record<string, unknown>>();
  for (const c of asRecordList(readPath(pod, 'spec', 'containers'))) {
    const name = readString(c.name);
    const probe = asRecord(c.readinessProbe);
    if (name && probe) probes.set(name, probe);
  }
  const out: Reason[] = [];
  for (const c of asRecordList(readPath(pod, 'status', 'containerStatuses'))) {
    const name = readString(c.name);
    const probe = name ? probes.get(name) : undefined;
    const started = readTime(readPath(c, 'state', 'running', 'startedAt'));
    if (!name || !probe || c.ready === true || started === undefined) continue;
    // Kubernetes probe defaults: periodSeconds 10, failureThreshold 3.
    const budget =
      (readNumber(probe.initialDelaySeconds) ?? 0) +
      (readNumber(probe.periodSeconds) ?? 10) *
        (readNumber(probe.failureThreshold) ?? 3);
    if (now - started > budget * 1000) {
      out.push(
        reason(
          'warning',
          REASON_CODES.ReadinessProbeFailing,
          { ...input.ref, container: name },
          `Container ${name} of ${describePod(
            input,
          )} is running but has not passed its readiness probe for ${Math.round(
            (now - started) / 1000,
          )} s (budget ${budget} s).`,
          { hint: 'service-log' },
        ),
      );
    }
  }
  return out;
}
