import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  EntityStatus,
  WorkloadActionResponse,
  WorkloadStatus,
} from '@workload-status/backstage-plugin-workload-status-common';
import { healthyStatus } from '../../__fixtures__/entityStatuses';
import { fakeWorkloadStatusApi } from '../../__fixtures__/fakeApis';
import {
  RecordingAlertApi,
  renderWithApis,
} from '../../__testUtils__/renderWithApis';
import { WorkloadActions } from './WorkloadActions';
import { backendError } from '../../__fixtures__/backendErrors';

const entityRef = healthyStatus.entityRef;
const web = healthyStatus.workloads[0] as WorkloadStatus & { cluster: string };
const ref = {
  cluster: 'prod',
  namespace: 'shop',
  name: 'web',
  kind: 'Deployment',
};

function answer(
  action: WorkloadActionResponse['action'],
  extra: Partial<WorkloadActionResponse> = {},
): WorkloadActionResponse {
  return {
    action,
    object: ref,
    changed: true,
    status: { ...healthyStatus, updatedAt: '2026-11-22T03:00:05Z' },
    ...extra,
  };
}

function renderActions(options: {
  workload?: WorkloadStatus & { cluster: string };
  api?: ReturnType<typeof fakeWorkloadStatusApi>;
  denied?: string[];
  onStatus?: (s: EntityStatus) => void;
  alerts?: RecordingAlertApi;
}) {
  return renderWithApis(
    <WorkloadActions
      entityRef={entityRef}
      workload={options.workload ?? web}
      onStatus={options.onStatus ?? jest.fn()}
    />,
    {
      api: options.api ?? fakeWorkloadStatusApi(healthyStatus),
      denied: options.denied,
      alerts: options.alerts,
    },
  );
}

const openMenu = async () => {
  await userEvent.click(
    await screen.findByRole('button', { name: 'Actions on Deployment web' }),
  );
  return screen.getAllByRole('menuitem').map(i => i.textContent);
};

