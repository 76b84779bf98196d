import { fireEvent, render, screen, within } from '@testing-library/react';
import { EntityEvent } from '@workload-status/backstage-plugin-workload-status-common';
import { EventsTable } from './EventsTable';

const event = (i: number, type: EntityEvent['type']): EntityEvent => ({
  cluster: 'production',
  type,
  reason: type === 'Warning' ? 'BackOff' : 'Pulled',
  message: `message ${i}`,
  object: { kind: 'Pod', namespace: 'shop', name: `web-${i}` },
  count: i + 1,
  lastSeen: '2026-11-22T07:00:00Z',
});

describe('EventsTable', () => {
  it('shows the first rows and the rest on request', () => {
    const events = [
      ...Array.from({ length: 5 }, (_, i) => event(i, 'Warning')),
      ...Array.from({ length: 25 }, (_, i) => event(i + 5, 'Normal')),
    ];
    render(<EventsTable events={events} label="Events" />);
    const table = screen.getByRole('table', { name: 'Events' });
    // header + 25 rows, warnings (given first) among them
    expect(within(table).getAllByRole('row')).toHaveLength(26);
    expect(within(table).getAllByText('BackOff')).toHaveLength(5);
    fireEvent.click(screen.getByRole('button', { name: 'Show all 30 events' }));
    expect(within(table).getAllByRole('row')).toHaveLength(31);
    expect(screen.queryByRole('button', { name: /Show all/ })).toBeNull();
  });

  it('says so when there are none', () => {
    render(<EventsTable events={[]} label="Events" emptyText="Quiet." />);
    expect(screen.getByText('Quiet.')).toBeInTheDocument();
  });
});

describe('EventsTable with expired events', () => {
  it('marks the events the cluster deleted, with their last sighting', () => {
    render(
      <EventsTable
        events={[{ ...event(1, 'Warning'), expired: true }, event(2, 'Normal')]}
        label="Events"
      />,
    );
    const rows = within(screen.getByRole('table')).getAllByRole('row');
    expect(rows[1]).toHaveTextContent(
      'expired: deleted by the cluster, kept as last seen',
    );
    expect(rows[2]).not.toHaveTextContent('expired');
  });
});
