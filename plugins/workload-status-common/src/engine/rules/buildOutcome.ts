/*
 * The Build vocabulary (Pending, Running, Succeeded, Failed, Cancelled) and
 * how Tekton and Shipwright runs report it: one `Succeeded` condition whose
 * status is Unknown while running, True on success and False on failure, the
 * reason telling cancellation and timeouts apart (tektoncd/pipeline
 * docs/pipelineruns.md "Monitoring execution status"; Shipwright BuildRun).
 */
import type { BuildLifecycle, Health } from '../../model/types';
import { findCondition } from '../conditions';
import { REASON_CODES, reason } from '../reasons';
import type { RuleInput, Verdict } from '../types';

export const BUILD_HEALTH: Record<BuildLifecycle, Health> = {
  Pending: 'progressing',
  Running: 'progressing',
  Succeeded: 'ok',
  Failed: 'error',
  Cancelled: 'stopped',
};

export interface BuildReasonSets {
  cancelled: ReadonlySet<string>;
  timeout: ReadonlySet<string>;
  pending: ReadonlySet<string>;
}

export function buildVerdict(
  input: RuleInput,
  lifecycle: BuildLifecycle,
  detail?: string,
  timedOut = false,
): Verdict {
  const { ref } = input;
  const name = `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${
    ref.name
  }`;
  const suffix = detail ? `: ${detail}` : '';
  const reasons = [];
  if (lifecycle === 'Failed') {
    reasons.push(
      reason(
        'error',
        timedOut ? REASON_CODES.BuildTimedOut : REASON_CODES.BuildFailed,
        ref,
        `${name} ${timedOut ? 'timed out' : 'failed'}${suffix}.`,
        { hint: 'build-log' },
      ),
    );
  } else if (lifecycle === 'Cancelled') {
    reasons.push(
      reason(
        'info',
        REASON_CODES.BuildCancelled,
        ref,
        `${name} was cancelled${suffix}.`,
      ),
    );
  } else if (lifecycle === 'Pending') {
    reasons.push(
      reason(
        'info',
        REASON_CODES.BuildPending,
        ref,
        `${name} has not started yet${suffix}.`,
        { hint: 'events' },
      ),
    );
  }
  return { lifecycle, health: BUILD_HEALTH[lifecycle], reasons };
}

/** Judges the `Succeeded` condition of a Tekton or Shipwright run. */
export function succeededConditionVerdict(
  input: RuleInput,
  sets: BuildReasonSets,
  specCancelled: boolean,
): Verdict {
  const cond = findCondition(input.obj, 'Succeeded');
  const r = cond?.reason ?? '';
  const detail = cond?.message ?? cond?.reason;
  if (!cond) return buildVerdict(input, 'Pending');
  if (cond.status === 'True') return buildVerdict(input, 'Succeeded');
  if (cond.status === 'False') {
    if (sets.cancelled.has(r)) return buildVerdict(input, 'Cancelled', detail);
    return buildVerdict(input, 'Failed', detail, sets.timeout.has(r));
  }
  if (sets.pending.has(r)) return buildVerdict(input, 'Pending', detail);
  // Unknown: started or running; a cancellation that was requested
  // (spec.status Cancelled*) is still running until its pods stop.
  return buildVerdict(
    input,
    'Running',
    specCancelled ? 'cancellation requested' : undefined,
  );
}
