/*
 * Knative Serving Revision (serving.knative.dev/v1): Ready with
 * ResourcesAvailable and ContainerHealthy. A ready Revision with no traffic
 * is scaled to zero by the autoscaler (`Active=False`, `NoTraffic`): that is
 * how Knative saves resources, not a fault, so it stays Running with a note.
 */
import { findCondition } from '../conditions';
import { readWord } from '../fields';
import { REASON_CODES, reason } from '../reasons';
import type { RuleInput, Verdict } from '../types';
import { judgeKnativeReadiness } from './knativeReadiness';

export function evaluateKnativeRevision(input: RuleInput): Verdict {
  return judgeKnativeReadiness(
    input,
    ['ResourcesAvailable', 'ContainerHealthy'],
    name => {
      const active = findCondition(input.obj, 'Active');
      if (active?.status !== 'False') return [];
      // whatever the writer put there: only a short word is shown
      const why = readWord(active.reason);
      return [
        {
          lifecycle: 'Running',
          health: 'ok',
          reasons: [
            reason(
              'info',
              REASON_CODES.RevisionInactive,
              input.ref,
              `${name} is scaled to zero${
                why ? ` (${why})` : ''
              }: it starts pods when traffic arrives.`,
            ),
          ],
        },
      ];
    },
  );
}
