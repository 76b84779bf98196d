import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import {
  FIXTURE_NOW,
  crashLoopStatus,
  failedBuildStatus,
  runningCronStatus,
} from '../../__fixtures__/entityStatuses';
import { WorkloadPanel } from './WorkloadPanel';

describe('WorkloadPanel', () => {
  beforeEach(() => {
    jest.spyOn(Date, 'now').mockReturnValue(FIXTURE_NOW);
  });
  afterEach(() => jest.restoreAllMocks());

  it('shows a Deployment with its components, replica counts, revision, image and pods', async () => {
    await renderInTestApp(
      <WorkloadPanel workload={crashLoopStatus.workloads[0]} />,
    );
    expect(screen.getByText('Deployment api')).toBeInTheDocument();
    expect(screen.getByLabelText('NotReady (error)')).toBeInTheDocument();
    const chips = screen.getByRole('list', {
      name: 'Status components of Deployment api',
    });
    expect(
      within(chips)
        .getAllByRole('listitem')
        .map(i => i.textContent),
    ).toEqual(['Deployment: NotReady', 'Pod: CrashLoopBackOff']);
    const facts = screen.getByLabelText('Facts of Deployment api');
    expect(facts).toHaveTextContent(
      'Replicas1/2 ready, 1 updated, 1 available',
    );
    expect(facts).toHaveTextContent('Revision12');
    expect(facts).toHaveTextContent('Imageregistry.example.com/shop/api:2.0.0');
    expect(
      screen.getByRole('table', { name: 'Pods of api' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('heading', { name: 'Builds' }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('heading', { name: 'Schedule' }),
    ).not.toBeInTheDocument();
  });

  it('shows the builds of a repository-built service', async () => {
    await renderInTestApp(
      <WorkloadPanel workload={failedBuildStatus.workloads[0]} />,
    );
    expect(screen.getByRole('heading', { name: 'Builds' })).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent(/nothing was deployed/);
  });

  it('shows a CronJob with its schedule, job history and the running pod', async () => {
    await renderInTestApp(
      <WorkloadPanel workload={runningCronStatus.workloads[0]} />,
    );
    expect(
      screen.getByRole('heading', { name: 'Schedule' }),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Schedule')).toHaveTextContent('Every hour');
    expect(
      screen.getByRole('table', { name: 'Job history of sync-catalog' }),
    ).toHaveTextContent('sync-catalog-29385840');
    expect(
      screen.getByRole('table', { name: 'Pods of sync-catalog' }),
    ).toHaveTextContent('sync-catalog-29385840-q7w2e');
    expect(
      screen.getByLabelText('Facts of CronJob sync-catalog'),
    ).toHaveTextContent('Imageregistry.example.com/batch/sync:0.9.1');
  });
});
