import { evaluateObject } from './evaluate';
import { SUPPORTED_KINDS } from './registry';
import { ctx, deployment, pod } from './__fixtures__/objects';
import type { KubeObject } from './types';

describe('evaluateObject pipeline', () => {
  it('names the object in its result', () => {
    expect(evaluateObject(pod('web-1'), [], ctx)).toMatchObject({
      apiVersion: 'v1',
      kind: 'Pod',
      namespace: 'shop',
      name: 'web-1',
    });
  });

  it('malformed input is unknown with a reason, never an exception', () => {
    for (const bad of [
      null,
      undefined,
      42,
      'pod',
      [],
      {},
      { kind: 7 },
      { kind: 'Pod' },
      { kind: 'Pod', metadata: 'x' },
    ]) {
      const s = evaluateObject(bad as unknown as KubeObject, [], ctx);
      expect(s).toMatchObject({
        lifecycle: 'Unknown',
        health: 'unknown',
        reasons: [{ code: 'MalformedObject' }],
      });
    }
  });

  it('unknown kinds are handled gracefully', () => {
    expect(
      evaluateObject(
        {
          apiVersion: 'example.com/v1',
          kind: 'Widget',
          metadata: { name: 'k' },
        },
        [],
        ctx,
      ),
    ).toMatchObject({
      lifecycle: 'Unknown',
      health: 'unknown',
      reasons: [{ code: 'UnsupportedKind', severity: 'warning' }],
    });
    // Knative names its kind Service; a core Service is still not judged.
    expect(
      evaluateObject(
        { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' } },
        [],
        ctx,
      ).reasons[0].code,
    ).toBe('UnsupportedKind');
    expect(
      evaluateObject({ kind: 'Service', metadata: { name: 's' } }, [], ctx)
        .reasons[0].code,
    ).toBe('UnsupportedKind');
    expect(
      evaluateObject(
        {
          apiVersion: 'example.com/v1',
          kind: 'Deployment',
          metadata: { name: 'd' },
        },
        [],
        ctx,
      ).reasons[0].code,
    ).toBe('UnsupportedApiVersion');
  });

  it('objects without apiVersion are matched by kind (Backstage typed lists)', () => {
    const { apiVersion, ...rest } = deployment('web');
    expect(apiVersion).toBe('apps/v1');
    expect(evaluateObject(rest, [], ctx)).toMatchObject({
      kind: 'Deployment',
      lifecycle: 'Running',
    });
  });

  it('pre-apps/v1 groups are aliases', () => {
    expect(
      evaluateObject(
        { ...deployment('web'), apiVersion: 'extensions/v1beta1' },
        [],
        ctx,
      ).lifecycle,
    ).toBe('Running');
  });

  it('time comes from the context only: an invalid time is unknown, not the clock', () => {
    expect(
      evaluateObject(pod('p'), [], { now: new Date(Number.NaN) }).reasons[0]
        .code,
    ).toBe('EvaluationFailed');
    expect(
      evaluateObject(pod('p'), [], undefined as unknown as { now: Date })
        .health,
    ).toBe('unknown');
  });

  it('related may be anything array-like without breaking the judgement', () => {
    expect(
      evaluateObject(pod('p'), [null, 3, 'x'] as unknown as KubeObject[], ctx)
        .health,
    ).toBe('ok');
    expect(
      evaluateObject(pod('p'), undefined as unknown as KubeObject[], ctx)
        .health,
    ).toBe('ok');
  });

  it('SUPPORTED_KINDS lists "group/Kind" or the bare core Kind', () => {
    expect(SUPPORTED_KINDS).toEqual(
      expect.arrayContaining([
        'apps/Deployment',
        'apps/ReplicaSet',
        'apps/StatefulSet',
        'apps/DaemonSet',
        'Pod',
        'batch/Job',
        'batch/CronJob',
        'autoscaling/HorizontalPodAutoscaler',
        'tekton.dev/PipelineRun',
        'tekton.dev/TaskRun',
        'shipwright.io/BuildRun',
        'Node',
      ]),
    );
    expect(SUPPORTED_KINDS.some(k => k.startsWith('extensions/'))).toBe(false);
  });
});
