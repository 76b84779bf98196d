import { evaluateObject } from '../evaluate';
import {
  ctx,
  job,
  jobConditions,
  jobPod,
  merge,
  run,
  waiting,
} from '../__fixtures__/objects';
import type { KubeObject } from '../types';

const judge = (o: KubeObject, related: KubeObject[] = []) =>
  evaluateObject(o, related, ctx);
const buildJob = (over = {}) =>
  job(
    'build-1',
    merge(
      {
        metadata: { labels: { 'workload-status.backstage.io/build': 'true' } },
      },
      over,
    ),
  );

describe('Build lifecycle (status-model table), per build kind', () => {
  describe.each(['PipelineRun', 'TaskRun', 'BuildRun'] as const)('%s', kind => {
    it('Pending: created, not started', () => {
      expect(judge(run(kind, 'b'))).toMatchObject({
        lifecycle: 'Pending',
        health: 'progressing',
        reasons: [{ code: 'BuildPending' }],
      });
    });
    it('Running: Succeeded=Unknown', () => {
      expect(judge(run(kind, 'b', ['Unknown', 'Running']))).toMatchObject({
        lifecycle: 'Running',
        health: 'progressing',
      });
    });
    it('Succeeded: Succeeded=True', () => {
      expect(judge(run(kind, 'b', ['True', 'Succeeded']))).toMatchObject({
        lifecycle: 'Succeeded',
        health: 'ok',
        reasons: [],
      });
    });
    it('Failed: Succeeded=False, pointing to the build log', () => {
      expect(judge(run(kind, 'b', ['False', 'Failed']))).toMatchObject({
        lifecycle: 'Failed',
        health: 'error',
        reasons: [{ code: 'BuildFailed', hintTarget: 'build-log' }],
      });
    });
  });

  it.each<[string, 'PipelineRun' | 'TaskRun' | 'BuildRun', string]>([
    ['PipelineRun', 'PipelineRun', 'PipelineRunTimeout'],
    ['TaskRun', 'TaskRun', 'TaskRunTimeout'],
    ['BuildRun', 'BuildRun', 'BuildRunTimeout'],
  ])('Failed: %s timed out', (_n, kind, r) => {
    expect(judge(run(kind, 'b', ['False', r]))).toMatchObject({
      lifecycle: 'Failed',
      reasons: [{ code: 'BuildTimedOut' }],
    });
  });

  it.each<['PipelineRun' | 'TaskRun' | 'BuildRun', string]>([
    ['PipelineRun', 'Cancelled'],
    ['PipelineRun', 'StoppedRunFinally'],
    ['PipelineRun', 'CancelledRunFinally'],
    ['TaskRun', 'TaskRunCancelled'],
    ['BuildRun', 'BuildRunCanceled'],
  ])('Cancelled: %s with reason %s', (kind, r) => {
    expect(judge(run(kind, 'b', ['False', r]))).toMatchObject({
      lifecycle: 'Cancelled',
      health: 'stopped',
      reasons: [{ code: 'BuildCancelled' }],
    });
  });

  it('a PipelineRun held by spec.status PipelineRunPending is Pending', () => {
    expect(
      judge(
        run('PipelineRun', 'b', undefined, {
          spec: { status: 'PipelineRunPending' },
        }),
      ).lifecycle,
    ).toBe('Pending');
  });
  it('a cancellation requested but not done is still Running', () => {
    const s = judge(
      run('PipelineRun', 'b', ['Unknown', 'Running'], {
        spec: { status: 'Cancelled' },
      }),
    );
    expect(s.lifecycle).toBe('Running');
  });

  describe('build Jobs (label workload-status.backstage.io/build or app.kubernetes.io/component=build)', () => {
    it('Pending, Running, Succeeded, Failed', () => {
      expect(judge(buildJob()).lifecycle).toBe('Pending');
      expect(judge(buildJob({ status: { active: 1 } })).lifecycle).toBe(
        'Running',
      );
      expect(
        judge(buildJob(jobConditions(['Complete', 'True']))),
      ).toMatchObject({ lifecycle: 'Succeeded', health: 'ok' });
      expect(
        judge(
          buildJob(jobConditions(['Failed', 'True', 'BackoffLimitExceeded'])),
        ),
      ).toMatchObject({
        lifecycle: 'Failed',
        health: 'error',
        reasons: [{ code: 'BuildFailed', hintTarget: 'build-log' }],
      });
      expect(
        judge(buildJob(jobConditions(['Failed', 'True', 'DeadlineExceeded']))),
      ).toMatchObject({
        lifecycle: 'Failed',
        reasons: [{ code: 'BuildTimedOut' }],
      });
      const byComponent = job('kaniko', {
        metadata: { labels: { 'app.kubernetes.io/component': 'build' } },
        ...jobConditions(['Complete', 'True']),
      });
      expect(judge(byComponent).lifecycle).toBe('Succeeded');
    });
    it('a build pod that cannot start makes the build red while it is still pending', () => {
      const bad = jobPod('build-1-x', 'build-1', {
        status: {
          phase: 'Pending',
          conditions: [],
          containerStatuses: [waiting('ErrImagePull')],
        },
      });
      expect(judge(buildJob({ status: { active: 1 } }), [bad])).toMatchObject({
        lifecycle: 'Pending',
        health: 'error',
        reasons: [{ code: 'ErrImagePull' }],
      });
    });
    it('a Job without a build label stays a Job', () => {
      expect(
        judge(job('plain', jobConditions(['Complete', 'True']))).lifecycle,
      ).toBe('Completed');
    });
  });
});
