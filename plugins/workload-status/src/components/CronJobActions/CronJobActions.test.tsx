import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  CronJobActionResponse,
  EntityStatus,
} from '@workload-status/backstage-plugin-workload-status-common';
import {
  failingCronStatus,
  suspendedCronStatus,
} from '../../__fixtures__/entityStatuses';
import { fakeWorkloadStatusApi } from '../../__fixtures__/fakeApis';
import {
  RecordingAlertApi,
  renderWithApis,
} from '../../__testUtils__/renderWithApis';
import { CronJobActions } from './CronJobActions';
import { backendError } from '../../__fixtures__/backendErrors';

const entityRef = failingCronStatus.entityRef;
const cronJob = { cluster: 'prod', namespace: 'batch', name: 'nightly-report' };

function answer(
  action: CronJobActionResponse['action'],
  status: EntityStatus,
  extra: Partial<CronJobActionResponse> = {},
): CronJobActionResponse {
  return {
    action,
    cronJob: { kind: 'CronJob', ...cronJob },
    changed: true,
    status,
    ...extra,
  };
}

function renderActions(options: {
  api?: ReturnType<typeof fakeWorkloadStatusApi>;
  suspended?: boolean;
  denied?: string[];
  onStatus?: (s: EntityStatus) => void;
  alerts?: RecordingAlertApi;
}) {
  return renderWithApis(
    <CronJobActions
      entityRef={entityRef}
      cronJob={cronJob}
      suspended={options.suspended ?? false}
      onStatus={options.onStatus ?? jest.fn()}
    />,
    {
      api: options.api ?? fakeWorkloadStatusApi(failingCronStatus),
      denied: options.denied,
      alerts: options.alerts,
    },
  );
}

