/*
 * Tekton TaskRun (tekton.dev/v1, v1beta1): the same Succeeded condition as a
 * PipelineRun, with TaskRun reasons (TaskRunCancelled, TaskRunTimeout).
 */
import { readPath, readString } from '../fields';
import type { RuleInput, Verdict } from '../types';
import { succeededConditionVerdict } from './buildOutcome';

const SETS = {
  cancelled: new Set(['TaskRunCancelled', 'Cancelled']),
  timeout: new Set(['TaskRunTimeout']),
  pending: new Set(['Pending', 'TaskRunPending']),
};

export function evaluateTaskRun(input: RuleInput): Verdict {
  const specStatus = readString(readPath(input.obj, 'spec', 'status'));
  return succeededConditionVerdict(
    input,
    SETS,
    specStatus === 'TaskRunCancelled',
  );
}
