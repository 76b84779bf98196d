import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/test-utils';
import {
  FIXTURE_NOW,
  crashLoopStatus,
  noWorkloadsStatus,
} from '../../__fixtures__/entityStatuses';
import { StatusHeader } from './StatusHeader';

describe('StatusHeader', () => {
  beforeEach(() => {
    jest.spyOn(Date, 'now').mockReturnValue(FIXTURE_NOW);
  });
  afterEach(() => jest.restoreAllMocks());

  it('shows lifecycle, health, freshness and the reasons with their hints', async () => {
    await renderInTestApp(
      <StatusHeader
        status={crashLoopStatus}
        live
        refreshIntervalMs={15000}
        onRetry={jest.fn()}
      />,
    );
    expect(screen.getByLabelText('NotReady (error)')).toBeInTheDocument();
    expect(screen.getByText('error')).toBeInTheDocument();
    expect(
      screen.getByText(/Updated 5s ago · Live updates on/),
    ).toBeInTheDocument();
    expect(screen.getAllByRole('listitem')[0]).toHaveTextContent(
      /CrashLoopBackOff: Container app of pod shop\/api-5f7c9d8b6-x2x9q keeps crashing/,
    );
    expect(
      screen.queryByRole('button', { name: 'Retry' }),
    ).not.toBeInTheDocument();
  });

  it('says when a refresh failed, offers a retry, and says when polling', async () => {
    const onRetry = jest.fn();
    await renderInTestApp(
      <StatusHeader
        status={noWorkloadsStatus}
        refreshError={new Error('Service Unavailable')}
        live={false}
        refreshIntervalMs={15000}
        onRetry={onRetry}
      />,
    );
    expect(screen.getByText(/Refreshes every 15 s/)).toBeInTheDocument();
    expect(
      screen.getByText(
        'No Kubernetes workloads match this entity on any configured cluster.',
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Could not refresh the status (Service Unavailable)',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(onRetry).toHaveBeenCalledTimes(1);
  });
});
