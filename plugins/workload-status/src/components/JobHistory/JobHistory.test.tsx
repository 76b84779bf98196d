import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { JobHistoryEntry } from '@workload-status/backstage-plugin-workload-status-common';
import {
  FIXTURE_NOW,
  failingCronStatus,
} from '../../__fixtures__/entityStatuses';
import {
  fakeWorkloadStatusApi,
  jobHistoryOf,
} from '../../__fixtures__/fakeApis';
import {
  giveLogViewerRoom,
  renderWithApis,
} from '../../__testUtils__/renderWithApis';
import { JobHistory } from './JobHistory';

const entityRef = failingCronStatus.entityRef;
const workload = failingCronStatus.workloads[0];
const [latest, previous, succeeded] = jobHistoryOf(failingCronStatus);

/** The stored history: the newest run's pod is still there, the oldest Job is gone. */
const stored: JobHistoryEntry[] = [
  { ...latest, pods: ['nightly-report-29385720-abcde'] },
  previous,
  { ...succeeded, deleted: true },
];

function renderHistory(
  api: ReturnType<typeof fakeWorkloadStatusApi>,
  denied?: string[],
) {
  return renderWithApis(
    <JobHistory
      entityRef={entityRef}
      cluster="prod"
      cronJob="nightly-report"
      statusRuns={workload.jobHistory}
    />,
    { api, denied },
  );
}

describe('JobHistory', () => {
  beforeEach(() => {
    jest.spyOn(Date, 'now').mockReturnValue(FIXTURE_NOW);
  });
  afterEach(() => jest.restoreAllMocks());

  it('lists the stored runs, deleted ones marked and without a log button', async () => {
    const api = fakeWorkloadStatusApi(failingCronStatus);
    api.getJobHistory.mockResolvedValue({ items: stored });
    await renderHistory(api);
    const table = screen.getByRole('table', {
      name: 'Job history of nightly-report',
    });
    await waitFor(() =>
      expect(within(table).getAllByRole('row')[3]).toHaveTextContent('deleted'),
    );
    const rows = within(table).getAllByRole('row');
    expect(api.getJobHistory).toHaveBeenCalledWith(entityRef, {
      cronJob: 'nightly-report',
      limit: 100,
    });
    expect(
      within(rows[1]).getByRole('button', {
        name: 'Log of run nightly-report-29385720',
      }),
    ).toBeInTheDocument();
    expect(rows[2]).toHaveTextContent('no pods left');
    expect(within(rows[2]).queryByRole('button')).not.toBeInTheDocument();
    expect(
      within(rows[3]).getByLabelText(
        'deleted: the Job no longer exists in the cluster',
      ),
    ).toBeInTheDocument();
    expect(rows[3]).toHaveTextContent('gone with the Job');
    expect(within(rows[3]).queryByRole('button')).not.toBeInTheDocument();
  });

  it("opens a run's log in a dialog", async () => {
    giveLogViewerRoom();
    const api = fakeWorkloadStatusApi(failingCronStatus);
    api.getJobHistory.mockResolvedValue({ items: stored });
    api.getJobLog.mockResolvedValue(
      'generating report\nERROR: database timeout after 300s\n',
    );
    await renderHistory(api);
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Log of run nightly-report-29385720',
      }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Log of run nightly-report-29385720',
    });
    expect(
      await within(dialog).findByText('ERROR: database timeout after 300s'),
    ).toBeInTheDocument();
    expect(api.getJobLog).toHaveBeenCalledWith(
      entityRef,
      { cluster: 'prod', namespace: 'batch', name: 'nightly-report-29385720' },
      { tailLines: 5000 },
    );
  });

  it('shows the runs of the status, with a warning, when the history cannot be read', async () => {
    const api = fakeWorkloadStatusApi(failingCronStatus);
    api.getJobHistory.mockRejectedValue(new Error('database unavailable'));
    await renderHistory(api);
    expect(
      await screen.findByText(/Could not read the stored job history/),
    ).toHaveTextContent('database unavailable');
    expect(
      within(
        screen.getByRole('table', { name: 'Job history of nightly-report' }),
      ).getAllByRole('row'),
    ).toHaveLength(4);
  });

  it('offers no run logs without the logs permission', async () => {
    const api = fakeWorkloadStatusApi(failingCronStatus);
    api.getJobHistory.mockResolvedValue({ items: stored });
    await renderHistory(api, ['workload-status.logs.read']);
    expect(
      await screen.findByText(
        'You are not allowed to read logs of this entity.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /Log of run/ }),
    ).not.toBeInTheDocument();
  });
});

describe('JobHistory of a standalone Job', () => {
  beforeEach(() => {
    jest.spyOn(Date, 'now').mockReturnValue(FIXTURE_NOW);
  });
  afterEach(() => jest.restoreAllMocks());

  it('lists the stored runs of the Job by its name, deleted ones included', async () => {
    const api = fakeWorkloadStatusApi(failingCronStatus);
    const standalone = (name: string, extra: Partial<JobHistoryEntry>) => ({
      ...succeeded,
      cronJob: undefined,
      name,
      uid: `uid-${name}-${extra.startedAt}`,
      ...extra,
    });
    api.getJobHistory.mockResolvedValue({
      items: [
        standalone('migrate', { startedAt: '2026-01-02T00:00:00Z' }),
        standalone('migrate', {
          startedAt: '2026-01-01T00:00:00Z',
          deleted: true,
        }),
        standalone('other-job', { startedAt: '2026-01-01T00:00:00Z' }),
        latest,
      ],
    });
    await renderWithApis(
      <JobHistory
        entityRef={entityRef}
        cluster="prod"
        job="migrate"
        namespace={succeeded.namespace}
        statusRuns={[]}
      />,
      { api },
    );
    const table = screen.getByRole('table', { name: 'Job history of migrate' });
    await waitFor(() =>
      expect(within(table).getAllByRole('row')).toHaveLength(3),
    );
    expect(within(table).getAllByRole('row')[2]).toHaveTextContent('deleted');
    expect(table).not.toHaveTextContent('other-job');
    expect(api.getJobHistory).toHaveBeenCalledWith(entityRef, { limit: 500 });
  });
});
