import { render, screen, within } from '@testing-library/react';
import {
  FIXTURE_NOW,
  crashLoopStatus,
} from '../../__fixtures__/entityStatuses';
import { renderInTestApp } from '@backstage/test-utils';
import { clustersRouteRef } from '../../routes';
import { ReasonList } from './ReasonList';

describe('ReasonList', () => {
  beforeEach(() => {
    jest.spyOn(Date, 'now').mockReturnValue(FIXTURE_NOW);
  });
  afterEach(() => jest.restoreAllMocks());

  it('lists each reason with its code, message and hint', () => {
    render(<ReasonList reasons={crashLoopStatus.reasons} />);
    const items = screen.getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(within(items[0]).getByText('CrashLoopBackOff')).toBeInTheDocument();
    expect(items[0]).toHaveTextContent(
      /container app of pod shop\/api-5f7c9d8b6-x2x9q keeps crashing/i,
    );
    expect(items[0]).toHaveTextContent(/restarting it\. \(for 19m\)/);
    expect(items[0]).toHaveTextContent(
      /Read the service log of Pod shop\/api-5f7c9d8b6-x2x9q/,
    );
    expect(items[1]).toHaveTextContent(
      'Check the cluster connection and the node status.',
    );
  });

  it('links a cluster hint to the clusters page when the app mounts it', async () => {
    const note = {
      severity: 'info' as const,
      code: 'ClusterNotSynced',
      message:
        'Cluster edge has not been read yet: objects there are not known',
      object: { kind: 'Cluster', name: 'edge', cluster: 'edge' },
      hint: "Check the cluster's health on the clusters page.",
      hintTarget: 'cluster' as const,
    };
    await renderInTestApp(<ReasonList reasons={[note]} />, {
      mountedRoutes: { '/workload-status/clusters': clustersRouteRef },
    });
    expect(
      screen.getByRole('link', { name: 'Go to the clusters page' }),
    ).toHaveAttribute('href', '/workload-status/clusters');
  });

  it('says so when there is nothing to report', () => {
    render(<ReasonList reasons={[]} emptyText="All good." />);
    expect(screen.getByText('All good.')).toBeInTheDocument();
    expect(screen.queryByRole('list')).not.toBeInTheDocument();
  });
});
