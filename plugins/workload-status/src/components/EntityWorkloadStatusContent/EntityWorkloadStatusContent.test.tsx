import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  TestApiProvider,
  mockApis,
  renderInTestApp,
} from '@backstage/test-utils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { EntityStatus } from '@workload-status/backstage-plugin-workload-status-common';
import { workloadStatusApiRef } from '../../api/types';
import {
  FIXTURE_NOW,
  crashLoopStatus,
  failingCronStatus,
  noWorkloadsStatus,
} from '../../__fixtures__/entityStatuses';
import {
  FakeSignalApi,
  entityOf,
  fakeWorkloadStatusApi,
} from '../../__fixtures__/fakeApis';
import {
  giveLogViewerRoom,
  withFreshPermissionCache,
} from '../../__testUtils__/renderWithApis';
import { apiEvents, apiOperatorLog } from '../../__fixtures__/diagnostics';
import { EntityWorkloadStatusContent } from './EntityWorkloadStatusContent';

/** The CronJob of failingCronStatus once stopped. */
const stoppedCronStatus: EntityStatus = {
  ...failingCronStatus,
  updatedAt: '2026-11-22T03:00:03Z',
  workloads: failingCronStatus.workloads.map(w => ({
    ...w,
    lifecycle: 'Stopped',
    health: 'stopped',
    components: {
      ...w.components,
      cronjob: {
        ...w.components.cronjob!,
        lifecycle: 'Stopped',
        health: 'stopped',
        suspended: true,
      },
    },
  })),
};

/** The crash-looping status a moment later: one more restart. */
const crashLoopLater: EntityStatus = {
  ...crashLoopStatus,
  updatedAt: '2026-11-22T03:00:10Z',
  workloads: [
    {
      ...crashLoopStatus.workloads[0],
      pods: [
        { ...crashLoopStatus.workloads[0].pods[0], restarts: 8 },
        crashLoopStatus.workloads[0].pods[1],
      ],
    },
    crashLoopStatus.workloads[1],
  ],
};

function renderContent(
  api: ReturnType<typeof fakeWorkloadStatusApi>,
  status: EntityStatus,
  signals?: FakeSignalApi,
) {
  const content = withFreshPermissionCache(
    <EntityProvider entity={entityOf(status)}>
      <EntityWorkloadStatusContent />
    </EntityProvider>,
  );
  return renderInTestApp(
    signals ? (
      <TestApiProvider
        apis={[
          [workloadStatusApiRef, api],
          [permissionApiRef, mockApis.permission()],
          [signalApiRef, signals],
        ]}
      >
        {content}
      </TestApiProvider>
    ) : (
      <TestApiProvider
        apis={[
          [workloadStatusApiRef, api],
          [permissionApiRef, mockApis.permission()],
        ]}
      >
        {content}
      </TestApiProvider>
    ),
  );
}

