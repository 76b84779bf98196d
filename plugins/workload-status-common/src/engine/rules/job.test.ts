import { evaluateObject } from '../evaluate';
import {
  ago,
  ctx,
  job,
  jobConditions,
  jobPod,
  node,
  waiting,
} from '../__fixtures__/objects';
import type { KubeObject } from '../types';

const judge = (o: KubeObject, related: KubeObject[] = []) =>
  evaluateObject(o, related, ctx);

describe('Job lifecycle (status-model table)', () => {
  it('Waiting: created, no pod started yet (pods pending without error)', () => {
    const pending = jobPod('j-x', 'j', {
      status: {
        phase: 'Pending',
        conditions: [],
        containerStatuses: [waiting('ContainerCreating')],
      },
    });
    expect(judge(job('j'), [pending])).toMatchObject({
      lifecycle: 'Waiting',
      health: 'progressing',
      reasons: [],
    });
    expect(judge(job('j', { status: null })).lifecycle).toBe('Waiting');
  });
  it('Executing: a pod is active and the job has not finished', () => {
    expect(
      judge(job('j', { status: { active: 1, startTime: ago(30) } })),
    ).toMatchObject({ lifecycle: 'Executing', health: 'progressing' });
  });
  it('Waiting while its only active pod is still being created', () => {
    // the Job controller counts the pod as active from its creation on
    const creating = jobPod('j-x', 'j', {
      status: {
        phase: 'Pending',
        conditions: [],
        containerStatuses: [waiting('ContainerCreating')],
      },
    });
    expect(
      judge(job('j', { status: { active: 1, ready: 0 } }), [creating]),
    ).toMatchObject({ lifecycle: 'Waiting', health: 'progressing' });
    // without its pods, the Job's ready count says the same
    expect(
      judge(job('j', { status: { active: 1, ready: 0, startTime: ago(5) } }))
        .lifecycle,
    ).toBe('Waiting');
    // once a container runs, it executes
    const running = jobPod('j-x', 'j', {
      status: {
        phase: 'Running',
        conditions: [],
        containerStatuses: [
          {
            name: 'main',
            ready: true,
            restartCount: 0,
            state: { running: { startedAt: ago(3) } },
          },
        ],
      },
    });
    expect(
      judge(job('j', { status: { active: 1, ready: 1 } }), [running]).lifecycle,
    ).toBe('Executing');
  });
  it('a pod that cannot start is red at once, while the Job waits', () => {
    const bad = jobPod('j-x', 'j', {
      status: {
        phase: 'Pending',
        conditions: [],
        containerStatuses: [waiting('ImagePullBackOff')],
      },
    });
    expect(judge(job('j', { status: { active: 1 } }), [bad])).toMatchObject({
      lifecycle: 'Waiting',
      health: 'error',
      reasons: [{ code: 'ImagePullBackOff' }],
    });
  });
  it('Completed: Complete=True (also SuccessCriteriaMet=True)', () => {
    expect(judge(job('j', jobConditions(['Complete', 'True'])))).toMatchObject({
      lifecycle: 'Completed',
      health: 'ok',
    });
    expect(
      judge(job('j', jobConditions(['SuccessCriteriaMet', 'True']))),
    ).toMatchObject({ lifecycle: 'Completed', health: 'ok' });
  });
  it.each([
    ['BackoffLimitExceeded', 'Failed', 'BackoffLimitExceeded'],
    ['DeadlineExceeded', 'Failed', 'DeadlineExceeded'],
    ['PodFailurePolicy', 'Failed', 'JobFailed'],
    ['BackoffLimitExceeded', 'FailureTarget', 'BackoffLimitExceeded'],
  ])('Failed: %s (%s=True) → %s', (r, type, code) => {
    const s = judge(job('j', jobConditions([type, 'True', r])));
    expect(s).toMatchObject({
      lifecycle: 'Failed',
      health: 'error',
      reasons: [{ code, hintTarget: 'service-log' }],
    });
    expect(s.reasons[0].message).toContain('Job shop/j failed');
  });
  it('a condition with status False decides nothing (unlike gitops-engine)', () => {
    expect(
      judge(job('j', { ...jobConditions(['Failed', 'False']), spec: {} }))
        .lifecycle,
    ).toBe('Waiting');
  });
  it('Stopped: spec.suspend', () => {
    expect(
      judge(
        job('j', {
          spec: { suspend: true },
          ...jobConditions(['Suspended', 'True']),
        }),
      ),
    ).toMatchObject({
      lifecycle: 'Stopped',
      health: 'stopped',
      reasons: [{ code: 'JobSuspended' }],
    });
    expect(judge(job('j', { spec: { suspend: true } })).lifecycle).toBe(
      'Stopped',
    );
    // Requested, not yet acted on by the controller.
    expect(
      judge(
        job('j', {
          spec: { suspend: true },
          ...jobConditions(['Suspended', 'False']),
        }),
      ).lifecycle,
    ).toBe('Waiting');
  });
  it('Deleting: deletionTimestamp', () => {
    expect(
      judge(job('j', { metadata: { deletionTimestamp: ago(2) } })),
    ).toMatchObject({
      lifecycle: 'Deleting',
      reasons: [{ code: 'ObjectDeleting' }],
    });
  });
  it('Exception: its pod is on a lost node', () => {
    const lost = jobPod('j-x', 'j', { spec: { nodeName: 'n9' } });
    expect(
      judge(job('j', { status: { active: 1 } }), [lost, node('n9', 'Unknown')]),
    ).toMatchObject({ lifecycle: 'Exception', health: 'unknown' });
  });
});
