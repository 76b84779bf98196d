import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/test-utils';
import { crashLoopStatus } from '../../__fixtures__/entityStatuses';
import { StatusChip } from './StatusChip';

describe('StatusChip', () => {
  it('shows the lifecycle word with the health in words, and the reasons on hover', async () => {
    const pods = crashLoopStatus.workloads[0].components.pods!;
    await renderInTestApp(
      <StatusChip
        label="Pod"
        lifecycle={pods.lifecycle}
        health={pods.health}
        reasons={pods.reasons}
      />,
    );
    const chip = screen.getByLabelText('Pod: CrashLoopBackOff (error)');
    expect(chip).toHaveTextContent('Pod: CrashLoopBackOff');
    await userEvent.hover(chip);
    expect(
      await screen.findByText(/keeps crashing \(exit code 1\)/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Read the service log of Pod shop\/api-5f7c9d8b6-x2x9q/),
    ).toBeInTheDocument();
  });

  it('is reachable by keyboard and says when there is nothing wrong', async () => {
    // Opening the tooltip from the keyboard depends on :focus-visible, which
    // jsdom does not model; here the chip must at least take focus.
    await renderInTestApp(<StatusChip lifecycle="Running" health="ok" />);
    await userEvent.tab();
    const chip = screen.getByLabelText('Running (healthy)');
    expect(chip).toHaveFocus();
    await userEvent.hover(chip);
    expect(
      await screen.findByText('No problems reported (healthy).'),
    ).toBeInTheDocument();
  });
});

describe('StatusChip with since', () => {
  it('says how long the health has lasted', async () => {
    const since = new Date(Date.now() - 2 * 3600_000 - 5000).toISOString();
    await renderInTestApp(
      <StatusChip lifecycle="NotReady" health="error" since={since} />,
    );
    const chip = screen.getByLabelText('NotReady (error for 2h)');
    await userEvent.hover(chip);
    expect(await screen.findByTestId('health-since')).toHaveTextContent(
      'error for 2h',
    );
  });
});
