/*
 * Node (v1): context for pods (NodeLost). The node lifecycle controller sets
 * Ready=Unknown when the kubelet stops posting status.
 */
import { findCondition } from '../conditions';
import { REASON_CODES, reason } from '../reasons';
import type { RuleInput, Verdict } from '../types';

export function evaluateNode(input: RuleInput): Verdict {
  const ready = findCondition(input.obj, 'Ready');
  if (ready?.status === 'True')
    return { lifecycle: 'Running', health: 'ok', reasons: [] };
  if (ready?.status === 'False')
    return { lifecycle: 'NotReady', health: 'error', reasons: [] };
  return {
    lifecycle: 'Exception',
    health: 'unknown',
    reasons: [
      reason(
        'error',
        REASON_CODES.NodeNotReady,
        input.ref,
        `Node ${input.ref.name} stopped reporting its status.`,
        { hint: 'cluster' },
      ),
    ],
  };
}
