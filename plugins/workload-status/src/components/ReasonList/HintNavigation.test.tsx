import { fireEvent, render, screen } from '@testing-library/react';
import { Reason } from '@workload-status/backstage-plugin-workload-status-common';
import { ReasonList } from './ReasonList';
import { goToHintTarget, HintNavigationContext } from './HintNavigation';

const crash: Reason = {
  severity: 'error',
  code: 'CrashLoopBackOff',
  message: 'Container app of Pod shop/api-1 keeps crashing',
  object: { kind: 'Pod', namespace: 'shop', name: 'api-1', cluster: 'prod' },
  hint: 'Read the service log of Pod shop/api-1.',
  hintTarget: 'service-log',
};

describe('hint navigation', () => {
  it('turns a hint into a link only where the targets are on the page', () => {
    const { rerender } = render(<ReasonList reasons={[crash]} />);
    expect(screen.queryByRole('button')).toBeNull();
    const goTo = jest.fn(() => true);
    rerender(
      <HintNavigationContext.Provider value={goTo}>
        <ReasonList reasons={[crash]} />
      </HintNavigationContext.Provider>,
    );
    fireEvent.click(
      screen.getByRole('button', { name: 'Go to the pods and their logs' }),
    );
    expect(goTo).toHaveBeenCalledWith(crash);
  });

  it("goes to the reason's own cluster and namespace, and focuses it", () => {
    document.body.innerHTML = `
      <div data-hint-target="service-log" data-cluster="staging" data-namespace="shop" tabindex="-1" id="staging"></div>
      <div data-hint-target="service-log" data-cluster="prod" data-namespace="shop" tabindex="-1" id="prod"></div>
      <div data-hint-target="events" tabindex="-1" id="events"></div>`;
    const scrolled: string[] = [];
    HTMLElement.prototype.scrollIntoView = function scrollIntoView(
      this: HTMLElement,
    ) {
      scrolled.push(this.id);
    };
    expect(goToHintTarget(crash)).toBe(true);
    expect(scrolled).toEqual(['prod']);
    expect(document.activeElement?.id).toBe('prod');
    expect(goToHintTarget({ ...crash, hintTarget: 'events' })).toBe(true);
    expect(document.activeElement?.id).toBe('events');
    // nothing on the page for it, or a target without a place
    expect(goToHintTarget({ ...crash, hintTarget: 'operator-log' })).toBe(
      false,
    );
    expect(goToHintTarget({ ...crash, hintTarget: 'cluster' })).toBe(false);
  });
});