describe('EntityWorkloadStatusContent', () => {
  beforeEach(() => {
    jest.spyOn(Date, 'now').mockReturnValue(FIXTURE_NOW);
  });
  afterEach(() => jest.restoreAllMocks());

  it('shows the header, the unreachable-cluster banner and workloads grouped by cluster and namespace', async () => {
    const api = fakeWorkloadStatusApi(crashLoopStatus);
    await renderContent(api, crashLoopStatus);
    expect(await screen.findByText('Workload status')).toBeInTheDocument();
    expect(api.getEntityStatus).toHaveBeenCalledWith('component:default/api');
    expect(screen.getByText(/Refreshes every 15 s/)).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Cluster staging cannot be reached (connect ECONNREFUSED 10.0.0.12:6443). Showing its last known data, from 12m ago.',
    );
    const prod = screen.getByRole('region', {
      name: 'Cluster prod, namespace shop',
    });
    expect(within(prod).getByText('Deployment api')).toBeInTheDocument();
    expect(
      within(prod).getByLabelText('Pod: CrashLoopBackOff (error)'),
    ).toBeInTheDocument();
    const staging = screen.getByRole('region', {
      name: 'Cluster staging, namespace shop-staging',
    });
    expect(
      within(staging).getByLabelText('Deployment: Exception (unknown)'),
    ).toBeInTheDocument();
  });

  it('shows a CronJob with its schedule and job history', async () => {
    await renderContent(
      fakeWorkloadStatusApi(failingCronStatus),
      failingCronStatus,
    );
    expect(
      await screen.findByText('CronJob nightly-report'),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Schedule')).toHaveTextContent('At 02:00');
    expect(
      screen.getByRole('table', { name: 'Job history of nightly-report' }),
    ).toBeInTheDocument();
  });

  it('says so when no workload matches', async () => {
    await renderContent(
      fakeWorkloadStatusApi(noWorkloadsStatus),
      noWorkloadsStatus,
    );
    expect(
      await screen.findByText(
        'No Kubernetes workloads match this entity on any configured cluster.',
      ),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('NotFound (unknown)')).toBeInTheDocument();
  });

  it('shows the backend error when the first load fails', async () => {
    const api = fakeWorkloadStatusApi(
      new Error('No entity component:default/api'),
    );
    await renderContent(api, crashLoopStatus);
    expect(
      (await screen.findAllByText(/No entity component:default\/api/)).length,
    ).toBeGreaterThan(0);
    expect(screen.queryByText('Workload status')).not.toBeInTheDocument();
  });

  it('refetches on a signal for this entity, keeping an open drawer open', async () => {
    const signals = new FakeSignalApi();
    const updated: EntityStatus = {
      ...crashLoopStatus,
      workloads: [
        {
          ...crashLoopStatus.workloads[0],
          pods: [
            {
              ...crashLoopStatus.workloads[0].pods[0],
              restarts: 9,
              containers: [
                {
                  ...crashLoopStatus.workloads[0].pods[0].containers[0],
                  restarts: 9,
                },
              ],
            },
            crashLoopStatus.workloads[0].pods[1],
          ],
        },
        crashLoopStatus.workloads[1],
      ],
    };
    const api = fakeWorkloadStatusApi(crashLoopStatus, updated);
    await renderContent(api, crashLoopStatus, signals);
    expect(await screen.findByText(/Live updates on/)).toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('button', { name: 'api-5f7c9d8b6-x2x9q' }),
    );
    const drawer = await screen.findByRole('dialog', {
      name: 'Pod api-5f7c9d8b6-x2x9q',
    });
    expect(within(drawer).getByRole('table')).toHaveTextContent('No7');

    // Another entity's change is none of this page's business.
    await act(async () =>
      signals.send('workload-status:entity', {
        entityRef: 'component:default/web',
      }),
    );
    expect(api.getEntityStatus).toHaveBeenCalledTimes(1);

    await act(async () =>
      signals.send('workload-status:entity', {
        entityRef: 'Component:default/api',
      }),
    );
    await waitFor(() => expect(api.getEntityStatus).toHaveBeenCalledTimes(2));
    await waitFor(() =>
      expect(
        within(
          screen.getByRole('dialog', { name: 'Pod api-5f7c9d8b6-x2x9q' }),
        ).getByRole('table'),
      ).toHaveTextContent('No9'),
    );
  });

  it('shows the events and operator log panels of the entity', async () => {
    const api = fakeWorkloadStatusApi(crashLoopStatus);
    api.getEvents.mockResolvedValue(apiEvents);
    api.getOperatorLog.mockResolvedValue(apiOperatorLog);
    await renderContent(api, crashLoopStatus);
    const events = await screen.findByTestId('events-panel');
    expect(
      await within(events).findByText('ProgressDeadlineExceeded'),
    ).toBeInTheDocument();
    const operator = screen.getByTestId('operator-log-panel');
    expect(
      await within(operator).findByText('secret "api-db" not found'),
    ).toBeInTheDocument();
    expect(api.getEvents).toHaveBeenCalledWith('component:default/api');
  });

  it('keeps an open pod drawer on its log, with its settings, through refreshes (Backstage #18730)', async () => {
    giveLogViewerRoom();
    const signals = new FakeSignalApi();
    const api = fakeWorkloadStatusApi(crashLoopStatus, crashLoopLater);
    api.getPodLog.mockImplementation(async (_e, _p, options) =>
      options?.previous ? 'previous instance crashed\n' : 'current\n',
    );
    await renderContent(api, crashLoopStatus, signals);
    await userEvent.click(
      await screen.findByRole('button', { name: 'api-5f7c9d8b6-x2x9q' }),
    );
    const drawer = await screen.findByRole('dialog', {
      name: 'Pod api-5f7c9d8b6-x2x9q',
    });
    await userEvent.click(within(drawer).getByRole('tab', { name: 'Log' }));
    await userEvent.click(
      within(drawer).getByRole('checkbox', { name: 'Previous container' }),
    );
    expect(
      await within(drawer).findByText('previous instance crashed'),
    ).toBeInTheDocument();
    const logReads = api.getPodLog.mock.calls.length;

    await act(async () =>
      signals.send('workload-status:entity', {
        entityRef: 'component:default/api',
      }),
    );
    await waitFor(() => expect(api.getEntityStatus).toHaveBeenCalledTimes(2));
    await waitFor(() =>
      expect(
        screen.getByRole('cell', { name: /^8 \(/, hidden: true }),
      ).toBeInTheDocument(),
    );

    const still = screen.getByRole('dialog', {
      name: 'Pod api-5f7c9d8b6-x2x9q',
    });
    expect(within(still).getByRole('tab', { name: 'Log' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    expect(
      within(still).getByRole('checkbox', { name: 'Previous container' }),
    ).toBeChecked();
    expect(
      within(still).getByText('previous instance crashed'),
    ).toBeInTheDocument();
    // The refresh did not refetch the log under the reader.
    expect(api.getPodLog).toHaveBeenCalledTimes(logReads);
  });

  it('keeps an open confirmation dialog open through refreshes', async () => {
    const signals = new FakeSignalApi();
    const later = { ...failingCronStatus, updatedAt: '2026-11-22T03:00:10Z' };
    const api = fakeWorkloadStatusApi(failingCronStatus, later);
    await renderContent(api, failingCronStatus, signals);
    await userEvent.click(await screen.findByTestId('cronjob-run'));
    await screen.findByRole('dialog', {
      name: 'Run CronJob nightly-report now?',
    });
    await act(async () =>
      signals.send('workload-status:entity', {
        entityRef: 'component:default/nightly-report',
      }),
    );
    await waitFor(() => expect(api.getEntityStatus).toHaveBeenCalledTimes(2));
    await waitFor(() => expect(api.getJobHistory).toHaveBeenCalledTimes(2));
    expect(
      screen.getByRole('dialog', { name: 'Run CronJob nightly-report now?' }),
    ).toBeVisible();
  });

  it('shows the status a CronJob action returns at once', async () => {
    const api = fakeWorkloadStatusApi(failingCronStatus);
    api.cronJobAction.mockResolvedValue({
      action: 'suspend',
      cronJob: {
        kind: 'CronJob',
        cluster: 'prod',
        namespace: 'batch',
        name: 'nightly-report',
      },
      changed: true,
      status: stoppedCronStatus,
    });
    await renderContent(api, failingCronStatus);
    await userEvent.click(await screen.findByTestId('cronjob-suspend'));
    await userEvent.click(
      await screen.findByTestId('cronjob-suspend-dialog-confirm'),
    );
    expect(await screen.findByTestId('cronjob-resume')).toBeInTheDocument();
    expect(screen.getByLabelText('Schedule')).toHaveTextContent(
      'None: the CronJob is stopped',
    );
    // Shown from the action's answer, not from another status request.
    expect(api.getEntityStatus).toHaveBeenCalledTimes(1);
  });
});
