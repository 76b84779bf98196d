import { render, screen, within } from '@testing-library/react';
import {
  FIXTURE_NOW,
  crashLoopStatus,
} from '../../__fixtures__/entityStatuses';
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

  it('says so when there is nothing to report', () => {
    render(<ReasonList reasons={[]} emptyText="All good." />);
    expect(screen.getByText('All good.')).toBeInTheDocument();
    expect(screen.queryByRole('list')).not.toBeInTheDocument();
  });
});
