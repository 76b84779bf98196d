import { evaluateWorkloads } from './workloads';
import { projectObject } from './projection';
import {
  ago,
  cronJob,
  cronRun,
  ctx,
  deployment,
  hpa,
  job,
  jobConditions,
  jobPod,
  merge,
  node,
  pod,
  replicaSet,
  rsPod,
  run,
  terminated,
  waiting,
} from './__fixtures__/objects';
import type { KubeObject } from './types';

const byName = (objects: KubeObject[]) => evaluateWorkloads(objects, ctx);

describe('evaluateWorkloads: grouping and roll-up', () => {
  const web = [
    deployment('web'),
    replicaSet('web-old1', '1', 'web', { spec: { replicas: 0 } }),
    replicaSet('web-new2', '2', 'web'),
    rsPod('web-new2-a', 'web-new2'),
    rsPod('web-new2-b', 'web-new2'),
    rsPod('web-old1-z', 'web-old1', {
      metadata: { deletionTimestamp: ago(2) },
    }),
  ];

  it('one workload per top-level object, its owned objects rolled up', () => {
    const [w, ...rest] = byName(web);
    expect(rest).toEqual([]);
    expect(w).toMatchObject({
      kind: 'Deployment',
      name: 'web',
      namespace: 'shop',
      apiVersion: 'apps/v1',
      lifecycle: 'Running',
      health: 'ok',
      revision: '2',
    });
    expect(w.cluster).toBeUndefined();
    expect(w.replicas).toEqual({
      desired: 2,
      ready: 2,
      updated: 2,
      available: 2,
    });
    expect(w.images).toEqual({ app: 'shop/app:2' });
    expect(w.pods.map(p => [p.name, p.current, p.revision])).toEqual(
      expect.arrayContaining([
        ['web-new2-a', true, 'new2'],
        ['web-new2-b', true, 'new2'],
        ['web-old1-z', false, 'old1'],
      ]),
    );
    expect(w.pods.find(p => p.name === 'web-old1-z')).toMatchObject({
      lifecycle: 'Terminating',
      ready: '1/1',
    });
  });

  it('components: deployment and pods (the worst pod of the current revision)', () => {
    const crashing = rsPod('web-new2-b', 'web-new2', {
      status: {
        conditions: [{ type: 'Ready', status: 'False' }],
        containerStatuses: [
          waiting('CrashLoopBackOff', 'app', { restartCount: 7 }),
        ],
      },
    });
    const [w] = byName([
      ...web.filter(o => o.metadata?.name !== 'web-new2-b'),
      crashing,
    ]);
    expect(w.components.deployment).toMatchObject({
      lifecycle: 'NotReady',
      health: 'error',
    });
    expect(w.components.pods).toMatchObject({
      lifecycle: 'CrashLoopBackOff',
      health: 'error',
      total: 2,
      ready: 1,
    });
    expect(w.components.pods!.reasons[0]).toMatchObject({
      code: 'CrashLoopBackOff',
      hintTarget: 'service-log',
      object: { name: 'web-new2-b', container: 'app' },
    });
    expect(w.components.build).toBeUndefined();
    expect(w.components.cronjob).toBeUndefined();
    expect(w.health).toBe('error');
    expect(w.pods.find(p => p.name === 'web-new2-b')).toMatchObject({
      restarts: 7,
      containers: [
        { name: 'app', state: 'waiting', reason: 'CrashLoopBackOff' },
      ],
    });
  });

  it('HPA reasons join the workload they scale (at most warning)', () => {
    const [w, ...rest] = byName([
      ...web,
      hpa('web', 'web', { status: { currentReplicas: 5 } }),
    ]);
    expect(rest).toEqual([]);
    expect(w.health).toBe('warning');
    expect(w.reasons.map(r => r.code)).toContain('HpaAtMaxReplicas');
    const failing = byName([
      ...web,
      hpa('web', 'web', {
        status: {
          conditions: [
            {
              type: 'ScalingActive',
              status: 'False',
              reason: 'FailedGetResourceMetric',
            },
          ],
        },
      }),
    ]);
    expect(failing[0]).toMatchObject({ health: 'warning' });
  });

  it('an HPA whose target is absent stands alone', () => {
    const [w] = byName([hpa('lonely', 'nothing')]);
    expect(w).toMatchObject({
      kind: 'HorizontalPodAutoscaler',
      lifecycle: 'Running',
      components: {},
    });
  });

  it('events and nodes are context, not workloads; nodes feed NodeLost', () => {
    const lost = rsPod('web-new2-a', 'web-new2', { spec: { nodeName: 'n9' } });
    const objects = [
      ...web.filter(o => o.metadata?.name !== 'web-new2-a'),
      lost,
      node('n9', 'Unknown'),
      {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name: 'e1', namespace: 'shop' },
      },
    ];
    const ws = byName(objects);
    expect(ws).toHaveLength(1);
    expect(ws[0]).toMatchObject({ lifecycle: 'Exception', health: 'unknown' });
  });

  it('a bare Pod is its own workload with a pods component; unknown kinds are unknown', () => {
    const ws = byName([
      pod('solo'),
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'svc', namespace: 'shop' },
      },
    ]);
    expect(ws[0]).toMatchObject({
      kind: 'Pod',
      components: { pods: { total: 1, health: 'ok' } },
    });
    expect(ws[1]).toMatchObject({
      kind: 'Service',
      lifecycle: 'Unknown',
      health: 'unknown',
      reasons: [{ code: 'UnsupportedKind' }],
    });
  });
});

