import type { KubeObject } from '@workload-status/backstage-plugin-workload-status-common';
import { BuildStepPlan, parseBuildKind } from './BuildStepPlan';

const pod = (
  name: string,
  extra: {
    labels?: Record<string, string>;
    owner?: string;
    created?: string;
    init?: string[];
    containers: string[];
    statuses?: Record<string, object>;
  },
): KubeObject => ({
  kind: 'Pod',
  metadata: {
    name,
    namespace: 'shop',
    uid: `uid-${name}`,
    labels: extra.labels,
    creationTimestamp: extra.created ?? '2026-01-15T10:00:00Z',
    ownerReferences: extra.owner
      ? [{ apiVersion: 'v1', kind: 'X', name: 'x', uid: extra.owner }]
      : undefined,
  },
  spec: {
    initContainers: extra.init?.map(n => ({ name: n })),
    containers: extra.containers.map(n => ({ name: n })),
  },
  status: {
    containerStatuses: Object.entries(extra.statuses ?? {}).map(
      ([n, state]) => ({ name: n, state }),
    ),
  },
});

const taskRun = (
  name: string,
  start: string,
  podName?: string,
): KubeObject => ({
  kind: 'TaskRun',
  metadata: {
    name,
    namespace: 'shop',
    uid: `uid-${name}`,
    labels: { 'tekton.dev/pipelineRun': 'build-1' },
  },
  status: { startTime: start, podName },
});

describe('BuildStepPlan', () => {
  it('gives steps a state and an exit code, never a container message', () => {
    // a terminated step's message is its log tail (FallbackToLogsOnError):
    // a step carries no text of it; the log itself goes through redaction
    const job: KubeObject = {
      kind: 'Job',
      metadata: {
        name: 'build-2',
        namespace: 'shop',
        uid: 'uid-build-2',
        labels: { 'workload-status.backstage.io/build': 'true' },
      },
    };
    const [group] = new BuildStepPlan([
      job,
      pod('build-2-pod', {
        owner: 'uid-build-2',
        containers: ['compile'],
        statuses: {
          compile: {
            terminated: {
              exitCode: 1,
              reason: 'Error',
              message: 'login failed: password=hunter2',
            },
          },
        },
      }),
    ]).groups(job);
    expect(group.steps).toEqual([
      {
        name: 'compile',
        pod: 'build-2-pod',
        container: 'compile',
        state: 'terminated',
        exitCode: 1,
      },
    ]);
    expect(JSON.stringify(group.steps)).not.toContain('hunter2');
  });

  it('orders a PipelineRun by TaskRun start, then step containers in spec order', () => {
    const objects = [
      taskRun('build-1-image', '2026-01-15T10:01:00Z', 'build-1-image-pod'),
      taskRun('build-1-fetch', '2026-01-15T10:00:00Z', 'build-1-fetch-pod'),
      pod('build-1-image-pod', {
        init: ['prepare', 'place-scripts'],
        containers: ['step-build', 'step-push'],
        statuses: {
          'step-build': { terminated: { exitCode: 1 } },
          'step-push': { terminated: { exitCode: 0, reason: 'Skipped' } },
        },
      }),
      pod('build-1-fetch-pod', {
        containers: ['step-clone'],
        statuses: { 'step-clone': { terminated: { exitCode: 0 } } },
      }),
    ];
    const groups = new BuildStepPlan(objects).groups({
      kind: 'PipelineRun',
      metadata: { name: 'build-1', namespace: 'shop', uid: 'uid-build-1' },
      status: {},
    });
    expect(groups.flatMap(g => g.steps)).toEqual([
      {
        name: 'clone',
        taskRun: 'build-1-fetch',
        pod: 'build-1-fetch-pod',
        container: 'step-clone',
        state: 'terminated',
        exitCode: 0,
      },
      {
        name: 'build',
        taskRun: 'build-1-image',
        pod: 'build-1-image-pod',
        container: 'step-build',
        state: 'terminated',
        exitCode: 1,
      },
      {
        name: 'push',
        taskRun: 'build-1-image',
        pod: 'build-1-image-pod',
        container: 'step-push',
        state: 'terminated',
        exitCode: 0,
      },
    ]);
  });

  it('keeps a TaskRun whose pod is gone, for its steps to be fetched', () => {
    const tr = taskRun('build-1-fetch', '2026-01-15T10:00:00Z', 'gone-pod');
    const groups = new BuildStepPlan([tr]).groups(tr);
    expect(groups).toEqual([{ taskRun: tr, steps: [] }]);
  });

  it('reads a Shipwright BuildRun through its TaskRun, or its labelled pod', () => {
    const buildRun: KubeObject = {
      kind: 'BuildRun',
      metadata: { name: 'web-build-x', namespace: 'shop' },
      status: { taskRunName: 'web-build-x-tr' },
    };
    const tr = taskRun(
      'web-build-x-tr',
      '2026-01-15T10:00:00Z',
      'web-build-x-pod',
    );
    const trPod = pod('web-build-x-pod', {
      containers: ['step-source-default', 'step-build-and-push'],
      statuses: { 'step-source-default': { running: {} } },
    });
    expect(
      new BuildStepPlan([tr, trPod])
        .groups(buildRun)
        .flatMap(g => g.steps.map(s => [s.name, s.state, s.taskRun])),
    ).toEqual([
      ['source-default', 'running', undefined],
      ['build-and-push', 'unknown', undefined],
    ]);

    const labelled = pod('web-build-y-pod', {
      labels: { 'buildrun.shipwright.io/name': 'web-build-y' },
      containers: ['step-build'],
    });
    expect(
      new BuildStepPlan([labelled])
        .groups({
          kind: 'BuildRun',
          metadata: { name: 'web-build-y', namespace: 'shop' },
        })
        .flatMap(g => g.steps.map(s => s.container)),
    ).toEqual(['step-build']);
  });

  it("reads a build Job's newest pod, init containers first", () => {
    const job: KubeObject = {
      kind: 'Job',
      metadata: {
        name: 'web-image',
        namespace: 'shop',
        uid: 'job-uid',
        labels: { 'app.kubernetes.io/component': 'build' },
      },
    };
    const objects = [
      pod('web-image-old', {
        owner: 'job-uid',
        created: '2026-01-15T10:00:00Z',
        containers: ['kaniko'],
      }),
      pod('web-image-new', {
        owner: 'job-uid',
        created: '2026-01-15T10:05:00Z',
        init: ['fetch'],
        containers: ['kaniko'],
        statuses: { kaniko: { waiting: { reason: 'PodInitializing' } } },
      }),
    ];
    expect(
      new BuildStepPlan(objects)
        .groups(job)
        .flatMap(g => g.steps.map(s => [s.pod, s.name, s.state])),
    ).toEqual([
      ['web-image-new', 'fetch', 'unknown'],
      ['web-image-new', 'kaniko', 'waiting'],
    ]);
    expect(() =>
      new BuildStepPlan(objects).groups({
        ...job,
        metadata: { ...job.metadata, labels: {} },
      }),
    ).toThrow(/not a build Job/);
  });

  it('names the build kinds it accepts', () => {
    expect(parseBuildKind('pipelinerun')).toBe('PipelineRun');
    expect(parseBuildKind('Job')).toBe('Job');
    expect(() => parseBuildKind('Deployment')).toThrow(
      "Invalid build kind 'Deployment' (one of PipelineRun, TaskRun, BuildRun, Job)",
    );
  });
});
