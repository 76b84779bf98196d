import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import {
  FIXTURE_NOW,
  crashLoopStatus,
} from '../../__fixtures__/entityStatuses';
import { PodDrawer } from './PodDrawer';

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
});
