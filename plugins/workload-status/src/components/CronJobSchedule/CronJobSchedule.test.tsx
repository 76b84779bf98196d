import { render, screen } from '@testing-library/react';
import {
  FIXTURE_NOW,
  failingCronStatus,
  runningCronStatus,
  suspendedCronStatus,
} from '../../__fixtures__/entityStatuses';
import { CronJobSchedule } from './CronJobSchedule';

function facts() {
  const list = screen.getByLabelText('Schedule');
  const terms = Array.from(list.querySelectorAll('dt'), dt => dt.textContent);
  const values = Array.from(list.querySelectorAll('dd'), dd => dd.textContent);
  return Object.fromEntries(terms.map((t, i) => [t, values[i]]));
}

describe('CronJobSchedule', () => {
  beforeEach(() => {
    jest.spyOn(Date, 'now').mockReturnValue(FIXTURE_NOW);
  });
  afterEach(() => jest.restoreAllMocks());

  it('puts the schedule in words with its time zone, next run, last schedule and last success', () => {
    render(
      <CronJobSchedule
        cronjob={failingCronStatus.workloads[0].components.cronjob!}
      />,
    );
    const f = facts();
    expect(f.Schedule).toBe('At 02:00 0 2 * * *');
    expect(f['Time zone']).toBe('Europe/Berlin');
    expect(f['Next run']).toMatch(/^in 22h /);
    expect(f['Last scheduled']).toMatch(/^2h ago /);
    expect(f['Last success']).toMatch(/^2d1h ago /);
  });

  it('reads macros and says when no time zone is set', () => {
    render(
      <CronJobSchedule
        cronjob={runningCronStatus.workloads[0].components.cronjob!}
      />,
    );
    const f = facts();
    expect(f.Schedule).toBe('Every hour @hourly');
    expect(f['Time zone']).toMatch(/^Not set/);
    expect(f['Next run']).toMatch(/^in 1h /);
  });

  it('says a stopped CronJob has no next run and when it never ran', () => {
    render(
      <CronJobSchedule
        cronjob={suspendedCronStatus.workloads[0].components.cronjob!}
      />,
    );
    const f = facts();
    expect(f.Schedule).toBe('Every 15 minutes */15 * * * *');
    expect(f['Next run']).toBe('None: the CronJob is stopped');
    expect(f['Last scheduled']).toBe('Never');
    expect(f['Last success']).toBe('Never');
  });
});
