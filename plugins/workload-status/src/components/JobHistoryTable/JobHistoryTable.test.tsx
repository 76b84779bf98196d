import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import {
  FIXTURE_NOW,
  failingCronStatus,
  runningCronStatus,
} from '../../__fixtures__/entityStatuses';
import { JobHistoryTable } from './JobHistoryTable';

function rowTexts() {
  return within(screen.getByRole('table'))
    .getAllByRole('row')
    .map(r => Array.from(r.querySelectorAll('th,td'), c => c.textContent));
}

describe('JobHistoryTable', () => {
  beforeEach(() => {
    jest.spyOn(Date, 'now').mockReturnValue(FIXTURE_NOW);
  });
  afterEach(() => jest.restoreAllMocks());

  it('lists each run with status, start and duration, newest first', async () => {
    await renderInTestApp(
      <JobHistoryTable
        runs={failingCronStatus.workloads[0].jobHistory}
        label="Job history"
      />,
    );
    expect(rowTexts()).toEqual([
      ['Run', 'Status', 'Started', 'Duration', 'Trigger'],
      ['nightly-report-29385720', 'Failed', '1h59m ago', '4m58s', 'scheduled'],
      ['nightly-report-29384280', 'Failed', '1d1h ago', '6m39s', 'scheduled'],
      ['nightly-report-29382840', 'Completed', '2d1h ago', '4m7s', 'scheduled'],
    ]);
    expect(screen.getAllByLabelText('Failed (error)')).toHaveLength(2);
  });

  it('shows how long a current run has been going and who started it', async () => {
    await renderInTestApp(
      <JobHistoryTable
        runs={runningCronStatus.workloads[0].jobHistory}
        label="Job history"
      />,
    );
    expect(rowTexts()[1]).toEqual([
      'sync-catalog-29385840',
      'Executing',
      '59m ago',
      'running for 59m',
      'manual',
    ]);
  });

  it('does not call a failed run without a completion time running', async () => {
    const [failed] = failingCronStatus.workloads[0].jobHistory;
    await renderInTestApp(
      <JobHistoryTable
        runs={[
          { ...failed, completedAt: undefined, durationSeconds: undefined },
        ]}
        label="Job history"
      />,
    );
    expect(rowTexts()[1]).toEqual([
      'nightly-report-29385720',
      'Failed',
      '1h59m ago',
      '-',
      'scheduled',
    ]);
  });

  it('says when there are no runs yet', async () => {
    await renderInTestApp(<JobHistoryTable runs={[]} label="Job history" />);
    expect(screen.getByText('No runs in the history yet.')).toBeInTheDocument();
  });
});
