import { testCluster } from '../testing/testCluster';

const pipelineRun = (failTask?: string) => ({
  apiVersion: 'tekton.dev/v1',
  kind: 'PipelineRun',
  metadata: {
    name: 'build-1',
    namespace: 'default',
    labels: { 'backstage.io/kubernetes-id': 'svc' },
    ...(failTask
      ? { annotations: { 'simulator.workload-status.dev/fail-task': failTask } }
      : {}),
  },
  spec: {
    pipelineRef: { name: 'build' },
    pipelineSpec: {
      tasks: [
        {
          name: 'fetch',
          taskSpec: { steps: [{ name: 'clone', image: 'git:1' }] },
        },
        {
          name: 'build',
          taskSpec: { steps: [{ name: 'build', image: 'buildah:1' }] },
        },
        {
          name: 'deploy',
          taskSpec: { steps: [{ name: 'apply', image: 'kubectl:1' }] },
        },
      ],
    },
  },
});
const succeeded = (o: any) => o.status?.conditions?.[0];

describe('tekton controller', () => {
  it('runs tasks in order as TaskRuns with pods, then succeeds', () => {
    const t = testCluster();
    t.apply(pipelineRun());
    t.advance(5000);
    expect(
      succeeded(t.cluster.get('PipelineRun', 'default', 'build-1')!),
    ).toMatchObject({ status: 'Unknown', reason: 'Running' });
    expect(
      t.cluster.list('TaskRun', 'default').map(r => r.metadata.name),
    ).toEqual(['build-1-fetch']);
    t.advance(60_000);
    const pr = t.cluster.get('PipelineRun', 'default', 'build-1')!;
    expect(succeeded(pr)).toMatchObject({
      status: 'True',
      reason: 'Succeeded',
      message: 'Tasks Completed: 3 (Failed: 0, Cancelled 0), Skipped: 0',
    });
    const runs = t.cluster.list('TaskRun', 'default');
    expect(runs).toHaveLength(3);
    expect(runs[0].metadata.labels).toMatchObject({
      'backstage.io/kubernetes-id': 'svc',
      'tekton.dev/pipelineRun': 'build-1',
      'tekton.dev/pipelineTask': 'build',
    });
    expect(runs[0].status).toMatchObject({
      podName: 'build-1-build-pod',
      steps: [
        { name: 'build', container: 'step-build', terminated: { exitCode: 0 } },
      ],
    });
    expect(
      t.cluster.get('Pod', 'default', 'build-1-build-pod')!.metadata.labels![
        'tekton.dev/taskRun'
      ],
    ).toBe('build-1-build');
  });

  it('fails at the failing task and skips the rest', () => {
    const t = testCluster();
    t.apply(pipelineRun('build'));
    t.advance(90_000);
    const pr = t.cluster.get('PipelineRun', 'default', 'build-1')!;
    expect(succeeded(pr)).toMatchObject({
      status: 'False',
      reason: 'Failed',
      message: 'Tasks Completed: 2 (Failed: 1, Cancelled 0), Skipped: 1',
    });
    expect(pr.status.skippedTasks.map((s: any) => s.name)).toEqual(['deploy']);
    expect(
      succeeded(t.cluster.get('TaskRun', 'default', 'build-1-build')!),
    ).toMatchObject({
      status: 'False',
      reason: 'Failed',
      message: '"step-build" exited with code 1',
    });
  });
});