describe('CronJob components and visibility (first seed)', () => {
  const cron = cronJob('report', {
    spec: { timeZone: 'Europe/Berlin', successfulJobsHistoryLimit: 3 },
  });
  const done = cronRun(
    'report-1',
    'report',
    7200,
    merge(jobConditions(['Complete', 'True']), {
      status: { startTime: ago(7200), completionTime: ago(7140) },
    }),
  );
  const donePod = jobPod('report-1-p', 'report-1', {
    status: {
      phase: 'Succeeded',
      containerStatuses: [terminated(0, 'Completed', 'task')],
    },
  });

  it('CronJob green when scheduled; Job and Pod hidden when nothing runs and nothing failed', () => {
    const [w] = byName([cron, done, donePod]);
    expect(w.components.cronjob).toMatchObject({
      lifecycle: 'Started',
      health: 'ok',
      schedule: '0 * * * *',
      timeZone: 'Europe/Berlin',
      suspended: false,
      lastScheduleTime: '2026-03-01T11:00:00Z', // now is exactly 12:00, which is past: the next run is 13:00
      nextScheduleTime: '2026-03-01T13:00:00.000Z',
    });
    expect(w.components.job).toBeUndefined();
    expect(w.components.pod).toBeUndefined();
    expect(w.jobHistory).toEqual([
      expect.objectContaining({
        name: 'report-1',
        cronJob: 'report',
        lifecycle: 'Completed',
        health: 'ok',
        trigger: 'scheduled',
        startedAt: ago(7200),
        completedAt: ago(7140),
        durationSeconds: 60,
        pods: ['report-1-p'],
      }),
    ]);
  });

  it('Job and Pod shown while a job runs; the running job pod is green', () => {
    const active = cronRun('report-2', 'report', 60, { status: { active: 1 } });
    const activePod = jobPod('report-2-p', 'report-2');
    const [w] = byName([cron, done, donePod, active, activePod]);
    expect(w.components.job).toMatchObject({
      name: 'report-2',
      lifecycle: 'Executing',
      health: 'progressing',
    });
    expect(w.components.pod).toMatchObject({
      name: 'report-2-p',
      lifecycle: 'Running',
      health: 'ok',
    });
    expect(w.jobHistory.map(r => r.name)).toEqual(['report-2', 'report-1']);
  });

  it('Job shown when a failed job is in the history; Pod hidden (nothing runs); CronJob red', () => {
    const failed = cronRun(
      'report-2',
      'report',
      600,
      jobConditions(['Failed', 'True', 'BackoffLimitExceeded']),
    );
    const [w] = byName([cron, done, donePod, failed]);
    expect(w.components.job).toMatchObject({
      name: 'report-2',
      lifecycle: 'Failed',
      health: 'error',
    });
    expect(w.components.pod).toBeUndefined();
    expect(w.components.cronjob).toMatchObject({
      health: 'error',
      reasons: [{ code: 'LastRunFailed' }],
    });
    expect(w.health).toBe('error');
  });

  it("the CronJob pod is red when the running job's pod is in error", () => {
    const active = cronRun('report-2', 'report', 60, { status: { active: 1 } });
    const bad = jobPod('report-2-p', 'report-2', {
      status: {
        phase: 'Pending',
        conditions: [],
        containerStatuses: [waiting('ImagePullBackOff', 'task')],
      },
    });
    const [w] = byName([cron, active, bad]);
    expect(w.components.pod).toMatchObject({
      health: 'error',
      lifecycle: 'ImagePullBackOff',
    });
    expect(w.components.job).toMatchObject({ health: 'error' });
  });

  it('a manual run (kubectl create job --from) is marked manual', () => {
    const manual = cronRun('report-manual', 'report', 30, {
      metadata: {
        annotations: { 'cronjob.kubernetes.io/instantiate': 'manual' },
      },
      status: { active: 1 },
    });
    expect(byName([cron, manual])[0].jobHistory[0].trigger).toBe('manual');
  });

  it('a standalone Job follows the same visibility rules', () => {
    expect(
      byName([job('once', jobConditions(['Complete', 'True']))])[0].components,
    ).toEqual({});
    const failing = byName([job('once', jobConditions(['Failed', 'True']))])[0];
    expect(failing.components.job).toMatchObject({
      name: 'once',
      lifecycle: 'Failed',
    });
    expect(failing.jobHistory[0]).toMatchObject({
      name: 'once',
      trigger: 'manual',
    });
  });
});

