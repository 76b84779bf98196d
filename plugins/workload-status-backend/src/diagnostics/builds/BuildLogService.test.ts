import type { KubeObject } from '@workload-status/backstage-plugin-workload-status-common';
import { ObjectStore } from '../../cache/ObjectStore';
import { BuildLogService, chooseReads } from './BuildLogService';

const ENTITY = 'component:default/app';
const REF = {
  cluster: 'production',
  namespace: 'ci',
  kind: 'Job',
  name: 'build-7',
};

/** A build Job whose pod runs `steps` init containers (step 5 failed) and one running container. */
function buildObjects(steps: number) {
  const job: KubeObject = {
    kind: 'Job',
    metadata: {
      uid: 'job',
      namespace: 'ci',
      name: 'build-7',
      labels: { 'app.kubernetes.io/component': 'build' },
    },
  };
  const init = Array.from({ length: steps }, (_, i) => `step-${i + 1}`);
  const pod: KubeObject = {
    kind: 'Pod',
    metadata: {
      uid: 'pod',
      namespace: 'ci',
      name: 'build-7-pod',
      ownerReferences: [{ uid: 'job', kind: 'Job', name: 'build-7' } as any],
    },
    spec: {
      initContainers: init.map(name => ({ name })),
      containers: [{ name: 'publish' }],
    },
    status: {
      initContainerStatuses: init.map(name => ({
        name,
        state: { terminated: { exitCode: name === 'step-5' ? 1 : 0 } },
      })),
      containerStatuses: [{ name: 'publish', state: { running: {} } }],
    },
  };
  const store = new ObjectStore();
  store.upsert(job);
  store.upsert(pod);
  return { job, store };
}

function service(options: {
  steps: number;
  maxBuildStepReads?: number;
  readTimeoutMs?: number;
  /** fake milliseconds each read takes */
  readMs?: number;
}) {
  const { job, store } = buildObjects(options.steps);
  let clock = 0;
  const reads: Array<{ container: string; timeoutMs?: number }> = [];
  const svc = new BuildLogService(
    {
      find: async () => job,
      resolve: async () => [
        { cluster: 'production', store, uids: new Set(['job', 'pod']) },
      ],
      connection: () => {
        throw new Error('not called');
      },
    },
    {
      read: async (target, _opts, timeoutMs) => {
        reads.push({ container: target.container, timeoutMs });
        const left = timeoutMs ?? Infinity;
        const took = Math.min(options.readMs ?? 0, left);
        clock += took;
        const timedOut = took >= left;
        return {
          text: `log of ${target.container}\n`,
          lines: 1,
          truncated: timedOut,
          timedOut,
        };
      },
    },
    {
      maxBytes: 2 * 1024 * 1024,
      maxBuildStepReads: options.maxBuildStepReads ?? 30,
      readTimeoutMs: options.readTimeoutMs ?? 30_000,
    },
    () => clock,
  );
  return { svc, reads };
}

describe('BuildLogService bounds', () => {
  it('reads every step of a small build, and says nothing is missing', async () => {
    const { svc, reads } = service({ steps: 3 });
    const log = await svc.read(ENTITY, REF, 100);
    expect(reads.map(r => r.container)).toEqual([
      'step-1',
      'step-2',
      'step-3',
      'publish',
    ]);
    expect(log.incomplete).toBeUndefined();
    expect(log.steps.every(s => s.log.startsWith('log of'))).toBe(true);
  });

  it('reads at most maxBuildStepReads steps: the failed and running ones first, then the latest', async () => {
    const { svc, reads } = service({ steps: 99, maxBuildStepReads: 4 });
    const log = await svc.read(ENTITY, REF, 100);
    expect(reads.map(r => r.container)).toEqual([
      'step-5',
      'step-98',
      'step-99',
      'publish',
    ]);
    expect(log.steps).toHaveLength(100);
    expect(log.steps.filter(s => s.unread)).toHaveLength(96);
    expect(log.steps[0]).toMatchObject({ name: '1', log: '', unread: true });
    expect(log.steps[4]).toMatchObject({
      name: '5',
      exitCode: 1,
      log: 'log of step-5\n',
    });
    expect(log.incomplete).toBe(true);
    expect(log.incompleteReasons).toEqual([
      '96 of 100 step logs were not read: at most 4 are read per answer (workloadStatus.logs.maxBuildStepReads); failed and running steps first',
    ]);
  });

  it('stops reading at readTimeout, all reads together', async () => {
    const { svc, reads } = service({
      steps: 10,
      readTimeoutMs: 1000,
      readMs: 300,
    });
    const log = await svc.read(ENTITY, REF, 100);
    // 300 + 300 + 300 + the last 100 ms, cut
    expect(reads.map(r => r.timeoutMs)).toEqual([1000, 700, 400, 100]);
    expect(log.steps.filter(s => !s.unread)).toHaveLength(4);
    expect(log.incompleteReasons).toEqual([
      'the step logs were not all read within 1 s (workloadStatus.logs.readTimeout)',
    ]);
  });

  it('lists more than 100 steps in part', async () => {
    const { svc } = service({ steps: 150, maxBuildStepReads: 1 });
    const log = await svc.read(ENTITY, REF, 100);
    expect(log.steps).toHaveLength(100);
    expect(log.incompleteReasons?.[0]).toBe(
      'the build has 151 steps; the first 100 are listed',
    );
  });
});

describe('chooseReads', () => {
  it('prefers failed, then running, then later steps; never waiting ones', () => {
    const step = (state: any, exitCode?: number) => ({
      name: 's',
      pod: 'p',
      container: 'c',
      state,
      ...(exitCode !== undefined ? { exitCode } : {}),
    });
    const steps = [
      step('terminated', 0),
      step('terminated', 2),
      step('waiting'),
      step('running'),
      step('terminated', 0),
    ];
    expect([...chooseReads(steps, 3)].sort()).toEqual([1, 3, 4]);
    expect([...chooseReads(steps, 10)].sort()).toEqual([0, 1, 3, 4]);
  });
});
