import { evaluateObject } from '../evaluate';
import { ctx, podWith, waiting } from '../__fixtures__/objects';
import { rollout, rolloutPod, rolloutReplicaSet } from '../__fixtures__/kinds';

const judge = (...args: Parameters<typeof rollout>) =>
  evaluateObject(rollout(...args), [], ctx);
const codes = (s: { reasons: { code: string }[] }) =>
  s.reasons.map(r => r.code);

describe('Rollout', () => {
  it('is Running when the controller says Healthy', () => {
    expect(judge('r')).toMatchObject({
      lifecycle: 'Running',
      health: 'ok',
      reasons: [],
    });
  });

  it('is paused (grey) at a canary step, naming the step', () => {
    const s = judge('r', {
      status: {
        phase: 'Paused',
        controllerPause: true,
        currentStepIndex: 1,
        pauseConditions: [{ reason: 'CanaryPauseStep' }],
      },
    });
    expect(s).toMatchObject({ lifecycle: 'Waiting', health: 'stopped' });
    expect(s.reasons[0]).toMatchObject({
      code: 'RolloutPaused',
      message:
        'Rollout shop/r is paused at canary step 2 of 4 (CanaryPauseStep).',
    });
    expect(
      judge('r', { spec: { paused: true }, status: { phase: null } }).reasons[0]
        .message,
    ).toContain('a person paused it');
  });

  it('names at most three short pause reasons', () => {
    const s = judge('r', {
      status: {
        phase: 'Paused',
        pauseConditions: [
          { reason: 'CanaryPauseStep' },
          { reason: `x${'y'.repeat(500)}` },
          ...Array.from({ length: 1000 }, () => ({
            reason: 'InconclusiveAnalysis',
          })),
        ],
      },
    });
    expect(s.reasons[0].message).toBe(
      'Rollout shop/r is paused at canary step 5 of 4 (CanaryPauseStep, InconclusiveAnalysis, InconclusiveAnalysis).'.replace(
        ' at canary step 5 of 4',
        '',
      ),
    );
  });

  it('is an error when aborted, naming a failed analysis', () => {
    expect(
      judge('r', { status: { phase: 'Degraded', abort: true } }),
    ).toMatchObject({
      lifecycle: 'NotReady',
      health: 'error',
      reasons: [{ code: 'RolloutAborted', hintTarget: 'events' }],
    });
    const analysis = judge('r', {
      status: {
        phase: 'Degraded',
        abort: true,
        message:
          'RolloutAborted: Metric "success-rate" assessed Failed due to failed (1) > failureLimit (0)',
      },
    });
    expect(codes(analysis)).toEqual(['RolloutAnalysisFailed']);
    expect(analysis.reasons[0].message).toContain('success-rate');
  });

  it('is an error for an invalid spec or a passed progress deadline', () => {
    expect(
      codes(
        judge('r', {
          status: {
            phase: null,
            conditions: [
              { type: 'InvalidSpec', status: 'True', message: 'bad' },
            ],
          },
        }),
      ),
    ).toEqual(['RolloutDegraded']);
    expect(
      codes(
        judge('r', {
          status: {
            phase: null,
            conditions: [
              {
                type: 'Progressing',
                status: 'False',
                reason: 'ProgressDeadlineExceeded',
              },
            ],
          },
        }),
      ),
    ).toEqual(['ProgressDeadlineExceeded']);
  });

  it('waits for the spec to be observed, a numeric observedGeneration only', () => {
    expect(codes(judge('r', { metadata: { generation: 3 } }))).toEqual([
      'SpecNotObserved',
    ]);
    // an older Rollout writes a pod-template hash there: observed
    expect(
      judge('r', {
        metadata: { generation: 3 },
        status: { observedGeneration: '7d5979db69' },
      }).health,
    ).toBe('ok');
  });

  it('without a phase, judges the counters, the canary steps and the blue-green cutover', () => {
    const noPhase = { phase: null };
    expect(
      codes(judge('r', { status: { ...noPhase, updatedReplicas: 1 } })),
    ).toEqual(['RolloutInProgress']);
    expect(codes(judge('r', { status: { ...noPhase, replicas: 4 } }))).toEqual([
      'OldReplicasTerminating',
    ]);
    expect(
      codes(judge('r', { status: { ...noPhase, availableReplicas: 1 } })),
    ).toEqual(['ReplicasUnavailable']);
    expect(
      codes(judge('r', { status: { ...noPhase, currentStepIndex: 2 } })),
    ).toEqual(['RolloutStepInProgress']);
    const blueGreen = {
      spec: { strategy: { canary: null, blueGreen: { activeService: 'a' } } },
    };
    expect(
      codes(
        judge('r', {
          ...blueGreen,
          status: { ...noPhase, blueGreen: { activeSelector: 'old1' } },
        }),
      ),
    ).toEqual(['RolloutCutoverPending']);
    expect(
      judge('r', {
        ...blueGreen,
        status: { ...noPhase, blueGreen: { activeSelector: 'new1' } },
      }).health,
    ).toBe('ok');
    expect(codes(judge('r', { spec: { replicas: 0 } }))).toEqual([
      'ScaledToZero',
    ]);
  });

  it("a crashing pod of the current hash is an error; the stable version's are not judged for the rollout", () => {
    const crashing = (hash: string, name: string) =>
      rolloutPod('r', hash, name, podWith(name, waiting('CrashLoopBackOff')));
    const related = [
      rolloutReplicaSet('r', 'new1'),
      rolloutReplicaSet('r', 'old0'),
    ];
    expect(
      evaluateObject(
        rollout('r'),
        [...related, crashing('new1', 'r-new1-a')],
        ctx,
      ),
    ).toMatchObject({ lifecycle: 'NotReady', health: 'error' });
    expect(
      evaluateObject(
        rollout('r'),
        [
          ...related,
          crashing('old0', 'r-old0-a'),
          rolloutPod('r', 'new1', 'r-new1-b'),
        ],
        ctx,
      ).health,
    ).toBe('ok');
  });
});
