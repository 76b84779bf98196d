/*
 * Knative Serving Configuration (serving.knative.dev/v1), judged when its
 * Service is not among the inputs: its Ready condition (the latest created
 * Revision became ready, or failed).
 */
import type { RuleInput, Verdict } from '../types';
import { judgeKnativeReadiness } from './knativeReadiness';

export function evaluateKnativeConfiguration(input: RuleInput): Verdict {
  return judgeKnativeReadiness(input, []);
}
