import { evaluateObject } from '../evaluate';
import {
  ago,
  cronJob,
  cronRun,
  ctx,
  jobConditions,
  jobPod,
  merge,
  node,
} from '../__fixtures__/objects';
import type { KubeObject } from '../types';
import { scheduleTimes } from './cronSchedule';

const judge = (o: KubeObject, related: KubeObject[] = [], now = ctx) =>
  evaluateObject(o, related, now);
const at = (iso: string) => ({ now: new Date(iso) });

describe('CronJob lifecycle (status-model table)', () => {
  it('Waiting: never scheduled yet (green: deployed and waiting for its first run)', () => {
    expect(
      judge(
        cronJob('c', {
          metadata: { creationTimestamp: ago(60) },
          status: { lastScheduleTime: null, lastSuccessfulTime: null },
        }),
      ),
    ).toMatchObject({ lifecycle: 'Waiting', health: 'ok' });
  });
  it('Started: scheduled at least once', () => {
    expect(judge(cronJob('c'))).toMatchObject({
      lifecycle: 'Started',
      health: 'ok',
      reasons: [],
    });
  });
  it('Stopped: spec.suspend', () => {
    expect(judge(cronJob('c', { spec: { suspend: true } }))).toMatchObject({
      lifecycle: 'Stopped',
      health: 'stopped',
      reasons: [{ code: 'CronJobSuspended' }],
    });
  });
  it('Deleting: deletionTimestamp', () => {
    expect(
      judge(cronJob('c', { metadata: { deletionTimestamp: ago(1) } }))
        .lifecycle,
    ).toBe('Deleting');
  });
});

describe('CronJob health from its runs', () => {
  it('the last finished run failed → error, pointing to the job history', () => {
    const failed = cronRun(
      'c-1',
      'c',
      3600,
      jobConditions(['Failed', 'True', 'BackoffLimitExceeded']),
    );
    const s = judge(cronJob('c'), [failed]);
    expect(s).toMatchObject({
      lifecycle: 'Started',
      health: 'error',
      reasons: [{ code: 'LastRunFailed', hintTarget: 'job-history' }],
    });
    expect(s.reasons[0].message).toContain('Job c-1');
  });
  it('an older failure followed by a success is fine', () => {
    const failed = cronRun('c-1', 'c', 7200, jobConditions(['Failed', 'True']));
    const ok = cronRun('c-2', 'c', 3600, jobConditions(['Complete', 'True']));
    expect(judge(cronJob('c'), [failed, ok]).health).toBe('ok');
  });
  it('a running job is shown as info; its pod errors make the CronJob red', () => {
    const runningJob = cronRun('c-3', 'c', 30, { status: { active: 1 } });
    expect(judge(cronJob('c'), [runningJob])).toMatchObject({
      health: 'ok',
      reasons: [{ code: 'JobRunning' }],
    });
  });
  it('from status alone (no jobs given): lastSuccessfulTime before lastScheduleTime → LastRunFailed', () => {
    expect(
      judge(
        cronJob('c', {
          status: { lastSuccessfulTime: '2026-03-01T10:00:30Z' },
        }),
      ),
    ).toMatchObject({ health: 'error', reasons: [{ code: 'LastRunFailed' }] });
  });
  it('from status alone: scheduled but never succeeded → warning NeverSucceeded', () => {
    expect(
      judge(cronJob('c', { status: { lastSuccessfulTime: null } })),
    ).toMatchObject({
      health: 'warning',
      reasons: [{ code: 'NeverSucceeded' }],
    });
  });
});

