/*
 * Job (batch/v1). Terminal conditions with status True decide, as the Job
 * controller and printJob read them (Complete, SuccessCriteriaMet, Failed,
 * FailureTarget); gitops-engine's "any status" quirk is not followed (see
 * docs/status-rules.md). Pod errors of a running job make it red at once.
 */
import type { Health, JobLifecycle, Reason } from '../../model/types';
import { findCondition } from '../conditions';
import { readBoolean, readCount, readPath } from '../fields';
import { REASON_CODES, ReasonCode, reason } from '../reasons';
import { identityOf } from '../related';
import type { RuleInput, Verdict } from '../types';
import { evaluatePod } from './pod';

/** Failed-condition reasons the Job controller writes, with their own code. */
const FAILURE_CODES: Record<string, ReasonCode> = {
  BackoffLimitExceeded: REASON_CODES.BackoffLimitExceeded,
  DeadlineExceeded: REASON_CODES.DeadlineExceeded,
};

export function evaluateJob(input: RuleInput): Verdict {
  const { obj, ref } = input;
  const name = `Job ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
  const out = (
    lifecycle: JobLifecycle,
    health: Health,
    reasons: Reason[] = [],
  ): Verdict => ({ lifecycle, health, reasons });

  const failed = [
    findCondition(obj, 'Failed'),
    findCondition(obj, 'FailureTarget'),
  ].find(c => c?.status === 'True');
  if (failed) {
    const code = FAILURE_CODES[failed.reason ?? ''] ?? REASON_CODES.JobFailed;
    return out('Failed', 'error', [
      reason(
        'error',
        code,
        ref,
        `${name} failed${failed.reason ? ` (${failed.reason})` : ''}${
          failed.message ? `: ${failed.message}` : ''
        }.`,
        { hint: 'service-log', since: failed.lastTransitionTime },
      ),
    ]);
  }
  if (
    findCondition(obj, 'Complete')?.status === 'True' ||
    findCondition(obj, 'SuccessCriteriaMet')?.status === 'True'
  ) {
    return out('Completed', 'ok');
  }
  if (readBoolean(readPath(obj, 'spec', 'suspend')) === true) {
    // Suspended=False means the controller has not acted on the request yet.
    if (findCondition(obj, 'Suspended')?.status === 'False') {
      return out('Waiting', 'progressing', [
        reason(
          'info',
          REASON_CODES.JobSuspended,
          ref,
          `${name} is being suspended.`,
        ),
      ]);
    }
    return out('Stopped', 'stopped', [
      reason('info', REASON_CODES.JobSuspended, ref, `${name} is suspended.`),
    ]);
  }
  const active = readCount(readPath(obj, 'status', 'active'), 0);
  const pods = input.related.ownedBy(obj, 'Pod');
  const lifecycle: JobLifecycle =
    active > 0 && hasStarted(obj, pods) ? 'Executing' : 'Waiting';
  const reasons: Reason[] = [];
  let health: Health = 'progressing';
  for (const pod of pods) {
    const id = identityOf(pod);
    const v = evaluatePod({
      ...input,
      obj: pod,
      ref: { kind: 'Pod', namespace: id.namespace, name: id.name },
    });
    const phase = readPath(pod, 'status', 'phase');
    // Failed pods of a job that still retries are history; the Job's own
    // Failed condition reports when the retries are used up.
    if (phase === 'Failed' || phase === 'Succeeded') continue;
    if (v.health === 'unknown') {
      return out(
        'Exception',
        'unknown',
        v.reasons.filter(r => r.severity !== 'info'),
      );
    }
    if (v.health === 'error') {
      health = 'error';
      reasons.push(...v.reasons.filter(r => r.severity === 'error'));
    }
  }
  return out(lifecycle, health, reasons);
}

/**
 * A pod of the Job has started: the status model calls a Job `Waiting`
 * until then, although the Job controller counts a pod that is still being
 * created (Pending, ContainerCreating) as active. Known pods decide; without
 * them, the Job's own counters (a pod that finished or is ready has run).
 */
function hasStarted(job: RuleInput['obj'], pods: RuleInput['obj'][]): boolean {
  const count = (field: string) => readCount(readPath(job, 'status', field), 0);
  if (count('succeeded') > 0 || count('failed') > 0 || count('ready') > 0) {
    return true;
  }
  if (pods.length === 0) {
    // no pod to look at: `ready` (Kubernetes >= 1.24) says none runs yet;
    // an older cluster's `active` is all there is
    return readPath(job, 'status', 'ready') === undefined;
  }
  return pods.some(podHasStarted);
}

function podHasStarted(pod: RuleInput['obj']): boolean {
  const phase = readPath(pod, 'status', 'phase');
  if (phase === 'Running' || phase === 'Succeeded' || phase === 'Failed') {
    return true;
  }
  const statuses = readPath(pod, 'status', 'containerStatuses');
  return (
    Array.isArray(statuses) &&
    statuses.some(
      (c: any) =>
        c?.state?.running || c?.state?.terminated || c?.lastState?.terminated,
    )
  );
}
