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
import { EntityStatus } from '@internal/plugin-workload-status-common';
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
import { EntityWorkloadStatusContent } from './EntityWorkloadStatusContent';

function renderContent(
  api: ReturnType<typeof fakeWorkloadStatusApi>,
  status: EntityStatus,
  signals?: FakeSignalApi,
) {
  const content = (
    <EntityProvider entity={entityOf(status)}>
      <EntityWorkloadStatusContent />
    </EntityProvider>
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
});
