import { createContext } from 'react';
import {
  HintTarget,
  Reason,
} from '@workload-status/backstage-plugin-workload-status-common';

/**
 * Where a reason's hint can take the reader on the Status tab, and the words
 * of the link. Parts of the tab mark themselves with `data-hint-target`
 * (and `data-cluster`/`data-namespace` when they belong to one workload).
 */
export const HINT_LINKS: Partial<Record<HintTarget, string>> = {
  'service-log': 'Go to the pods and their logs',
  'build-log': 'Go to the builds and their logs',
  'job-history': 'Go to the job history',
  events: 'Go to the events',
  'operator-log': 'Go to the operator log',
};

/**
 * Present where the hint targets are on the page (the Status tab): a reason
 * list inside it turns hints into links; elsewhere (the overview card) the
 * hint stays text.
 */
export const HintNavigationContext = createContext<
  ((reason: Reason) => boolean) | undefined
>(undefined);

/**
 * Scrolls to the part of the page a reason's hint names and moves focus
 * there, preferring the one of the reason's cluster and namespace. False
 * when the page has no such part.
 */
export function goToHintTarget(
  reason: Reason,
  root: ParentNode = document,
): boolean {
  if (!reason.hintTarget || !HINT_LINKS[reason.hintTarget]) return false;
  const candidates = Array.from(
    root.querySelectorAll<HTMLElement>(
      `[data-hint-target="${reason.hintTarget}"]`,
    ),
  );
  const { cluster, namespace } = reason.object;
  const target =
    candidates.find(
      c =>
        (!cluster || !c.dataset.cluster || c.dataset.cluster === cluster) &&
        (!namespace ||
          !c.dataset.namespace ||
          c.dataset.namespace === namespace),
    ) ?? candidates[0];
  if (!target) return false;
  target.scrollIntoView?.({ behavior: 'smooth', block: 'start' });
  target.focus({ preventScroll: true });
  return true;
}
