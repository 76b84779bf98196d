import { fireEvent, screen, within } from '@testing-library/react';
import type { TimelineEntry } from '@workload-status/backstage-plugin-workload-status-common';
import { crashLoopStatus } from '../../__fixtures__/entityStatuses';
import { fakeWorkloadStatusApi } from '../../__fixtures__/fakeApis';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { TimelineStrip } from './TimelineStrip';

const w = crashLoopStatus.workloads[0];
const hoursAgo = (h: number) =>
  new Date(Date.now() - h * 3600_000).toISOString();

/** Healthy until 3 h ago, error since (newest first, as the route answers). */
const items: TimelineEntry[] = [
  {
    id: 'b',
    at: hoursAgo(3),
    subject: {
      scope: 'workload',
      cluster: w.cluster,
      kind: w.kind,
      namespace: w.namespace,
      name: w.name,
    },
    from: { lifecycle: 'Running', health: 'ok' },
    to: { lifecycle: w.lifecycle, health: 'error' },
    reasonCodes: ['CrashLoopBackOff'],
    message: 'Container app keeps crashing',
  },
  {
    id: 'a',
    at: hoursAgo(3),
    subject: { scope: 'entity' },
    from: { lifecycle: 'Running', health: 'ok' },
    to: { lifecycle: crashLoopStatus.lifecycle, health: 'error' },
    reasonCodes: ['CrashLoopBackOff'],
  },
];

describe('TimelineStrip', () => {
  it('draws each workload’s health in words and lists the changes with links to their events', async () => {
    const api = fakeWorkloadStatusApi(crashLoopStatus);
    api.getTimeline.mockResolvedValue({ items });
    const onShowEvents = jest.fn();
    await renderWithApis(
      <TimelineStrip status={crashLoopStatus} onShowEvents={onShowEvents} />,
      { api },
    );
    // asked for the last day
    const [ref, options] = api.getTimeline.mock.calls[0];
    expect(ref).toBe(crashLoopStatus.entityRef);
    expect(Date.now() - Date.parse(options!.since!)).toBeGreaterThanOrEqual(
      24 * 3600_000 - 60_000,
    );

    const bar = await screen.findByRole('list', {
      name: `Health of ${w.kind} ${w.name}, cluster prod, namespace shop`,
    });
    const segments = within(bar).getAllByRole('listitem');
    expect(segments.map(s => s.dataset.health)).toEqual(['ok', 'error']);
    // words, not colour alone: inside the wide spans and in every label
    expect(segments[0]).toHaveTextContent('healthy');
    expect(segments[1]).toHaveTextContent('error');
    expect(segments[1]).toHaveAccessibleName(/^error \(.+\) from .+ to .+/);
    expect(
      screen.getByRole('list', { name: 'Health of Overall' }),
    ).toBeInTheDocument();

    const changes = screen.getByRole('list', { name: 'Changes, newest first' });
    expect(within(changes).getAllByRole('listitem')).toHaveLength(2);
    expect(changes).toHaveTextContent(
      `${w.kind} ${w.name} healthy (Running) → error (${w.lifecycle}) · CrashLoopBackOff`,
    );
    expect(changes).toHaveTextContent('Container app keeps crashing');
    fireEvent.click(
      within(changes).getAllByRole('button', {
        name: /^Events at that time: /,
      })[0],
    );
    expect(onShowEvents).toHaveBeenCalledWith(items[0].at);
  });

  it('shows the current health alone when nothing changed in a day', async () => {
    const api = fakeWorkloadStatusApi(crashLoopStatus);
    await renderWithApis(<TimelineStrip status={crashLoopStatus} />, { api });
    expect(
      await screen.findByText('No change recorded in the last 24 hours.'),
    ).toBeInTheDocument();
    const bar = screen.getByRole('list', {
      name: `Health of ${w.kind} ${w.name}, cluster prod, namespace shop`,
    });
    expect(
      within(bar)
        .getAllByRole('listitem')
        .map(s => s.dataset.health),
    ).toEqual(['error']);
  });
});

describe('TimelineStrip of a young installation', () => {
  it('starts the bars when recording began, not a day ago', async () => {
    const api = fakeWorkloadStatusApi(crashLoopStatus);
    const began = hoursAgo(2);
    api.getTimeline.mockResolvedValue({
      items: [
        { ...items[0], at: hoursAgo(1) },
        {
          ...items[0],
          id: 'first',
          at: began,
          from: undefined,
          to: { lifecycle: 'Running', health: 'ok' },
        },
      ],
    });
    await renderWithApis(<TimelineStrip status={crashLoopStatus} />, { api });
    const bar = await screen.findByRole('list', {
      name: `Health of ${w.kind} ${w.name}, cluster prod, namespace shop`,
    });
    const segments = within(bar).getAllByRole('listitem');
    // no "not recorded" span before the first sighting: half ok, half error
    expect(segments.map(s => s.dataset.health)).toEqual(['ok', 'error']);
    expect(parseFloat(segments[0].style.width)).toBeCloseTo(50, 0);
    expect(
      screen.getByText(/2h ago, when recording began/),
    ).toBeInTheDocument();
  });
});
