import { useState } from 'react';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  FIXTURE_NOW,
  crashLoopStatus,
} from '../../__fixtures__/entityStatuses';
import { fakeWorkloadStatusApi } from '../../__fixtures__/fakeApis';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { apiEvents } from '../../__fixtures__/diagnostics';
import { EventsPanel } from './EventsPanel';

const entityRef = 'component:default/api';

/** The panel as the Status tab holds it, with a button standing in for a new status. */
function WithRefresh() {
  const [key, setKey] = useState(1);
  return (
    <>
      <button onClick={() => setKey(k => k + 1)}>new status</button>
      <EventsPanel entityRef={entityRef} refreshKey={String(key)} />
    </>
  );
}

async function choose(name: string, option: string) {
  await userEvent.click(screen.getByRole('button', { name }));
  await userEvent.click(await screen.findByRole('option', { name: option }));
}

describe('EventsPanel', () => {
  beforeEach(() => {
    jest.spyOn(Date, 'now').mockReturnValue(FIXTURE_NOW);
  });
  afterEach(() => jest.restoreAllMocks());

  it('lists every event of the entity, warnings first, type as icon and word', async () => {
    const api = fakeWorkloadStatusApi(crashLoopStatus);
    api.getEvents.mockResolvedValue(apiEvents);
    await renderWithApis(<EventsPanel entityRef={entityRef} />, { api });
    const panel = screen.getByTestId('events-panel');
    const rows = within(
      await within(panel).findByRole('table', { name: 'Events' }),
    ).getAllByRole('row');
    expect(rows).toHaveLength(5);
    expect(rows[1]).toHaveTextContent(
      'WarningBackOffPod shop/api-5f7c9d8b6-x2x9qcluster prod',
    );
    expect(rows[1]).toHaveTextContent('from kubelet312m ago');
    expect(rows[2]).toHaveTextContent('WarningProgressDeadlineExceeded');
    expect(rows[3]).toHaveTextContent('NormalPulled');
    expect(api.getEvents).toHaveBeenCalledWith(entityRef);
  });

  it('filters by type and by object', async () => {
    const api = fakeWorkloadStatusApi(crashLoopStatus);
    api.getEvents.mockResolvedValue(apiEvents);
    await renderWithApis(<EventsPanel entityRef={entityRef} />, { api });
    await screen.findByRole('table', { name: 'Events' });

    await choose('Event type', 'Normal');
    let rows = within(screen.getByRole('table')).getAllByRole('row');
    expect(rows.slice(1).map(r => r.textContent)).toEqual([
      expect.stringContaining('Pulled'),
      expect.stringContaining('ScalingReplicaSet'),
    ]);

    await choose('Object', 'Deployment shop/api');
    rows = within(screen.getByRole('table')).getAllByRole('row');
    expect(rows).toHaveLength(2);
    expect(rows[1]).toHaveTextContent('ScalingReplicaSet');

    await choose('Event type', 'All types');
    rows = within(screen.getByRole('table')).getAllByRole('row');
    expect(rows.slice(1).map(r => r.textContent)).toEqual([
      expect.stringContaining('ProgressDeadlineExceeded'),
      expect.stringContaining('ScalingReplicaSet'),
    ]);
  });

  it('keeps its rows and filters when a new status refetches it', async () => {
    const api = fakeWorkloadStatusApi(crashLoopStatus);
    api.getEvents.mockResolvedValue(apiEvents);
    await renderWithApis(<WithRefresh />, { api });
    await screen.findByRole('table', { name: 'Events' });
    await choose('Event type', 'Warning');
    api.getEvents.mockResolvedValue({
      items: [
        { ...apiEvents.items[0], count: 32 },
        ...apiEvents.items.slice(1),
      ],
    });
    await userEvent.click(screen.getByRole('button', { name: 'new status' }));
    expect(await screen.findByRole('cell', { name: '32' })).toBeInTheDocument();
    expect(api.getEvents).toHaveBeenCalledTimes(2);
    expect(within(screen.getByRole('table')).getAllByRole('row')).toHaveLength(
      3,
    );
  });

  it('says when events are missing and when there are none', async () => {
    const api = fakeWorkloadStatusApi(crashLoopStatus);
    api.getEvents.mockResolvedValue({ items: [], incomplete: true });
    await renderWithApis(<EventsPanel entityRef={entityRef} />, { api });
    expect(
      await screen.findByText('No events for the objects of this entity.'),
    ).toBeInTheDocument();
    expect(screen.getByText(/Some events are missing/)).toBeInTheDocument();
  });

  it('says when the answer reached its size bound and when a message was cut', async () => {
    const api = fakeWorkloadStatusApi(crashLoopStatus);
    const base = apiEvents.items[0];
    api.getEvents.mockResolvedValue({
      items: [{ ...base, message: 'x'.repeat(100), messageTruncated: true }],
      incomplete: true,
      truncated: true,
    });
    await renderWithApis(<EventsPanel entityRef={entityRef} />, { api });
    expect(
      await screen.findByText(/answer reached its size bound/),
    ).toBeInTheDocument();
    expect(
      screen.getByText('(message cut at the size bound)'),
    ).toBeInTheDocument();
  });
});

describe('EventsPanel around a time (the timeline’s links)', () => {
  it('shows only the events seen near that time, until asked for all', async () => {
    const api = fakeWorkloadStatusApi(crashLoopStatus);
    const at = '2026-01-01T10:00:00.000Z';
    const near = {
      ...apiEvents.items[0],
      reason: 'NearTheChange',
      firstSeen: '2026-01-01T09:55:00.000Z',
      lastSeen: '2026-01-01T10:03:00.000Z',
    };
    const expiredNear = {
      ...apiEvents.items[0],
      reason: 'ExpiredNear',
      firstSeen: '2026-01-01T09:58:00.000Z',
      lastSeen: '2026-01-01T09:58:00.000Z',
      expired: true,
    };
    const far = {
      ...apiEvents.items[0],
      reason: 'LongAfter',
      firstSeen: '2026-01-01T12:00:00.000Z',
      lastSeen: '2026-01-01T12:00:00.000Z',
    };
    api.getEvents.mockResolvedValue({ items: [near, expiredNear, far] });
    const onShowAll = jest.fn();
    await renderWithApis(
      <EventsPanel entityRef={entityRef} around={at} onShowAll={onShowAll} />,
      { api },
    );
    const table = await screen.findByRole('table', { name: 'Events' });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(table).toHaveTextContent('NearTheChange');
    expect(rows[2]).toHaveTextContent('ExpiredNear');
    expect(rows[2]).toHaveTextContent('expired');
    expect(table).not.toHaveTextContent('LongAfter');
    await userEvent.click(
      screen.getByRole('button', { name: 'Show all events' }),
    );
    expect(onShowAll).toHaveBeenCalled();
  });
});
