import { testCluster } from '../testing/testCluster';
import { mostRecentScheduleTime, nextScheduleTime } from './cronjob';

const cronjob = (spec: any = {}, behaviour = 'complete') => ({
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: { name: 'cj', namespace: 'default' },
  spec: {
    schedule: '*/1 * * * *',
    ...spec,
    jobTemplate: {
      spec: {
        backoffLimit: 0,
        template: {
          metadata: {
            annotations: {
              'simulator.workload-status.dev/behaviour': behaviour,
            },
          },
          spec: {
            restartPolicy: 'Never',
            containers: [{ name: 'c', image: 'c:1' }],
          },
        },
      },
    },
  },
});

describe('cronjob controller', () => {
  it('creates a Job per schedule, named by the scheduled minute', () => {
    const t = testCluster();
    t.apply(cronjob());
    expect(t.cluster.list('Job', 'default')).toHaveLength(0);
    t.advance(61_000);
    const jobs = t.cluster.list('Job', 'default');
    expect(jobs).toHaveLength(1);
    const scheduled = Date.parse('2026-01-15T10:01:00Z');
    expect(jobs[0].metadata.name).toBe(`cj-${scheduled / 60000}`);
    expect(
      jobs[0].metadata.annotations![
        'batch.kubernetes.io/cronjob-scheduled-timestamp'
      ],
    ).toBe('2026-01-15T10:01:00Z');
    expect(jobs[0].metadata.ownerReferences![0]).toMatchObject({
      kind: 'CronJob',
      name: 'cj',
      controller: true,
    });
    const cj = t.cluster.get('CronJob', 'default', 'cj')!;
    expect(cj.status.lastScheduleTime).toBe('2026-01-15T10:01:00Z');
    expect(cj.status.active).toHaveLength(1);
    t.advance(10_000);
    expect(t.cluster.get('CronJob', 'default', 'cj')!.status).toMatchObject({
      lastSuccessfulTime: expect.any(String),
    });
    expect(
      t.cluster.get('CronJob', 'default', 'cj')!.status.active,
    ).toBeUndefined();
    expect(t.events('cj')).toEqual(
      expect.arrayContaining(['SuccessfulCreate', 'SawCompletedJob']),
    );
  });

  it('keeps history within the limits', () => {
    const t = testCluster();
    t.apply(cronjob({ successfulJobsHistoryLimit: 2 }));
    t.advance(5 * 60_000 + 10_000);
    expect(
      t.cluster
        .list('Job', 'default')
        .filter(j => !j.metadata.deletionTimestamp),
    ).toHaveLength(2);
  });

  it('does nothing while suspended', () => {
    const t = testCluster();
    t.apply(cronjob({ suspend: true }));
    t.advance(3 * 60_000);
    expect(t.cluster.list('Job', 'default')).toHaveLength(0);
  });

  it('skips a run while one is active under Forbid', () => {
    const t = testCluster();
    t.apply({ ...cronjob({ concurrencyPolicy: 'Forbid' }, 'slow-readiness') });
    t.advance(3 * 60_000 + 5000);
    expect(t.cluster.list('Job', 'default')).toHaveLength(1);
    expect(t.events('cj')).toContain('JobAlreadyActive');
  });

  it('computes schedules in a time zone', () => {
    const now = Date.parse('2026-01-15T10:00:30Z');
    expect(
      new Date(
        nextScheduleTime('0 12 * * *', 'Europe/Berlin', now),
      ).toISOString(),
    ).toBe('2026-01-15T11:00:00.000Z');
    expect(
      mostRecentScheduleTime('*/2 * * * *', 'UTC', now - 10 * 60_000, now),
    ).toBe(Date.parse('2026-01-15T10:00:00Z'));
    expect(
      mostRecentScheduleTime('0 0 1 1 *', 'UTC', now - 60_000, now),
    ).toBeUndefined();
  });
});
