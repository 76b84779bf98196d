/*
 * Shipwright BuildRun (shipwright.io/v1beta1, v1alpha1). Its Succeeded
 * condition uses the reasons BuildRunCanceled, BuildRunTimeout and Pending;
 * spec.state BuildRunCanceled requests cancellation.
 */
import { readPath, readString } from '../fields';
import type { RuleInput, Verdict } from '../types';
import { succeededConditionVerdict } from './buildOutcome';

const SETS = {
  cancelled: new Set(['BuildRunCanceled', 'TaskRunCancelled']),
  timeout: new Set(['BuildRunTimeout', 'TaskRunTimeout']),
  pending: new Set(['Pending']),
};

export function evaluateBuildRun(input: RuleInput): Verdict {
  const state = readString(readPath(input.obj, 'spec', 'state'));
  return succeededConditionVerdict(input, SETS, state === 'BuildRunCanceled');
}
