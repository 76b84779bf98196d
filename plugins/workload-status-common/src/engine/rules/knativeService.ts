/*
 * Knative Serving Service (serving.knative.dev/v1): Ready with its
 * ConfigurationsReady and RoutesReady (rules/knativeReadiness.ts). Its
 * Configuration, Revisions and their Deployments' pods are its descendants.
 */
import type { RuleInput, Verdict } from '../types';
import { judgeKnativeReadiness } from './knativeReadiness';

export function evaluateKnativeService(input: RuleInput): Verdict {
  return judgeKnativeReadiness(input, ['ConfigurationsReady', 'RoutesReady']);
}