describe('WorkloadActions', () => {
  it('offers restart, scale, stop and roll back for a running Deployment', async () => {
    await renderActions({});
    expect(await openMenu()).toEqual([
      'Restart',
      'Scale…',
      'Stop',
      'Roll back',
    ]);
  });

  it('offers start for a workload at zero, and disables restart with the reason', async () => {
    await renderActions({
      workload: {
        ...web,
        replicas: { desired: 0, ready: 0, updated: 0, available: 0 },
      },
    });
    expect(await openMenu()).toEqual([
      'RestartScaled to zero: start it instead',
      'Scale…',
      'Start',
      'Roll back',
    ]);
    expect(screen.getByTestId('workload-action-restart')).toHaveAttribute(
      'aria-disabled',
      'true',
    );
  });

  it('shows only what the policy permits, and nothing when nothing is', async () => {
    await renderActions({
      denied: [
        'workload-status.workload.scale',
        'workload-status.workload.rollback',
      ],
    });
    expect(await openMenu()).toEqual(['Restart', 'Stop']);
  });

  it('renders nothing without any permission', async () => {
    const { askedPermissions } = await renderActions({
      denied: [
        'workload-status.workload.restart',
        'workload-status.workload.scale',
        'workload-status.workload.stop',
        'workload-status.workload.rollback',
      ],
    });
    await waitFor(() => expect(askedPermissions.length).toBeGreaterThan(0));
    await act(async () => {});
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });

  it('restarts after confirmation and hands over the new status', async () => {
    const api = fakeWorkloadStatusApi(healthyStatus);
    api.workloadAction.mockResolvedValue(answer('restart'));
    const onStatus = jest.fn();
    const alerts = new RecordingAlertApi();
    await renderActions({ api, onStatus, alerts });
    await openMenu();
    await userEvent.click(screen.getByTestId('workload-action-restart'));
    const dialog = await screen.findByRole('dialog', {
      name: 'Restart Deployment web?',
    });
    expect(api.workloadAction).not.toHaveBeenCalled();
    await userEvent.click(
      screen.getByTestId('workload-restart-dialog-confirm'),
    );
    await waitFor(() => expect(dialog).not.toBeInTheDocument());
    expect(api.workloadAction).toHaveBeenCalledWith(
      entityRef,
      'restart',
      ref,
      undefined,
    );
    expect(onStatus).toHaveBeenCalledWith(answer('restart').status);
    expect(alerts.posted.at(-1)).toMatchObject({
      message: 'Deployment web is restarting: new pods replace the old.',
      severity: 'success',
    });
  });

  it('scales to the number typed, which must be a whole number', async () => {
    const api = fakeWorkloadStatusApi(healthyStatus);
    api.workloadAction.mockResolvedValue(answer('scale', { replicas: 1 }));
    await renderActions({ api });
    await openMenu();
    await userEvent.click(screen.getByTestId('workload-action-scale'));
    const input = await screen.findByTestId('workload-scale-dialog-replicas');
    expect(input).toHaveValue(2);
    await userEvent.clear(input);
    expect(screen.getByTestId('workload-scale-dialog-confirm')).toBeDisabled();
    await userEvent.type(input, '1');
    await userEvent.click(screen.getByTestId('workload-scale-dialog-confirm'));
    await waitFor(() =>
      expect(api.workloadAction).toHaveBeenCalledWith(entityRef, 'scale', ref, {
        replicas: 1,
      }),
    );
  });

  it('shows a refusal in the dialog, which stays open', async () => {
    const api = fakeWorkloadStatusApi(healthyStatus);
    api.workloadAction.mockRejectedValue(
      await backendError(
        409,
        'ConflictError',
        'Deployment shop/web in cluster prod is scaled by HorizontalPodAutoscaler shop/web',
      ),
    );
    await renderActions({ api });
    await openMenu();
    await userEvent.click(screen.getByTestId('workload-action-scale'));
    await userEvent.click(
      await screen.findByTestId('workload-scale-dialog-confirm'),
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Scale failed. Deployment shop/web in cluster prod is scaled by HorizontalPodAutoscaler shop/web',
    );
    expect(screen.getByRole('dialog')).toBeVisible();
  });

  it('asks how many replicas when start finds none remembered', async () => {
    const api = fakeWorkloadStatusApi(healthyStatus);
    api.workloadAction
      .mockRejectedValueOnce(
        await backendError(
          400,
          'InputError',
          'Deployment shop/web in cluster prod was scaled to zero outside this plugin: no replica count is remembered; say how many replicas to start ("replicas")',
        ),
      )
      .mockResolvedValueOnce(answer('start', { replicas: 2 }));
    await renderActions({
      api,
      workload: {
        ...web,
        replicas: { desired: 0, ready: 0, updated: 0, available: 0 },
      },
    });
    await openMenu();
    await userEvent.click(screen.getByTestId('workload-action-start'));
    expect(
      screen.queryByTestId('workload-start-dialog-replicas'),
    ).not.toBeInTheDocument();
    await userEvent.click(
      await screen.findByTestId('workload-start-dialog-confirm'),
    );
    const input = await screen.findByTestId('workload-start-dialog-replicas');
    // a question in place of the dialog's text, not an error
    expect(screen.getByRole('dialog')).toHaveTextContent(
      'How many should it start with?',
    );
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(screen.getByTestId('workload-start-dialog-confirm')).toBeDisabled();
    await userEvent.type(input, '2');
    await userEvent.click(screen.getByTestId('workload-start-dialog-confirm'));
    await waitFor(() =>
      expect(api.workloadAction).toHaveBeenLastCalledWith(
        entityRef,
        'start',
        ref,
        { replicas: 2 },
      ),
    );
    expect(api.workloadAction).toHaveBeenNthCalledWith(
      1,
      entityRef,
      'start',
      ref,
      undefined,
    );
  });

  it('offers only restart for a DaemonSet', async () => {
    await renderActions({ workload: { ...web, kind: 'DaemonSet' } });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Actions on DaemonSet web' }),
    );
    expect(screen.getAllByRole('menuitem').map(i => i.textContent)).toEqual([
      'Restart',
    ]);
  });
});