describe('missed schedules (cron expression, timeZone, startingDeadlineSeconds)', () => {
  const hourly = (over = {}) =>
    cronJob(
      'c',
      merge(
        {
          status: {
            lastScheduleTime: '2026-03-01T10:00:00Z',
            lastSuccessfulTime: '2026-03-01T10:00:40Z',
          },
        },
        over,
      ),
    );
  it('a run that should have started at 11:00 and did not → warning MissedSchedule', () => {
    const s = judge(hourly(), [], at('2026-03-01T11:10:00Z'));
    expect(s).toMatchObject({
      health: 'warning',
      reasons: [{ code: 'MissedSchedule', since: '2026-03-01T11:00:00.000Z' }],
    });
    expect(s.reasons[0].message).toContain('2026-03-01T11:00:00.000Z');
  });
  it('not yet missed within the slack', () => {
    expect(judge(hourly(), [], at('2026-03-01T11:01:00Z')).health).toBe('ok');
  });
  it('startingDeadlineSeconds shortens the slack', () => {
    expect(
      judge(
        hourly({ spec: { startingDeadlineSeconds: 30 } }),
        [],
        at('2026-03-01T11:01:00Z'),
      ),
    ).toMatchObject({ reasons: [{ code: 'MissedSchedule' }] });
  });
  it('timeZone moves the schedule: 0 12 * * * in Europe/Berlin is 11:00 UTC in winter', () => {
    const daily = (timeZone?: string) => {
      const last = timeZone ? '2026-02-28T11:00:00Z' : '2026-02-28T12:00:00Z';
      return cronJob('c', {
        spec: { schedule: '0 12 * * *', ...(timeZone ? { timeZone } : {}) },
        status: {
          lastScheduleTime: last,
          lastSuccessfulTime: last.replace(':00:00Z', ':01:00Z'),
        },
      });
    };
    // At 11:30 UTC the Berlin run (11:00 UTC) is missed; the UTC run (12:00) is not due yet.
    expect(
      judge(daily('Europe/Berlin'), [], at('2026-03-01T11:30:00Z')).reasons.map(
        r => r.code,
      ),
    ).toEqual(['MissedSchedule']);
    expect(judge(daily(), [], at('2026-03-01T11:30:00Z')).reasons).toEqual([]);
  });
  it('Forbid with a running job skips runs: not a miss', () => {
    const s = judge(
      hourly({
        spec: { concurrencyPolicy: 'Forbid' },
        status: { active: [{ name: 'c-1' }] },
      }),
      [],
      at('2026-03-01T11:10:00Z'),
    );
    expect(s.reasons.map(r => r.code)).toEqual(['JobRunning']);
  });
  it('a CronJob created after the last due time has missed nothing', () => {
    expect(
      judge(
        cronJob('c', {
          metadata: { creationTimestamp: '2026-03-01T11:05:00Z' },
          status: { lastScheduleTime: null, lastSuccessfulTime: null },
        }),
        [],
        at('2026-03-01T11:10:00Z'),
      ).reasons,
    ).toEqual([]);
  });
  it('invalid schedules and unknown time zones are warnings, never exceptions', () => {
    expect(
      judge(cronJob('c', { spec: { schedule: 'every day' } })).reasons.map(
        r => r.code,
      ),
    ).toEqual(['InvalidSchedule']);
    expect(
      judge(cronJob('c', { spec: { schedule: '0 0 * * * *' } })).reasons.map(
        r => r.code,
      ),
    ).toEqual(['InvalidSchedule']);
    expect(
      judge(cronJob('c', { spec: { schedule: null } })).reasons.map(
        r => r.code,
      ),
    ).toEqual(['InvalidSchedule']);
    expect(
      judge(cronJob('c', { spec: { timeZone: 'Mars/Olympus' } })).reasons.map(
        r => r.code,
      ),
    ).toEqual(['UnknownTimeZone']);
  });
  it('reads descriptors and CRON_TZ prefixes like the controller', () => {
    const now = Date.parse('2026-03-01T11:30:00Z');
    expect(scheduleTimes('@hourly', undefined, now)).toEqual({
      previous: Date.parse('2026-03-01T11:00:00Z'),
      next: Date.parse('2026-03-01T12:00:00Z'),
    });
    expect(
      scheduleTimes('CRON_TZ=Asia/Tokyo 0 21 * * *', undefined, now).previous,
    ).toBe(Date.parse('2026-03-01T12:00:00Z') - 86400000);
    expect(scheduleTimes('@every 5m', undefined, now)).toEqual({
      unanchored: true,
    });
  });
});

describe('CronJob Exception', () => {
  it('a running job whose pod sits on a node that stopped answering', () => {
    const active = cronRun('c-9', 'c', 60, { status: { active: 1 } });
    const lostPod = jobPod('c-9-p', 'c-9', { spec: { nodeName: 'n7' } });
    expect(
      judge(cronJob('c'), [active, lostPod, node('n7', 'Unknown')]),
    ).toMatchObject({
      lifecycle: 'Exception',
      health: 'unknown',
      reasons: [{ code: 'NodeNotReady' }],
    });
  });
});
