import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/test-utils';
import { LogFollowHandlers } from '../../api/types';
import { fakeWorkloadStatusApi } from '../../__fixtures__/fakeApis';
import {
  giveLogViewerRoom,
  renderWithApis,
} from '../../__testUtils__/renderWithApis';
import { apiEvents } from '../../__fixtures__/diagnostics';
import {
  FIXTURE_NOW,
  crashLoopStatus,
} from '../../__fixtures__/entityStatuses';
import { PodDrawer } from './PodDrawer';
import { backendError } from '../../__fixtures__/backendErrors';

const [crashing, oldRevision] = crashLoopStatus.workloads[0].pods;

describe('PodDrawer', () => {
  beforeEach(() => {
    jest.spyOn(Date, 'now').mockReturnValue(FIXTURE_NOW);
  });
  afterEach(() => jest.restoreAllMocks());

  it('shows the pod facts, why it is failing and each container state', async () => {
    await renderInTestApp(
      <PodDrawer pod={crashing} open onClose={jest.fn()} />,
    );
    const drawer = screen.getByRole('dialog', {
      name: 'Pod api-5f7c9d8b6-x2x9q',
    });
    expect(drawer).toHaveTextContent('Nodenode-b');
    expect(drawer).toHaveTextContent('Ready0/1');
    expect(drawer).toHaveTextContent('Age20m');
    expect(
      within(drawer).getByLabelText('CrashLoopBackOff (error)'),
    ).toBeInTheDocument();
    expect(
      within(drawer).getByText(/Read the service log of Pod/),
    ).toBeInTheDocument();
    const rows = within(
      within(drawer).getByRole('table', {
        name: 'Containers of api-5f7c9d8b6-x2x9q',
      }),
    ).getAllByRole('row');
    expect(rows[1]).toHaveTextContent('appregistry.example.com/shop/api:2.0.0');
    expect(rows[1]).toHaveTextContent('waiting: CrashLoopBackOff');
    expect(rows[1]).toHaveTextContent(
      'back-off 5m0s restarting failed container',
    );
    expect(rows[1]).toHaveTextContent('No7Error, exit code 1, 5m ago');
  });

  it('marks init containers, exit codes, previous OOM kills and old revisions', async () => {
    await renderInTestApp(
      <PodDrawer pod={oldRevision} open onClose={jest.fn()} />,
    );
    const drawer = screen.getByRole('dialog', {
      name: 'Pod api-7b8c6d5e4-k8s7p',
    });
    expect(drawer).toHaveTextContent('7b8c6d5e4 (old revision)');
    const rows = within(drawer).getAllByRole('row');
    expect(rows[1]).toHaveTextContent('migrate (init)');
    expect(rows[1]).toHaveTextContent('terminated: Completed (exit code 0)');
    expect(rows[2]).toHaveTextContent('OOMKilled, exit code 137');
    expect(within(drawer).queryByText('Why')).not.toBeInTheDocument();
  });

  describe('log and events', () => {
    const entityRef = 'component:default/api';

    async function openTab(
      api: ReturnType<typeof fakeWorkloadStatusApi>,
      tab: 'Log' | 'Events',
      options: { denied?: string[]; pod?: typeof crashing } = {},
    ) {
      const pod = options.pod ?? crashing;
      await renderWithApis(
        <PodDrawer
          pod={pod}
          open
          onClose={jest.fn()}
          entityRef={entityRef}
          cluster="prod"
        />,
        { api, denied: options.denied },
      );
      await userEvent.click(screen.getByRole('tab', { name: tab }));
      return screen.getByRole('tabpanel');
    }

    const podRef = {
      cluster: 'prod',
      namespace: 'shop',
      name: 'api-5f7c9d8b6-x2x9q',
    };

    it('shows the service log of the troubled container, last 500 lines', async () => {
      giveLogViewerRoom();
      const api = fakeWorkloadStatusApi(crashLoopStatus);
      api.getPodLog.mockResolvedValue(
        'starting api\nError: connect ECONNREFUSED 10.0.3.4:5432\n',
      );
      const panel = await openTab(api, 'Log');
      const log = await within(panel).findByTestId('pod-log');
      expect(
        await within(log).findByText(
          'Error: connect ECONNREFUSED 10.0.3.4:5432',
        ),
      ).toBeInTheDocument();
      expect(log).toHaveAccessibleName(
        'Log of pod api-5f7c9d8b6-x2x9q, app container',
      );
      expect(api.getPodLog).toHaveBeenCalledWith(entityRef, podRef, {
        container: 'app',
        previous: false,
        tailLines: 500,
        timestamps: false,
      });
    });

    it('reads the previous container and another tail size on request', async () => {
      giveLogViewerRoom();
      const api = fakeWorkloadStatusApi(crashLoopStatus);
      api.getPodLog.mockImplementation(async (_e, _p, options) =>
        options?.previous ? 'panic: out of memory\n' : 'current\n',
      );
      const panel = await openTab(api, 'Log');
      await within(panel).findByText('current');
      await userEvent.click(
        within(panel).getByRole('checkbox', { name: 'Previous container' }),
      );
      expect(
        await within(panel).findByText('panic: out of memory'),
      ).toBeInTheDocument();
      await userEvent.click(
        within(panel).getByRole('button', { name: 'Lines from the end' }),
      );
      await userEvent.click(
        await screen.findByRole('option', { name: 'last 1000' }),
      );
      await waitFor(() =>
        expect(api.getPodLog).toHaveBeenLastCalledWith(entityRef, podRef, {
          container: 'app',
          previous: true,
          tailLines: 1000,
          timestamps: false,
        }),
      );
      // Following reads the running container only.
      expect(
        within(panel).getByRole('checkbox', { name: 'Follow' }),
      ).toBeDisabled();
    });

    it('follows new lines as they arrive and stops the stream when turned off', async () => {
      giveLogViewerRoom();
      const api = fakeWorkloadStatusApi(crashLoopStatus);
      let follow: LogFollowHandlers | undefined;
      api.followPodLog.mockImplementation(
        (_e, _p, _o, handlers) =>
          new Promise<void>(resolve => {
            follow = handlers;
            handlers.signal.addEventListener('abort', () => resolve());
          }),
      );
      const panel = await openTab(api, 'Log');
      await userEvent.click(
        within(panel).getByRole('checkbox', { name: 'Follow' }),
      );
      await waitFor(() => expect(follow).toBeDefined());
      act(() => follow!.onLines(['line one', 'line two']));
      expect(await within(panel).findByText('line two')).toBeInTheDocument();
      act(() => follow!.onLines(['line three']));
      expect(await within(panel).findByText('line three')).toBeInTheDocument();
      expect(within(panel).getByText('line one')).toBeInTheDocument();
      expect(api.followPodLog).toHaveBeenCalledWith(
        entityRef,
        podRef,
        {
          container: 'app',
          previous: false,
          tailLines: 500,
          timestamps: false,
        },
        expect.anything(),
      );

      await userEvent.click(
        within(panel).getByRole('checkbox', { name: 'Follow' }),
      );
      expect(follow!.signal.aborted).toBe(true);
    });

    it('downloads the log through the API (the token goes with it)', async () => {
      const api = fakeWorkloadStatusApi(crashLoopStatus);
      api.downloadPodLog.mockResolvedValue(new Blob(['whole log']));
      const createObjectURL = jest.fn(() => 'blob:log');
      const revokeObjectURL = jest.fn();
      Object.assign(URL, { createObjectURL, revokeObjectURL });
      const click = jest
        .spyOn(HTMLAnchorElement.prototype, 'click')
        .mockImplementation(() => {});
      const panel = await openTab(api, 'Log');
      await userEvent.click(
        within(panel).getByRole('button', { name: 'Download log' }),
      );
      await waitFor(() => expect(click).toHaveBeenCalled());
      expect(api.downloadPodLog).toHaveBeenCalledWith(entityRef, podRef, {
        container: 'app',
        previous: false,
        timestamps: false,
      });
      const link = click.mock.instances[0] as unknown as HTMLAnchorElement;
      expect(link.download).toBe('api-5f7c9d8b6-x2x9q-app.log');
    });

    it('says plainly when the cluster cannot be reached', async () => {
      const api = fakeWorkloadStatusApi(crashLoopStatus);
      api.getPodLog.mockRejectedValue(
        await backendError(
          503,
          'ServiceUnavailableError',
          'Cluster prod cannot be reached',
        ),
      );
      const panel = await openTab(api, 'Log');
      expect(await within(panel).findByRole('alert')).toHaveTextContent(
        'Could not read the log of the app container: Unavailable: Cluster prod cannot be reached',
      );
    });

    it('shows a note instead of the log without the logs permission', async () => {
      const api = fakeWorkloadStatusApi(crashLoopStatus);
      const panel = await openTab(api, 'Log', {
        denied: ['workload-status.logs.read'],
      });
      expect(
        await within(panel).findByText(
          'You are not allowed to read logs of this entity.',
        ),
      ).toBeInTheDocument();
      expect(api.getPodLog).not.toHaveBeenCalled();
    });

    it("lists the pod's events, warnings first", async () => {
      const api = fakeWorkloadStatusApi(crashLoopStatus);
      api.getEvents.mockResolvedValue({
        items: apiEvents.items.filter(e => e.object.kind === 'Pod'),
      });
      const panel = await openTab(api, 'Events');
      const table = await within(panel).findByRole('table', {
        name: 'Events of pod api-5f7c9d8b6-x2x9q',
      });
      const rows = within(table).getAllByRole('row');
      expect(rows[1]).toHaveTextContent('Warning');
      expect(rows[1]).toHaveTextContent('BackOff');
      expect(rows[1]).toHaveTextContent('31');
      expect(rows[2]).toHaveTextContent('NormalPulled');
      expect(api.getEvents).toHaveBeenCalledWith(entityRef, {
        objectKind: 'Pod',
        objectName: 'api-5f7c9d8b6-x2x9q',
      });
    });
  });
});