describe('CronJobActions', () => {
  it('offers Stop, Run now and Delete when all are permitted; Resume for a stopped CronJob', async () => {
    await renderActions({});
    const group = await screen.findByRole('group', {
      name: 'Actions on CronJob nightly-report',
    });
    expect(
      within(group)
        .getAllByRole('button')
        .map(b => b.textContent),
    ).toEqual(['Stop', 'Run now', 'Delete']);
  });

  it('offers Resume instead of Stop when the CronJob is stopped', async () => {
    await renderActions({ suspended: true });
    expect(await screen.findByTestId('cronjob-resume')).toHaveTextContent(
      'Resume',
    );
    expect(screen.queryByTestId('cronjob-suspend')).not.toBeInTheDocument();
    expect(screen.getByText('Stopped: no runs are scheduled.')).toBeVisible();
  });

  it('shows only what the policy permits', async () => {
    await renderActions({
      denied: [
        'workload-status.cronjob.suspend',
        'workload-status.cronjob.delete',
      ],
    });
    const group = await screen.findByRole('group');
    expect(
      within(group)
        .getAllByRole('button')
        .map(b => b.textContent),
    ).toEqual(['Run now']);
  });

  it('shows nothing when no action is permitted', async () => {
    const api = fakeWorkloadStatusApi(failingCronStatus);
    const { askedPermissions } = await renderActions({
      api,
      denied: [
        'workload-status.cronjob.suspend',
        'workload-status.cronjob.run',
        'workload-status.cronjob.delete',
      ],
    });
    await waitFor(() => expect(askedPermissions).toHaveLength(3));
    await act(async () => {});
    expect(screen.queryByRole('group')).toBeNull();
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });

  it('runs now after confirmation, hands over the returned status and says which Job started', async () => {
    const api = fakeWorkloadStatusApi(failingCronStatus);
    const after = { ...failingCronStatus, updatedAt: '2026-11-22T03:00:05Z' };
    api.cronJobAction.mockResolvedValue(
      answer('run', after, {
        job: {
          kind: 'Job',
          namespace: 'batch',
          name: 'nightly-report-manual-x7k2p',
        },
      }),
    );
    const onStatus = jest.fn();
    const alerts = new RecordingAlertApi();
    await renderActions({ api, onStatus, alerts });

    await userEvent.click(await screen.findByTestId('cronjob-run'));
    const dialog = await screen.findByRole('dialog', {
      name: 'Run CronJob nightly-report now?',
    });
    expect(api.cronJobAction).not.toHaveBeenCalled();
    await userEvent.click(
      within(dialog).getByTestId('cronjob-run-dialog-confirm'),
    );

    await waitFor(() => expect(onStatus).toHaveBeenCalledWith(after));
    expect(api.cronJobAction).toHaveBeenCalledWith(entityRef, 'run', cronJob);
    expect(alerts.posted).toEqual([
      {
        message:
          'Job nightly-report-manual-x7k2p created from CronJob nightly-report.',
        severity: 'success',
        display: 'transient',
      },
    ]);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('stops after confirmation and does nothing on cancel', async () => {
    const api = fakeWorkloadStatusApi(failingCronStatus);
    api.cronJobAction.mockResolvedValue(answer('suspend', suspendedCronStatus));
    const alerts = new RecordingAlertApi();
    await renderActions({ api, alerts });

    await userEvent.click(await screen.findByTestId('cronjob-suspend'));
    await userEvent.click(
      within(await screen.findByRole('dialog')).getByRole('button', {
        name: 'Cancel',
      }),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(api.cronJobAction).not.toHaveBeenCalled();

    await userEvent.click(screen.getByTestId('cronjob-suspend'));
    await userEvent.click(
      await screen.findByTestId('cronjob-suspend-dialog-confirm'),
    );
    await waitFor(() =>
      expect(alerts.posted[0]?.message).toBe(
        'CronJob nightly-report stopped: no new runs are scheduled.',
      ),
    );
    expect(api.cronJobAction).toHaveBeenCalledWith(
      entityRef,
      'suspend',
      cronJob,
    );
  });

  it('deletes only once the CronJob name is typed', async () => {
    const api = fakeWorkloadStatusApi(failingCronStatus);
    api.cronJobAction.mockResolvedValue(answer('delete', failingCronStatus));
    await renderActions({ api });

    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Delete CronJob nightly-report',
      }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Delete CronJob nightly-report?',
    });
    expect(dialog).toHaveTextContent('cannot be undone');
    const confirm = within(dialog).getByTestId('cronjob-delete-dialog-confirm');
    expect(confirm).toBeDisabled();
    const input = within(dialog).getByLabelText(
      'Type nightly-report to confirm',
    );
    await userEvent.type(input, 'nightly');
    expect(confirm).toBeDisabled();
    await userEvent.type(input, '-report');
    expect(confirm).toBeEnabled();
    await userEvent.click(confirm);
    await waitFor(() =>
      expect(api.cronJobAction).toHaveBeenCalledWith(
        entityRef,
        'delete',
        cronJob,
      ),
    );
  });

  it('keeps the dialog open with the reason when the backend refuses (403)', async () => {
    const api = fakeWorkloadStatusApi(failingCronStatus);
    api.cronJobAction.mockRejectedValue(
      await backendError(
        403,
        'NotAllowedError',
        'You are not allowed to run the CronJobs of component:default/nightly-report',
      ),
    );
    const onStatus = jest.fn();
    await renderActions({ api, onStatus });
    await userEvent.click(await screen.findByTestId('cronjob-run'));
    await userEvent.click(
      await screen.findByTestId('cronjob-run-dialog-confirm'),
    );
    const dialog = screen.getByRole('dialog');
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'Run now failed for CronJob nightly-report. Not allowed: You are not allowed to run the CronJobs of component:default/nightly-report',
    );
    expect(onStatus).not.toHaveBeenCalled();
  });

  it('says the cluster is down on a 503', async () => {
    const api = fakeWorkloadStatusApi(failingCronStatus);
    api.cronJobAction.mockRejectedValue(
      await backendError(
        503,
        'ServiceUnavailableError',
        'Cluster prod cannot be reached',
      ),
    );
    await renderActions({ api, suspended: true });
    await userEvent.click(await screen.findByTestId('cronjob-resume'));
    await userEvent.click(
      await screen.findByTestId('cronjob-resume-dialog-confirm'),
    );
    expect(
      await within(screen.getByRole('dialog')).findByRole('alert'),
    ).toHaveTextContent(
      'Resume failed for CronJob nightly-report. Unavailable: Cluster prod cannot be reached',
    );
  });

  it('says when there was nothing to change', async () => {
    const api = fakeWorkloadStatusApi(failingCronStatus);
    api.cronJobAction.mockResolvedValue(
      answer('suspend', suspendedCronStatus, { changed: false }),
    );
    const alerts = new RecordingAlertApi();
    await renderActions({ api, alerts });
    await userEvent.click(await screen.findByTestId('cronjob-suspend'));
    await userEvent.click(
      await screen.findByTestId('cronjob-suspend-dialog-confirm'),
    );
    await waitFor(() =>
      expect(alerts.posted[0]).toMatchObject({
        message:
          'Nothing to change: CronJob nightly-report was already stopped.',
        severity: 'info',
      }),
    );
  });
});
