/*
 * What a pod's containers say about it: waiting and terminated errors (init
 * containers and sidecars included), restarts, and readiness probes that
 * keep failing. Every reason names the pod and the container.
 */
import type { HintTarget, Reason } from '../../model/types';
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
import type { RuleInput } from '../types';
import { sidecarNames } from './podStatusText';

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

/** `Pod shop/web-1` */
export function describePod(input: RuleInput): string {
  const { ref } = input;
  return `Pod ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}

/** `: <message>` when there is one. */
export function textOf(message: unknown): string {
  const m = readMessage(message);
  return m ? `: ${m}` : '';
}

/** Waiting and terminated errors of every container, init containers included. */
export function collectContainerProblems(input: RuleInput): Reason[] {
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
export function readinessPastBudget(input: RuleInput): Reason[] {
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
