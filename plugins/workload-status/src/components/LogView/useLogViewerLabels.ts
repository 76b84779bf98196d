import { useEffect } from 'react';

/**
 * Names the controls of Backstage's LogViewer for screen readers. Its search
 * field and its icon buttons (previous/next match, filter) carry no
 * accessible name in core-components 0.18, and it offers no prop to give
 * them one; the viewer renders lazily and re-renders its header as the
 * search changes, so the names are set whenever the header changes.
 */
export function useLogViewerLabels(root: HTMLElement | null) {
  useEffect(() => {
    if (!root || typeof MutationObserver === 'undefined') return undefined;
    const label = () => {
      const input = root.querySelector<HTMLInputElement>('input');
      if (input && !input.getAttribute('aria-label')) {
        input.setAttribute('aria-label', 'Search the log');
      }
      if (!input) return;
      // The header is: [previous match, count, next match,] search field,
      // filter toggle[, copy, download]; the last two are named already.
      const buttons = Array.from(
        root.querySelectorAll<HTMLButtonElement>('button'),
      ).filter(b => b.dataset.testid !== 'copy-button');
      const before = buttons.filter(
        b =>
          input.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_PRECEDING,
      );
      const after = buttons.filter(b => !before.includes(b));
      const names: Array<[HTMLButtonElement | undefined, string]> = [
        [before[0], 'Previous match'],
        [before[1], 'Next match'],
        [after[0], 'Show only matching lines'],
      ];
      for (const [button, name] of names) {
        if (button && !button.getAttribute('aria-label')) {
          button.setAttribute('aria-label', name);
        }
      }
    };
    label();
    const observer = new MutationObserver(label);
    observer.observe(root, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, [root]);
}
