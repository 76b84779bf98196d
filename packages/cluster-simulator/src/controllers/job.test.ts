import { testCluster } from '../testing/testCluster';

const job = (name: string, behaviour: string, spec: any = {}) => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name, namespace: 'default' },
  spec: {
    ...spec,
    template: {
      metadata: {
        annotations: { 'simulator.workload-status.dev/behaviour': behaviour },
      },
      spec: {
        restartPolicy: 'Never',
        containers: [{ name: 'main', image: 'job:1' }],
      },
    },
  },
});
const cond = (j: any, type: string) =>
  j.status?.conditions?.find((c: any) => c.type === type);

describe('job controller', () => {
  it('defaults the Job like the apiserver and runs it to Complete', () => {
    const t = testCluster();
    t.apply(job('ok', 'complete'));
    const created = t.cluster.get('Job', 'default', 'ok')!;
    expect(created.spec).toMatchObject({
      backoffLimit: 6,
      completions: 1,
      parallelism: 1,
      selector: {
        matchLabels: {
          'batch.kubernetes.io/controller-uid': created.metadata.uid,
        },
      },
    });
    expect(
      created.spec.template.metadata.labels['batch.kubernetes.io/job-name'],
    ).toBe('ok');
    t.advance(10_000);
    const done = t.cluster.get('Job', 'default', 'ok')!;
    expect(cond(done, 'Complete')).toMatchObject({
      status: 'True',
      reason: 'CompletionsReached',
    });
    expect(cond(done, 'SuccessCriteriaMet')?.status).toBe('True');
    expect(done.status).toMatchObject({
      succeeded: 1,
      startTime: expect.any(String),
      completionTime: expect.any(String),
    });
    expect(t.events('ok').sort()).toEqual(['Completed', 'SuccessfulCreate']);
  });

  it('retries failed pods with back-off until the backoff limit, then fails', () => {
    const t = testCluster();
    t.apply(job('ko', 'fail', { backoffLimit: 2 }));
    t.advance(20_000);
    expect(t.cluster.list('Pod', 'default').length).toBe(2); // second pod after the 10 s back-off
    t.advance(60_000);
    const failed = t.cluster.get('Job', 'default', 'ko')!;
    expect(cond(failed, 'Failed')).toMatchObject({
      status: 'True',
      reason: 'BackoffLimitExceeded',
      message: 'Job has reached the specified backoff limit',
    });
    expect(cond(failed, 'FailureTarget')?.status).toBe('True');
    expect(failed.status.failed).toBe(3);
    expect(t.events('ko')).toContain('BackoffLimitExceeded');
  });

  it('suspends: no pods, Suspended condition; resumes', () => {
    const t = testCluster();
    t.apply(job('s', 'complete', { suspend: true }));
    t.advance(5000);
    expect(t.cluster.list('Pod', 'default')).toHaveLength(0);
    expect(
      cond(t.cluster.get('Job', 'default', 's')!, 'Suspended'),
    ).toMatchObject({ status: 'True', reason: 'JobSuspended' });
    t.cluster.patch('Job', 'default', 's', { spec: { suspend: false } });
    t.advance(10_000);
    expect(
      cond(t.cluster.get('Job', 'default', 's')!, 'Complete')?.status,
    ).toBe('True');
  });

  it('fails a job that runs past activeDeadlineSeconds', () => {
    const t = testCluster();
    t.apply(job('slow', 'complete', { activeDeadlineSeconds: 2 }));
    t.advance(5000);
    expect(
      cond(t.cluster.get('Job', 'default', 'slow')!, 'Failed'),
    ).toMatchObject({ reason: 'DeadlineExceeded' });
  });
});
