import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/test-utils';
import {
  FIXTURE_NOW,
  crashLoopStatus,
} from '../../__fixtures__/entityStatuses';
import { PodsTable } from './PodsTable';

const pods = crashLoopStatus.workloads[0].pods;

describe('PodsTable', () => {
  beforeEach(() => {
    jest.spyOn(Date, 'now').mockReturnValue(FIXTURE_NOW);
  });
  afterEach(() => jest.restoreAllMocks());

  it('lists pods as kubectl does: status text, ready, restarts, age, node', async () => {
    await renderInTestApp(<PodsTable pods={pods} label="Pods of api" />);
    const table = screen.getByRole('table', { name: 'Pods of api' });
    const rows = within(table).getAllByRole('row');
    expect(
      rows.map(r =>
        Array.from(r.querySelectorAll('th,td'), c => c.textContent),
      ),
    ).toEqual([
      ['Name', 'Status', 'Ready', 'Restarts', 'Age', 'Node'],
      [
        'api-5f7c9d8b6-x2x9q',
        'CrashLoopBackOff',
        '0/1',
        '7 (5m ago)',
        '20m',
        'node-b',
      ],
      [
        'api-7b8c6d5e4-k8s7pold revision',
        'Running',
        '2/2',
        '1',
        '18h',
        'node-a',
      ],
    ]);
    await userEvent.hover(screen.getByLabelText('CrashLoopBackOff (error)'));
    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      /Read the service log of Pod shop\/api-5f7c9d8b6-x2x9q/,
    );
  });

  it('opens a drawer per pod that survives a refresh and says when the pod is gone', async () => {
    const { rerender } = await renderInTestApp(
      <PodsTable pods={pods} label="Pods of api" />,
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'api-5f7c9d8b6-x2x9q' }),
    );
    const drawer = await screen.findByRole('dialog', {
      name: 'Pod api-5f7c9d8b6-x2x9q',
    });
    expect(
      within(drawer).getByRole('table', {
        name: 'Containers of api-5f7c9d8b6-x2x9q',
      }),
    ).toHaveTextContent(/waiting: CrashLoopBackOff/);

    // New data arrives: the drawer stays open and shows it.
    const refreshed = [{ ...pods[0], restarts: 8 }, pods[1]];
    rerender(<PodsTable pods={refreshed} label="Pods of api" />);
    expect(
      screen.getByRole('dialog', { name: 'Pod api-5f7c9d8b6-x2x9q' }),
    ).toBeInTheDocument();
    // The open drawer is modal: the table behind it is hidden from the a11y tree.
    expect(
      screen.getByRole('table', { name: 'Pods of api', hidden: true }),
    ).toHaveTextContent('8 (5m ago)');

    // The pod is replaced: the drawer keeps its last state and says so.
    rerender(<PodsTable pods={[pods[1]]} label="Pods of api" />);
    const stillOpen = screen.getByRole('dialog', {
      name: 'Pod api-5f7c9d8b6-x2x9q',
    });
    expect(stillOpen).toHaveTextContent(
      'This pod no longer exists; showing its last known state.',
    );

    await userEvent.click(
      within(stillOpen).getByRole('button', { name: 'Close' }),
    );
    expect(
      screen.queryByRole('dialog', { name: 'Pod api-5f7c9d8b6-x2x9q' }),
    ).not.toBeInTheDocument();
  });

  it('says when there are no pods', async () => {
    await renderInTestApp(<PodsTable pods={[]} label="Pods of web" />);
    expect(screen.getByText('No pods.')).toBeInTheDocument();
  });
});