describe('Build component (first seed: repositories)', () => {
  const web = [
    deployment('web'),
    replicaSet('web-new2', '2', 'web'),
    rsPod('web-new2-a', 'web-new2'),
  ];

  it('absent for services built elsewhere', () => {
    expect(byName(web)[0].components.build).toBeUndefined();
  });

  it("the latest run's status; builds are not workloads", () => {
    const older = run('PipelineRun', 'web-build-1', ['False', 'Failed'], {
      metadata: { creationTimestamp: ago(7200) },
      status: { startTime: ago(7200) },
    });
    const latest = run('PipelineRun', 'web-build-2', ['True', 'Succeeded'], {
      status: { startTime: ago(600), completionTime: ago(300) },
    });
    const taskRun = run(
      'TaskRun',
      'web-build-2-compile',
      ['True', 'Succeeded'],
      {
        metadata: {
          ownerReferences: [
            {
              kind: 'PipelineRun',
              name: 'web-build-2',
              uid: 'uid-PipelineRun-web-build-2',
              controller: true,
            },
          ],
        },
        status: { podName: 'web-build-2-compile-pod' },
      },
    );
    const ws = byName([...web, older, latest, taskRun]);
    expect(ws).toHaveLength(1);
    expect(ws[0].components.build).toMatchObject({
      lifecycle: 'Succeeded',
      health: 'ok',
      latest: {
        name: 'web-build-2',
        durationSeconds: 300,
        pods: ['web-build-2-compile-pod'],
      },
    });
    expect(ws[0].builds.map(b => b.name)).toEqual([
      'web-build-2',
      'web-build-1',
    ]);
  });

  it('a failed build: no deployment triggered, the running version named', () => {
    const failed = run('BuildRun', 'web-build-3', ['False', 'Failed'], {
      status: { sources: [{ git: { commitSha: 'abc123' } }] },
    });
    const [w] = byName([...web, failed]);
    const build = w.components.build!;
    expect(build).toMatchObject({
      lifecycle: 'Failed',
      health: 'error',
      latest: { revision: 'abc123' },
    });
    expect(build.reasons.map(r => r.code)).toEqual([
      'BuildFailed',
      'NoDeploymentTriggered',
    ]);
    expect(build.reasons[1].message).toBe(
      'Build web-build-3 failed, so no deployment was triggered; Deployment web keeps running the current version (revision 2, app=shop/app:2), unaffected.',
    );
    expect(build.reasons[1].hintTarget).toBe('build-log');
    expect(w.components.deployment).toMatchObject({
      lifecycle: 'Running',
      health: 'ok',
    });
    expect(w.health).toBe('error');
  });

  it('builds attach to the workload they name, else to every workload of the namespace', () => {
    const other = deployment('api');
    const named = run('TaskRun', 'api-build', ['True', 'Succeeded'], {
      metadata: { labels: { 'app.kubernetes.io/name': 'api' } },
    });
    const ws = byName([...web, other, named]);
    expect(ws.find(w => w.name === 'api')!.builds.map(b => b.name)).toEqual([
      'api-build',
    ]);
    expect(ws.find(w => w.name === 'web')!.builds).toEqual([]);
    const elsewhere = run('TaskRun', 'x', ['True', 'Succeeded'], {
      metadata: { namespace: 'other' },
    });
    expect(
      byName([...web, elsewhere]).find(w => w.name === 'web')!.builds,
    ).toEqual([]);
  });

  it('a build Job is a build, with its pods as the build log', () => {
    const buildJob = job('web-build-4', {
      metadata: { labels: { 'workload-status.backstage.io/build': 'true' } },
      ...jobConditions(['Complete', 'True']),
    });
    const buildPod = jobPod('web-build-4-p', 'web-build-4', {
      status: {
        phase: 'Succeeded',
        containerStatuses: [terminated(0, 'Completed')],
      },
    });
    const ws = byName([...web, buildJob, buildPod]);
    expect(ws).toHaveLength(1);
    expect(ws[0].components.build).toMatchObject({
      lifecycle: 'Succeeded',
      latest: { kind: 'Job', pods: ['web-build-4-p'] },
    });
  });
});

