import { render, screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { clustersRouteRef } from '../../routes';
import {
  FIXTURE_NOW,
  crashLoopStatus,
  healthyStatus,
} from '../../__fixtures__/entityStatuses';
import { ClusterBanners } from './ClusterBanners';

describe('ClusterBanners', () => {
  beforeEach(() => {
    jest.spyOn(Date, 'now').mockReturnValue(FIXTURE_NOW);
  });
  afterEach(() => jest.restoreAllMocks());

  it('names an unreachable cluster, its error and the age of its data', () => {
    render(<ClusterBanners clusters={crashLoopStatus.clusters} />);
    const alerts = screen.getAllByRole('alert');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toHaveTextContent(
      'Cluster staging cannot be reached (connect ECONNREFUSED 10.0.0.12:6443). Showing its last known data, from 12m ago.',
    );
  });

  it('says when a reachable cluster is stale, or has never synced', () => {
    render(
      <ClusterBanners
        clusters={[
          {
            name: 'eu',
            reachable: true,
            stale: true,
            lastSyncAt: '2026-11-22T02:54:30Z',
          },
          { name: 'us', reachable: false, stale: true },
        ]}
      />,
    );
    const [eu, us] = screen.getAllByRole('alert');
    expect(eu).toHaveTextContent(
      'Cluster eu has stale data. Showing its last known data, from 5m30s ago.',
    );
    expect(us).toHaveTextContent(
      'Cluster us cannot be reached. No data has been received from it yet.',
    );
  });

  it('leaves out a down cluster that does not affect the entity (its note is a reason)', () => {
    render(
      <ClusterBanners
        clusters={[
          { name: 'edge', reachable: false, stale: true, affectsEntity: false },
          {
            name: 'staging',
            reachable: false,
            stale: true,
            affectsEntity: true,
          },
        ]}
      />,
    );
    const alerts = screen.getAllByRole('alert');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toHaveTextContent('Cluster staging cannot be reached.');
  });

  it('links to the clusters page when the app mounts it', async () => {
    await renderInTestApp(
      <ClusterBanners
        clusters={[{ name: 'edge', reachable: false, stale: true }]}
      />,
      { mountedRoutes: { '/workload-status/clusters': clustersRouteRef } },
    );
    expect(
      screen.getByRole('link', { name: 'See the clusters page' }),
    ).toHaveAttribute('href', '/workload-status/clusters');
  });

  it('shows nothing when every cluster is fine', () => {
    render(<ClusterBanners clusters={healthyStatus.clusters} />);
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});
