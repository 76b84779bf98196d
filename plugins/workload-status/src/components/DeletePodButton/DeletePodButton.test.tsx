import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { healthyStatus } from '../../__fixtures__/entityStatuses';
import { fakeWorkloadStatusApi } from '../../__fixtures__/fakeApis';
import {
  RecordingAlertApi,
  renderWithApis,
} from '../../__testUtils__/renderWithApis';
import { DeletePodButton } from './DeletePodButton';
import { backendError } from '../../__fixtures__/backendErrors';

const entityRef = healthyStatus.entityRef;
const pod = { cluster: 'prod', namespace: 'shop', name: 'web-6d4b8f7c9-abcde' };

describe('DeletePodButton', () => {
  it('deletes the pod after confirmation and says a new one comes', async () => {
    const api = fakeWorkloadStatusApi(healthyStatus);
    api.deletePod.mockResolvedValue({
      action: 'delete-pod',
      object: { kind: 'Pod', ...pod },
      changed: true,
      status: healthyStatus,
    });
    const onStatus = jest.fn();
    const alerts = new RecordingAlertApi();
    await renderWithApis(
      <DeletePodButton entityRef={entityRef} pod={pod} onStatus={onStatus} />,
      { api, alerts },
    );
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Delete pod web-6d4b8f7c9-abcde',
      }),
    );
    expect(
      await screen.findByRole('dialog', {
        name: 'Delete pod web-6d4b8f7c9-abcde?',
      }),
    ).toBeVisible();
    expect(api.deletePod).not.toHaveBeenCalled();
    await userEvent.click(screen.getByTestId('pod-delete-dialog-confirm'));
    await waitFor(() =>
      expect(api.deletePod).toHaveBeenCalledWith(entityRef, pod),
    );
    expect(onStatus).toHaveBeenCalledWith(healthyStatus);
    expect(alerts.posted.at(-1)).toMatchObject({
      message:
        'Pod web-6d4b8f7c9-abcde deleted: its controller starts a new one.',
      severity: 'success',
    });
  });

  it('shows the refusal in the dialog', async () => {
    const api = fakeWorkloadStatusApi(healthyStatus);
    api.deletePod.mockRejectedValue(
      await backendError(
        403,
        'NotAllowedError',
        'Not allowed to delete the pods of component:default/web',
      ),
    );
    await renderWithApis(<DeletePodButton entityRef={entityRef} pod={pod} />, {
      api,
    });
    await userEvent.click(await screen.findByTestId('pod-delete'));
    await userEvent.click(
      await screen.findByTestId('pod-delete-dialog-confirm'),
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Deleting pod web-6d4b8f7c9-abcde failed. Not allowed: Not allowed to delete the pods of component:default/web',
    );
  });

  it('is not offered without the permission', async () => {
    const { askedPermissions } = await renderWithApis(
      <DeletePodButton entityRef={entityRef} pod={pod} />,
      {
        api: fakeWorkloadStatusApi(healthyStatus),
        denied: ['workload-status.pod.delete'],
      },
    );
    await waitFor(() => expect(askedPermissions.length).toBeGreaterThan(0));
    await act(async () => {});
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });
});
