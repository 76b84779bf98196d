import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/test-utils';
import { StatusChip } from './StatusChip';

describe('StatusChip', () => {
  it('shows the lifecycle word with the health in words, and the reasons on hover', async () => {
    await renderInTestApp(
      <StatusChip
        label="Pod"
        lifecycle="CrashLoopBackOff"
        health="error"
        reasons={[
          {
            severity: 'error',
            code: 'CrashLoopBackOff',
            message: 'container app of pod web-1 is crash-looping',
            hint: 'Look at the service log',
            object: { kind: 'Pod', name: 'web-1' },
          },
        ]}
      />,
    );
    const chip = screen.getByLabelText('Pod: CrashLoopBackOff (error)');
    expect(chip).toHaveTextContent('Pod: CrashLoopBackOff');
    await userEvent.hover(chip);
    expect(
      await screen.findByText(/container app of pod web-1 is crash-looping/),
    ).toBeInTheDocument();
    expect(screen.getByText('Look at the service log')).toBeInTheDocument();
  });

  it('is reachable by keyboard and says when there is nothing wrong', async () => {
    // Opening the tooltip from the keyboard depends on :focus-visible, which
    // jsdom does not model; the browser tests cover it in Chromium.
    await renderInTestApp(<StatusChip lifecycle="Running" health="ok" />);
    await userEvent.tab();
    const chip = screen.getByLabelText('Running (ok)');
    expect(chip).toHaveFocus();
    await userEvent.hover(chip);
    expect(await screen.findByText('No problems reported.')).toBeInTheDocument();
  });
});
