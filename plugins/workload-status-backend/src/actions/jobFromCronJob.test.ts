import type { V1CronJob } from '@kubernetes/client-node';
import {
  INSTANTIATE_ANNOTATION,
  jobFromCronJob,
  manualJobName,
} from './jobFromCronJob';

const cronJob: V1CronJob = {
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: {
    name: 'reports',
    namespace: 'data',
    uid: 'cj-uid-1',
    resourceVersion: '4711',
    generation: 3,
    creationTimestamp: new Date('2026-01-01T00:00:00Z'),
    labels: { app: 'reports', 'cronjob-only': 'yes' },
    annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' },
    managedFields: [{ manager: 'kubectl', operation: 'Apply' }],
    finalizers: ['example.com/keep'],
  },
  spec: {
    schedule: '*/5 * * * *',
    suspend: true,
    jobTemplate: {
      metadata: {
        labels: { 'backstage.io/kubernetes-id': 'reports' },
        annotations: { team: 'data', [INSTANTIATE_ANNOTATION]: 'template' },
      },
      spec: {
        backoffLimit: 1,
        template: {
          metadata: { labels: { 'backstage.io/kubernetes-id': 'reports' } },
          spec: {
            restartPolicy: 'OnFailure',
            containers: [{ name: 'report', image: 'reports:1.0.0' }],
          },
        },
      },
    },
  },
  status: {
    active: [{ name: 'reports-1', uid: 'job-1' }],
    lastScheduleTime: new Date('2026-01-02T00:00:00Z'),
  },
};

describe('jobFromCronJob', () => {
  it('builds the Job kubectl create job --from=cronjob builds', () => {
    const job = jobFromCronJob(cronJob, 'reports-manual-bcd');
    expect(job).toEqual({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: {
        name: 'reports-manual-bcd',
        namespace: 'data',
        // the template's annotations are copied over the marker, as kubectl does
        annotations: { [INSTANTIATE_ANNOTATION]: 'template', team: 'data' },
        labels: { 'backstage.io/kubernetes-id': 'reports' },
        ownerReferences: [
          {
            apiVersion: 'batch/v1',
            kind: 'CronJob',
            name: 'reports',
            uid: 'cj-uid-1',
            controller: true,
          },
        ],
      },
      spec: cronJob.spec!.jobTemplate.spec,
    });
  });

  it('marks the run manual when the template has no annotations', () => {
    const bare: V1CronJob = {
      ...cronJob,
      spec: {
        ...cronJob.spec!,
        jobTemplate: { spec: cronJob.spec!.jobTemplate.spec },
      },
    };
    const job = jobFromCronJob(bare, 'x');
    expect(job.metadata?.annotations).toEqual({
      [INSTANTIATE_ANNOTATION]: 'manual',
    });
    expect(job.metadata).not.toHaveProperty('labels');
  });

  it('copies nothing of the CronJob itself: no status, labels, metadata', () => {
    const job = jobFromCronJob(cronJob, 'reports-manual-bcd');
    expect(job).not.toHaveProperty('status');
    expect(Object.keys(job.metadata!).sort()).toEqual([
      'annotations',
      'labels',
      'name',
      'namespace',
      'ownerReferences',
    ]);
    const text = JSON.stringify(job);
    for (const leak of [
      'cronjob-only',
      'last-applied',
      'managedFields',
      'example.com/keep',
      '4711',
      'schedule',
      'lastScheduleTime',
    ]) {
      expect(text).not.toContain(leak);
    }
  });

  it('does not share the template with the CronJob', () => {
    const job = jobFromCronJob(cronJob, 'x');
    job.spec!.template.spec!.containers[0].image = 'changed';
    job.metadata!.labels!.extra = 'changed';
    expect(
      cronJob.spec!.jobTemplate.spec!.template.spec!.containers[0].image,
    ).toBe('reports:1.0.0');
    expect(cronJob.spec!.jobTemplate.metadata!.labels).not.toHaveProperty(
      'extra',
    );
  });

  it('refuses a CronJob without uid or template', () => {
    expect(() =>
      jobFromCronJob({ metadata: { name: 'a' }, spec: cronJob.spec }, 'x'),
    ).toThrow(/no uid/);
    expect(() =>
      jobFromCronJob({ metadata: { name: 'a', uid: 'u' } } as V1CronJob, 'x'),
    ).toThrow(/no job template/);
  });
});

describe('manualJobName', () => {
  it('is <cronjob>-manual-<3 characters of the apiserver alphabet>', () => {
    const name = manualJobName('reports');
    expect(name).toMatch(/^reports-manual-[bcdfghjklmnpqrstvwxz2456789]{3}$/);
    expect(manualJobName('reports', () => 0)).toBe('reports-manual-bbb');
  });

  it('differs between calls', () => {
    const names = new Set(Array.from({ length: 50 }, () => manualJobName('a')));
    expect(names.size).toBeGreaterThan(40);
  });

  it('stays within 63 characters and a valid DNS label', () => {
    const long = `a${'-b'.repeat(40)}`; // 81 characters
    const name = manualJobName(long);
    expect(name.length).toBeLessThanOrEqual(63);
    expect(name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    expect(name).not.toContain('--manual');
    // the longest name a CronJob may have (52) fits whole
    const max = 'c'.repeat(52);
    expect(manualJobName(max)).toMatch(new RegExp(`^${max}-manual-...$`));
    expect(manualJobName(max)).toHaveLength(63);
  });
});
