import { screen, within } from '@testing-library/react';
import { ClusterHealth } from '@workload-status/backstage-plugin-workload-status-common';
import { fakeWorkloadStatusApi } from '../../__fixtures__/fakeApis';
import { FIXTURE_NOW } from '../../__fixtures__/entityStatuses';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { ClustersContent, ClustersPage } from './ClustersPage';
import { backendError } from '../../__fixtures__/backendErrors';

const iso = (secondsAgo: number) =>
  new Date(FIXTURE_NOW - secondsAgo * 1000).toISOString();

const production: ClusterHealth = {
  name: 'production',
  synced: true,
  reachable: true,
  stale: false,
  lastSyncAt: iso(5),
  objects: { Deployment: 4, Pod: 9 },
  resources: [
    {
      resource: 'deployments.apps',
      kind: 'Deployment',
      watch: 'watching',
      synced: true,
      reachable: true,
      lastSyncAt: iso(5),
      lists: 1,
      watches: 3,
      objects: 4,
    },
    {
      resource: 'pipelineruns.tekton.dev',
      kind: 'PipelineRun',
      watch: 'absent',
      synced: true,
      reachable: true,
      lists: 0,
      watches: 0,
      objects: 0,
    },
  ],
};

const edge: ClusterHealth = {
  name: 'edge',
  synced: false,
  reachable: false,
  stale: true,
  lastError: 'connect ECONNREFUSED 127.0.0.1:6653',
  objects: {},
  resources: [
    {
      resource: 'deployments.apps',
      kind: 'Deployment',
      watch: 'failing',
      synced: false,
      reachable: false,
      lastError: 'connect ECONNREFUSED 127.0.0.1:6653',
      lists: 0,
      watches: 0,
      objects: 0,
    },
  ],
};

const forbidden = () =>
  backendError(403, 'NotAllowedError', 'Not allowed to read cluster health');

describe('ClustersPage', () => {
  beforeEach(() => {
    jest.spyOn(Date, 'now').mockReturnValue(FIXTURE_NOW);
  });
  afterEach(() => jest.restoreAllMocks());

  it('shows each cluster up or down, when it last synced, and each resource type', async () => {
    const api = fakeWorkloadStatusApi();
    api.getClusters.mockResolvedValue([edge, production]);
    await renderWithApis(<ClustersPage />, { api });

    expect(
      await screen.findByText(/^1 of 2 clusters up\./),
    ).toBeInTheDocument();
    const edgeCard = screen.getByRole('region', { name: 'Cluster edge' });
    const prodCard = screen.getByRole('region', { name: 'Cluster production' });
    expect(within(edgeCard).getByText('Down')).toBeInTheDocument();
    expect(within(prodCard).getByText('Up')).toBeInTheDocument();
    expect(edgeCard).toHaveTextContent(
      'ReachablenoSyncedno (not every resource type has been listed yet)',
    );
    expect(edgeCard).toHaveTextContent('Last syncnever');
    expect(edgeCard).toHaveTextContent(
      'Last errorconnect ECONNREFUSED 127.0.0.1:6653',
    );
    expect(prodCard).toHaveTextContent('Last sync5s ago');

    const prodRows = within(
      screen.getByRole('table', {
        name: 'Resource types watched in production',
      }),
    ).getAllByRole('row');
    expect(prodRows.map(r => r.textContent)).toEqual([
      'Resource typeWatchListedObjectsLast newsError',
      'deployments.apps (Deployment)Watchingyes (1 lists, 3 watches)45s ago',
      'pipelineruns.tekton.dev (PipelineRun)Not installedyes (0 lists, 0 watches)0never',
    ]);
    const edgeRows = within(
      screen.getByRole('table', { name: 'Resource types watched in edge' }),
    ).getAllByRole('row');
    expect(edgeRows[1]).toHaveTextContent(
      "deployments.apps (Deployment)Failingno (0 lists, 0 watches)0neverthe cluster's last error",
    );
  });

  it('tells a user without kubernetes.clusters.read so, without an error panel', async () => {
    const api = fakeWorkloadStatusApi();
    api.getClusters.mockRejectedValue(await forbidden());
    await renderWithApis(<ClustersPage />, { api });

    expect(
      await screen.findByText('You may not read cluster health'),
    ).toBeInTheDocument();
    expect(screen.getByText(/kubernetes\.clusters\.read/)).toBeInTheDocument();
    expect(screen.queryByText(/^Error/)).not.toBeInTheDocument();
  });

  it('shows any other failure as an error', async () => {
    const api = fakeWorkloadStatusApi();
    api.getClusters.mockRejectedValue(new Error('Service Unavailable'));
    await renderWithApis(<ClustersPage />, { api });
    expect(
      await screen.findByText('Error: Service Unavailable', {
        selector: 'h6',
      }),
    ).toBeInTheDocument();
    expect(
      screen.queryByText('You may not read cluster health'),
    ).not.toBeInTheDocument();
  });

  it('polls: a cluster going down shows without a reload, a failed poll keeps the last answer', async () => {
    const api = fakeWorkloadStatusApi();
    const down = { ...production, reachable: false, stale: true };
    api.getClusters
      .mockResolvedValueOnce([edge, production])
      .mockResolvedValueOnce([edge, down])
      .mockRejectedValueOnce(new Error('Service Unavailable'))
      .mockResolvedValue([edge, production]);
    // polls 300 ms apart (600 ms after the failure): room to see each
    await renderWithApis(<ClustersContent refreshIntervalMs={300} />, { api });

    expect(
      await screen.findByText(/^1 of 2 clusters up\./),
    ).toBeInTheDocument();
    expect(
      await screen.findByText(/^0 of 2 clusters up\./),
    ).toBeInTheDocument();
    // the failure is said beside the last answer, not instead of it
    expect(
      await screen.findByText(/Refreshing failed \(Service Unavailable\)/),
    ).toBeInTheDocument();
    expect(screen.getByText(/^0 of 2 clusters up\./)).toBeInTheDocument();
    // and the next poll, after a backoff, clears it
    expect(
      await screen.findByText(/^1 of 2 clusters up\./, undefined, {
        timeout: 3000,
      }),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Refreshing failed/)).not.toBeInTheDocument();
  });

  it('does not poll again after a refusal', async () => {
    const api = fakeWorkloadStatusApi();
    api.getClusters.mockRejectedValue(await forbidden());
    await renderWithApis(<ClustersContent refreshIntervalMs={20} />, { api });
    expect(
      await screen.findByText('You may not read cluster health'),
    ).toBeInTheDocument();
    await new Promise(resolve => setTimeout(resolve, 200));
    expect(api.getClusters).toHaveBeenCalledTimes(1);
  });
});
