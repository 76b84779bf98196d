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
  const lifecycle: JobLifecycle = active > 0 ? 'Executing' : 'Waiting';
  const reasons: Reason[] = [];
  let health: Health = 'progressing';
  for (const pod of input.related.ownedBy(obj, 'Pod')) {
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
