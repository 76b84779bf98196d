import { barePod, testCluster } from '../testing/testCluster';

function terminated(
  annotations: Record<string, string>,
  container: Record<string, unknown> = {},
) {
  const t = testCluster(1);
  t.apply(
    barePod(
      'p',
      { 'simulator.workload-status.dev/run-for': '5s', ...annotations },
      {
        restartPolicy: 'Never',
        containers: [{ name: 'app', image: 'app:1.0.0', ...container }],
      },
    ),
  );
  t.advance(15_000);
  const state = t.cluster.get('Pod', 'default', 'p')!.status
    .containerStatuses[0].state;
  expect(state.terminated).toBeDefined();
  return state.terminated;
}

const lines = (n: number) =>
  JSON.stringify(Array.from({ length: n }, (_, i) => `line ${i + 1}`));

describe('terminated.message', () => {
  it('is the log tail of a failed container under FallbackToLogsOnError: 80 lines at most', () => {
    const t = terminated(
      {
        'simulator.workload-status.dev/behaviour': 'fail',
        'simulator.workload-status.dev/log-lines': lines(100),
      },
      { terminationMessagePolicy: 'FallbackToLogsOnError' },
    );
    expect(t).toMatchObject({ exitCode: 1, reason: 'Error' });
    const kept = (t.message as string).split('\n');
    expect(kept[0]).toBe('line 21');
    expect(kept.at(-2)).toBe('line 100');
    expect(kept).toHaveLength(81);
  });

  it("falls back to the profile's log when the pod has no log lines", () => {
    const t = terminated(
      { 'simulator.workload-status.dev/behaviour': 'fail' },
      { terminationMessagePolicy: 'FallbackToLogsOnError' },
    );
    expect(t.message).toContain('msg="giving up"'); // the worker profile's last line
  });

  it('is absent when the container succeeded or the policy is File', () => {
    expect(
      terminated(
        {
          'simulator.workload-status.dev/behaviour': 'complete',
          'simulator.workload-status.dev/log-lines': lines(3),
        },
        { terminationMessagePolicy: 'FallbackToLogsOnError' },
      ).message,
    ).toBeUndefined();
    expect(
      terminated({
        'simulator.workload-status.dev/behaviour': 'fail',
        'simulator.workload-status.dev/log-lines': lines(3),
      }).message,
    ).toBeUndefined();
  });

  it('is what the container wrote to its termination-message file, at most 4 KiB, whatever the policy', () => {
    expect(
      terminated({
        'simulator.workload-status.dev/behaviour': 'complete',
        'simulator.workload-status.dev/termination-message':
          'done: token=abc123',
      }).message,
    ).toBe('done: token=abc123');
    expect(
      terminated(
        {
          'simulator.workload-status.dev/behaviour': 'fail',
          'simulator.workload-status.dev/termination-message': 'y'.repeat(
            10_000,
          ),
        },
        { terminationMessagePolicy: 'FallbackToLogsOnError' },
      ).message,
    ).toBe('y'.repeat(4096));
  });
});
