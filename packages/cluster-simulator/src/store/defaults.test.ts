import { applyDefaults } from './defaults';

describe('apiserver defaults', () => {
  it('fills Deployment, CronJob and pod template defaults', () => {
    const d = applyDefaults({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        selector: { matchLabels: { a: 'b' } },
        template: { spec: { containers: [{ name: 'c', image: 'c:1' }] } },
      },
    });
    expect(d.spec).toMatchObject({
      replicas: 1,
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
      },
      template: {
        spec: {
          restartPolicy: 'Always',
          dnsPolicy: 'ClusterFirst',
          terminationGracePeriodSeconds: 30,
          containers: [
            {
              imagePullPolicy: 'IfNotPresent',
              terminationMessagePath: '/dev/termination-log',
            },
          ],
        },
      },
    });
    const cj = applyDefaults({
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'x' },
      spec: {
        schedule: '* * * * *',
        jobTemplate: {
          spec: {
            template: { spec: { containers: [{ name: 'c', image: 'c' }] } },
          },
        },
      },
    });
    expect(cj.spec).toMatchObject({
      suspend: false,
      concurrencyPolicy: 'Allow',
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
    });
    expect(
      cj.spec.jobTemplate.spec.template.spec.containers[0].imagePullPolicy,
    ).toBe('Always');
  });

  it('keeps what the manifest says', () => {
    const d = applyDefaults({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: { replicas: 0, strategy: { type: 'Recreate' } },
    });
    expect(d.spec).toMatchObject({
      replicas: 0,
      strategy: { type: 'Recreate' },
    });
    expect(d.spec.strategy.rollingUpdate).toBeUndefined();
  });

  it('makes a Namespace Active, with its name label and finalizer', () => {
    const ns = applyDefaults({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'shop', labels: { 'backstage.io/owner': 'team-shop' } },
    });
    expect(ns).toMatchObject({
      metadata: {
        labels: {
          'backstage.io/owner': 'team-shop',
          'kubernetes.io/metadata.name': 'shop',
        },
      },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
    const terminating = applyDefaults({
      ...ns,
      status: { phase: 'Terminating' },
    });
    expect(terminating.status.phase).toBe('Terminating');
  });
});
