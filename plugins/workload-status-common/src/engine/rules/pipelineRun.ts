/*
 * Tekton PipelineRun (tekton.dev/v1, v1beta1). Reasons from tektoncd/pipeline
 * docs/pipelineruns.md; spec.status PipelineRunPending holds a run before start.
 */
import { readPath, readString } from '../fields';
import type { RuleInput, Verdict } from '../types';
import { buildVerdict, succeededConditionVerdict } from './buildOutcome';

const SETS = {
  cancelled: new Set([
    'Cancelled',
    'PipelineRunCancelled',
    'CancelledRunFinally',
    'StoppedRunFinally',
  ]),
  timeout: new Set(['PipelineRunTimeout', 'TaskRunTimeout']),
  pending: new Set(['PipelineRunPending']),
};

export function evaluatePipelineRun(input: RuleInput): Verdict {
  const specStatus = readString(readPath(input.obj, 'spec', 'status'));
  if (
    specStatus === 'PipelineRunPending' &&
    !readPath(input.obj, 'status', 'startTime')
  ) {
    return buildVerdict(
      input,
      'Pending',
      'held by spec.status PipelineRunPending',
    );
  }
  return succeededConditionVerdict(
    input,
    SETS,
    !!specStatus && specStatus !== 'PipelineRunPending',
  );
}
