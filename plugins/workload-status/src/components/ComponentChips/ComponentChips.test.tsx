import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/test-utils';
import {
  failedBuildStatus,
  failingCronStatus,
  runningCronStatus,
  suspendedCronStatus,
} from '../../__fixtures__/entityStatuses';
import { ComponentChips } from './ComponentChips';

function chipTexts() {
  return screen.getAllByRole('listitem').map(item => item.textContent);
}

describe('ComponentChips', () => {
  it('shows Build, Deployment and Pod in the seed order for a repository-built service', async () => {
    await renderInTestApp(
      <ComponentChips workload={failedBuildStatus.workloads[0]} />,
    );
    expect(chipTexts()).toEqual([
      'Build: Failed',
      'Deployment: Running',
      'Pod: Running',
    ]);
    await userEvent.hover(screen.getByLabelText('Build: Failed (error)'));
    expect(
      await screen.findByText(/no deployment was triggered/),
    ).toBeInTheDocument();
  });

  it('shows CronJob, Job and Pod while a run is active', async () => {
    await renderInTestApp(
      <ComponentChips workload={runningCronStatus.workloads[0]} />,
    );
    expect(chipTexts()).toEqual([
      'CronJob: Started',
      'Job: Executing',
      'Pod: Running',
    ]);
  });

  it('shows the failed Job without a Pod when no run is active', async () => {
    await renderInTestApp(
      <ComponentChips workload={failingCronStatus.workloads[0]} />,
    );
    expect(chipTexts()).toEqual(['CronJob: Started', 'Job: Failed']);
    const list = screen.getByRole('list', {
      name: 'Status components of CronJob nightly-report',
    });
    expect(
      within(list).getByLabelText('Job: Failed (error)'),
    ).toBeInTheDocument();
  });

  it('shows the CronJob alone when it is stopped', async () => {
    await renderInTestApp(
      <ComponentChips workload={suspendedCronStatus.workloads[0]} />,
    );
    expect(chipTexts()).toEqual(['CronJob: Stopped']);
    expect(
      screen.getByLabelText('CronJob: Stopped (stopped)'),
    ).toBeInTheDocument();
  });
});