describe('robustness', () => {
  it('ignores non-objects and objects without kind', () => {
    expect(
      evaluateWorkloads([null, 1, 'x', {}, []] as unknown as KubeObject[], ctx),
    ).toEqual([]);
  });
  it('survives ownership cycles', () => {
    const a = pod('a', {
      metadata: {
        ownerReferences: [
          { kind: 'Pod', name: 'b', uid: 'uid-Pod-b', controller: true },
        ],
      },
    });
    const b = pod('b', {
      metadata: {
        ownerReferences: [
          { kind: 'Pod', name: 'a', uid: 'uid-Pod-a', controller: true },
        ],
      },
    });
    expect(() => evaluateWorkloads([a, b], ctx)).not.toThrow();
  });

  /*
   * An owner reference names an object of its own namespace: a pod in data
   * that copies the uid of a Job in shop is not that Job's pod (the garbage
   * collector would not count it either), it stays a workload of its own.
   */
  it("keeps a pod of another namespace out of a Job that its owner reference's uid names", () => {
    const mine = jobPod('report-1-a', 'report-1');
    const intruder = jobPod('intruder', 'report-1', {
      metadata: { namespace: 'data' },
    });
    const workloads = byName([
      job('report-1', { status: { active: 1 } }),
      mine,
      intruder,
    ]);
    const jobWorkload = workloads.find(w => w.kind === 'Job');
    expect(jobWorkload?.pods.map(p => p.name)).toEqual(['report-1-a']);
    expect(workloads.map(w => [w.kind, w.namespace, w.name]).sort()).toEqual([
      ['Job', 'shop', 'report-1'],
      ['Pod', 'data', 'intruder'],
    ]);
  });
});

describe('projections', () => {
  it('roll-ups over projections equal roll-ups over the full objects', () => {
    const objects = [
      deployment('web', { metadata: { managedFields: [{ manager: 'x' }] } }),
      replicaSet('web-old1', '1', 'web', { spec: { replicas: 0 } }),
      replicaSet('web-new2', '2', 'web'),
      rsPod('web-new2-a', 'web-new2', {
        spec: {
          containers: [
            {
              name: 'app',
              image: 'shop/app:2',
              env: [{ name: 'A', value: 'b' }],
            },
          ],
        },
      }),
      rsPod('web-new2-b', 'web-new2', {
        status: {
          conditions: [{ type: 'Ready', status: 'False' }],
          containerStatuses: [
            waiting('CrashLoopBackOff', 'app', {
              restartCount: 2,
              lastState: {
                terminated: {
                  exitCode: 1,
                  reason: 'Error',
                  finishedAt: ago(40),
                },
              },
            }),
          ],
        },
      }),
      hpa('web', 'web', { status: { currentReplicas: 5 } }),
      cronJob('report', { spec: { timeZone: 'Europe/Berlin' } }),
      cronRun(
        'report-1',
        'report',
        600,
        jobConditions(['Failed', 'True', 'BackoffLimitExceeded']),
      ),
      cronRun('report-2', 'report', 30, {
        status: { active: 1 },
        metadata: {
          annotations: { 'cronjob.kubernetes.io/instantiate': 'manual' },
        },
      }),
      jobPod('report-2-p', 'report-2'),
      run('PipelineRun', 'web-build-1', ['False', 'Failed'], {
        metadata: { annotations: { 'pipelinesascode.tekton.dev/sha': 'abc' } },
      }),
      node('node-1', 'True'),
    ];
    expect(
      evaluateWorkloads(
        objects.map(o => projectObject(o)),
        ctx,
      ),
    ).toEqual(evaluateWorkloads(objects, ctx));
  });
});
