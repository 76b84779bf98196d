import { projectObject } from '@workload-status/backstage-plugin-workload-status-common';
import { redactProjectedTexts } from './redactProjection';
import { redactReasons } from './redactReasons';

describe('redactProjectedTexts', () => {
  it('redacts the messages and reasons of every kind, and kept annotations', () => {
    const hpa = {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: {
        name: 'web',
        namespace: 'shop',
        annotations: {
          'autoscaling.alpha.kubernetes.io/conditions':
            '[{"type":"ScalingActive","message":"metrics call with token=abc123 failed"}]',
        },
      },
      status: {
        currentReplicas: 2,
        conditions: [
          {
            type: 'AbleToScale',
            status: 'False',
            reason: 'FailedGetScale',
            message: 'GET https://u:hunter2@metrics/ failed',
          },
        ],
      },
    };
    const projected = redactProjectedTexts(projectObject(hpa), hpa);
    expect(JSON.stringify(projected)).not.toMatch(/abc123|hunter2/);
    expect(projected.status?.conditions?.[0]).toEqual({
      type: 'AbleToScale',
      status: 'False',
      reason: 'FailedGetScale',
      message: 'GET https://u:[REDACTED]@metrics/ failed',
    });
    expect(projected.status?.currentReplicas).toBe(2);
    // the watch's object is not touched
    expect(hpa.status.conditions[0].message).toContain('hunter2');
  });

  it('redacts credentials written into image references, in spec and status', () => {
    const image = 'https://deploy:ImagePassw0rd@registry.example/app:1';
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web-1', namespace: 'shop' },
      spec: { containers: [{ name: 'app', image }] },
      status: {
        phase: 'Pending',
        containerStatuses: [
          {
            name: 'app',
            image,
            ready: false,
            restartCount: 0,
            state: {
              waiting: {
                reason: 'InvalidImageName',
                message: `Failed to apply default image tag "${image}"`,
              },
            },
          },
        ],
      },
    };
    const projected = redactProjectedTexts(projectObject(pod), pod);
    expect(JSON.stringify(projected)).not.toContain('ImagePassw0rd');
    expect(JSON.stringify(projected)).toContain(
      'https://deploy:[REDACTED]@registry.example/app:1',
    );
    // an ordinary image stays as it is
    const plain = {
      ...pod,
      spec: {
        containers: [
          { name: 'app', image: 'registry.example/token-service:1.2' },
        ],
      },
    };
    expect(
      redactProjectedTexts(projectObject(plain), plain).spec?.containers?.[0]
        ?.image,
    ).toBe('registry.example/token-service:1.2');
  });

  it("redacts a custom kind's status texts at any depth, and nothing else", () => {
    const custom = {
      kind: 'Rollout',
      status: {
        phase: 'Degraded',
        message: 'analysis used api_key=k-123',
        steps: [
          { errorMessage: 'Authorization: Basic dXNlcjpwYXNz', weight: 5 },
        ],
        imageTag: 'password=is-not-text-here',
      },
    };
    const copy = JSON.parse(JSON.stringify(custom));
    redactProjectedTexts(copy, custom);
    expect(copy.status).toEqual({
      phase: 'Degraded',
      message: 'analysis used api_key=[REDACTED]',
      steps: [{ errorMessage: 'Authorization: Basic [REDACTED]', weight: 5 }],
      imageTag: 'password=is-not-text-here',
    });
  });
});

describe('redactReasons', () => {
  it('redacts message and hint, drops what is not a reason', () => {
    expect(
      redactReasons([
        { code: 'X', message: 'token=abc', hint: 'use password=hunter2' },
        null,
        'text',
        { code: 'Y', message: 42 },
      ]),
    ).toEqual([
      {
        code: 'X',
        message: 'token=[REDACTED]',
        hint: 'use password=[REDACTED]',
      },
      { code: 'Y', message: 42 },
    ]);
  });
});
