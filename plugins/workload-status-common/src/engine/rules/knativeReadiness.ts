/*
 * Knative Serving's readiness, shared by its Service, Configuration and
 * Revision rules: every Knative object reports a `Ready` condition and the
 * conditions it is made of (a Service: ConfigurationsReady, RoutesReady).
 * As Argo CD's Knative Service check: any of them False is degraded, any
 * Unknown is in progress, all True is healthy. Pods under the object are
 * judged as a Deployment's are.
 */
import type { Reason } from '../../model/types';
import { Condition, readConditions } from '../conditions';
import { readWord } from '../fields';
import { REASON_CODES, reason } from '../reasons';
import type { RuleInput, Verdict } from '../types';
import {
  Finding,
  decide,
  podFindings,
  specNotObserved,
  waitingFinding,
} from './workloadFindings';

function describeCondition(c: Condition): string {
  const why = readWord(c.reason);
  // the status is whatever the writer put there: only a word is shown
  const status = readWord(c.status) ?? 'Unknown';
  return `${c.type} is ${status}${why ? ` (${why})` : ''}${
    c.message ? `: ${c.message}` : ''
  }`;
}

/**
 * The conditions the object is judged on, one per type (the last one wins,
 * as findCondition reads them): a writer repeating a type many times adds
 * no reason, so there is at most one reason per part and one for Ready.
 */
function relevantConditions(
  obj: unknown,
  parts: readonly string[],
): Condition[] {
  const byType = new Map<string, Condition>();
  for (const c of readConditions(obj)) {
    if (c.type === 'Ready' || parts.includes(c.type)) byType.set(c.type, c);
  }
  return [...byType.values()];
}

export function judgeKnativeReadiness(
  input: RuleInput,
  parts: readonly string[],
  extra: (name: string) => Finding[] = () => [],
): Verdict {
  const { obj, ref } = input;
  const name = `Knative ${ref.kind} ${
    ref.namespace ? `${ref.namespace}/` : ''
  }${ref.name}`;
  const pods = input.related.all().filter(o => o.kind === 'Pod');
  const findings: Finding[] = podFindings(input, pods);
  const wait = (message: string, since?: string): Finding =>
    waitingFinding(
      reason('info', REASON_CODES.KnativeReconciling, ref, message, {
        hint: 'operator-log',
        since,
      }),
    );
  if (specNotObserved(obj, false)) {
    findings.push(
      wait(`${name}: waiting for Knative to observe the latest spec.`),
    );
    return decide(findings);
  }
  const relevant = relevantConditions(obj, parts);
  if (!relevant.some(c => c.type === 'Ready')) {
    findings.push(wait(`${name}: waiting for Knative to report its status.`));
    return decide(findings);
  }
  const falses = relevant.filter(c => c.status === 'False');
  const unknowns = relevant.filter(
    c => c.status !== 'True' && c.status !== 'False',
  );
  if (falses.length) {
    // Ready repeats the failing part's message: name the part, once.
    const shown = falses.filter(c => c.type !== 'Ready');
    const reasons: Reason[] = (shown.length ? shown : falses).map(c =>
      reason(
        'error',
        REASON_CODES.KnativeNotReady,
        ref,
        `${name}: ${describeCondition(c)}.`,
        { hint: 'events', since: c.lastTransitionTime },
      ),
    );
    findings.push({ lifecycle: 'NotReady', health: 'error', reasons });
  } else if (unknowns.length) {
    const c = unknowns.find(u => u.type !== 'Ready') ?? unknowns[0];
    findings.push(
      wait(`${name}: ${describeCondition(c)}.`, c.lastTransitionTime),
    );
  }
  findings.push(...extra(name));
  return decide(findings);
}
