/*
 * Every reason code, emitted by at least one object. The table is typed by
 * ReasonCode, so adding a code without a case here fails to compile.
 */
import { evaluateObject } from './evaluate';
import { evaluateWorkloads } from './workloads';
import { REASON_CODES, ReasonCode } from './reasons';
import {
  ago,
  container,
  cronJob,
  cronRun,
  ctx,
  deployment,
  hpa,
  job,
  jobConditions,
  merge,
  node,
  pod,
  podWith,
  replicaSet,
  run,
  running,
  statefulSet,
  terminated,
  waiting,
} from './__fixtures__/objects';
import {
  deploymentConfig,
  knativeChain,
  knativeService,
  rollout,
  virtualMachine,
  virtualMachineInstance,
} from './__fixtures__/kinds';
import type { KubeObject } from './types';
import type { Reason } from '../model/types';

type Case = () => Reason[];
const one =
  (o: KubeObject, related: KubeObject[] = [], now = ctx) =>
  () =>
    evaluateObject(o, related, now).reasons;
const pending = (over = {}) =>
  pod('p', {
    status: {
      phase: 'Pending',
      containerStatuses: [],
      conditions: [],
      ...over,
    },
  });

const CASES: Record<ReasonCode, Case> = {
  ObjectDeleting: one(
    deployment('d', { metadata: { deletionTimestamp: ago(1) } }),
  ),
  MalformedObject: one({ kind: 'Pod' }),
  UnsupportedKind: one({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'c' },
  }),
  UnsupportedApiVersion: one({
    apiVersion: 'example.com/v1',
    kind: 'Deployment',
    metadata: { name: 'd' },
  }),
  EvaluationFailed: () =>
    evaluateObject(pod('p'), [], { now: new Date('not a time') }).reasons,
  SpecNotObserved: one(deployment('d', { metadata: { generation: 9 } })),
  RolloutInProgress: one(deployment('d', { status: { updatedReplicas: 1 } })),
  OldReplicasTerminating: one(deployment('d', { status: { replicas: 3 } })),
  ReplicasUnavailable: one(
    deployment('d', { status: { availableReplicas: 1, conditions: [] } }),
  ),
  MinimumReplicasUnavailable: one(
    deployment('d', { status: { availableReplicas: 1 } }),
  ),
  ProgressDeadlineExceeded: one(
    deployment('d', {
      status: {
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
  ReplicaFailure: one(
    replicaSet('r-1', '1', 'd', {
      status: { conditions: [{ type: 'ReplicaFailure', status: 'True' }] },
    }),
  ),
  DeploymentPaused: one(deployment('d', { spec: { paused: true } })),
  ScaledToZero: one(deployment('d', { spec: { replicas: 0 } })),
  PodsNotReady: one(statefulSet('s', { status: { readyReplicas: 1 } })),
  PartitionedRollout: one(
    statefulSet('s', {
      spec: { updateStrategy: { rollingUpdate: { partition: 1 } } },
      status: { updatedReplicas: 0 },
    }),
  ),
  PodNotObserved: one(pod('p', { status: null })),
  PodPending: one(pending()),
  PodInitializing: one(
    pod('p', {
      spec: { initContainers: [{ name: 'i' }] },
      status: {
        phase: 'Pending',
        conditions: [],
        initContainerStatuses: [container('i', { running: {} })],
        containerStatuses: [],
      },
    }),
  ),
  ContainerCreating: one(
    podWith('p', waiting('ContainerCreating'), {
      status: { phase: 'Pending' },
    }),
  ),
  SchedulingGated: one(
    pending({
      conditions: [
        { type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' },
      ],
    }),
  ),
  Unschedulable: one(
    pending({
      conditions: [
        { type: 'PodScheduled', status: 'False', reason: 'Unschedulable' },
      ],
    }),
  ),
  CrashLoopBackOff: one(podWith('p', waiting('CrashLoopBackOff'))),
  ImagePullBackOff: one(podWith('p', waiting('ImagePullBackOff'))),
  ErrImagePull: one(podWith('p', waiting('ErrImagePull'))),
  InvalidImageName: one(podWith('p', waiting('InvalidImageName'))),
  CreateContainerConfigError: one(
    podWith('p', waiting('CreateContainerConfigError')),
  ),
  CreateContainerError: one(podWith('p', waiting('CreateContainerError'))),
  RunContainerError: one(podWith('p', waiting('RunContainerError'))),
  ContainerWaitingError: one(podWith('p', waiting('PostStartHookError'))),
  OOMKilled: one(podWith('p', terminated(137, 'OOMKilled'))),
  ContainerTerminatedError: one(podWith('p', terminated(2))),
  ContainerRestarted: one(
    pod('p', {
      status: {
        containerStatuses: [
          running(true, 'app', {
            restartCount: 1,
            lastState: { terminated: { exitCode: 1, finishedAt: ago(60) } },
          }),
        ],
      },
    }),
  ),
  MemoryNearLimit: () =>
    evaluateWorkloads(
      [
        pod('p', {
          spec: {
            containers: [
              {
                name: 'app',
                image: 'shop/app:1',
                resources: { limits: { memory: '100Mi' } },
              },
            ],
          },
        }),
      ],
      {
        ...ctx,
        usage: () =>
          new Map([['app', { cpuMillicores: 5, memoryBytes: 95 * 2 ** 20 }]]),
      },
    )[0].reasons,
  InitContainerFailed: one(
    pod('p', {
      spec: { initContainers: [{ name: 'i' }] },
      status: {
        phase: 'Pending',
        conditions: [],
        initContainerStatuses: [terminated(1, 'Error', 'i')],
      },
    }),
  ),
  ReadinessProbeFailing: one(
    podWith('p', running(false), {
      spec: { containers: [{ name: 'app', readinessProbe: {} }] },
    }),
  ),
  PodFailed: one(
    pod('p', { status: { phase: 'Failed', containerStatuses: [] } }),
  ),
  PodEvicted: one(
    pod('p', {
      status: { phase: 'Failed', reason: 'Evicted', containerStatuses: [] },
    }),
  ),
  NodeLost: one(pod('p', { status: { phase: 'Unknown' } })),
  NodeNotReady: one(pod('p'), [node('node-1', 'Unknown')]),
  PodTerminating: one(pod('p', { metadata: { deletionTimestamp: ago(1) } })),
  JobFailed: one(
    job('j', jobConditions(['Failed', 'True', 'PodFailurePolicy'])),
  ),
  BackoffLimitExceeded: one(
    job('j', jobConditions(['Failed', 'True', 'BackoffLimitExceeded'])),
  ),
  DeadlineExceeded: one(
    job('j', jobConditions(['Failed', 'True', 'DeadlineExceeded'])),
  ),
  JobSuspended: one(job('j', { spec: { suspend: true } })),
  CronJobSuspended: one(cronJob('c', { spec: { suspend: true } })),
  LastRunFailed: one(cronJob('c'), [
    cronRun('c-1', 'c', 600, jobConditions(['Failed', 'True'])),
  ]),
  NeverSucceeded: one(cronJob('c', { status: { lastSuccessfulTime: null } })),
  MissedSchedule: one(
    cronJob('c', {
      status: {
        lastScheduleTime: '2026-03-01T09:00:00Z',
        lastSuccessfulTime: '2026-03-01T09:01:00Z',
      },
    }),
  ),
  InvalidSchedule: one(cronJob('c', { spec: { schedule: 'bogus' } })),
  UnknownTimeZone: one(cronJob('c', { spec: { timeZone: 'Nowhere/Land' } })),
  JobRunning: one(cronJob('c', { status: { active: [{ name: 'c-1' }] } })),
  BuildPending: one(run('TaskRun', 'b')),
  BuildFailed: one(run('TaskRun', 'b', ['False', 'Failed'])),
  BuildTimedOut: one(run('TaskRun', 'b', ['False', 'TaskRunTimeout'])),
  BuildCancelled: one(run('TaskRun', 'b', ['False', 'TaskRunCancelled'])),
  NoDeploymentTriggered: () =>
    evaluateWorkloads(
      [deployment('d'), run('TaskRun', 'b', ['False', 'Failed'])],
      ctx,
    )[0].components.build!.reasons,
  HpaAtMaxReplicas: one(hpa('h', 'd', { status: { currentReplicas: 5 } })),
  HpaMetricsFailing: one(
    hpa('h', 'd', {
      status: {
        conditions: [
          {
            type: 'ScalingActive',
            status: 'False',
            reason: 'FailedGetPodsMetric',
          },
        ],
      },
    }),
  ),
  HpaScalingFailed: one(
    hpa('h', 'd', {
      status: {
        conditions: [
          { type: 'AbleToScale', status: 'False', reason: 'FailedGetScale' },
        ],
      },
    }),
  ),
  HpaWaiting: one(hpa('h', 'd', { status: { conditions: [] } })),
  RolloutPaused: one(
    rollout('r', {
      status: {
        phase: 'Paused',
        currentStepIndex: 1,
        pauseConditions: [{ reason: 'CanaryPauseStep' }],
      },
    }),
  ),
  RolloutAborted: one(
    rollout('r', { status: { phase: 'Degraded', abort: true } }),
  ),
  RolloutAnalysisFailed: one(
    rollout('r', {
      status: {
        phase: 'Degraded',
        abort: true,
        message:
          'RolloutAborted: Metric "success-rate" assessed Failed due to failed (1) > failureLimit (0)',
      },
    }),
  ),
  RolloutDegraded: one(
    rollout('r', { status: { phase: 'Degraded', message: 'InvalidSpec' } }),
  ),
  RolloutStepInProgress: one(
    rollout('r', { status: { phase: null, currentStepIndex: 2 } }),
  ),
  RolloutCutoverPending: one(
    rollout('r', {
      spec: { strategy: { canary: null, blueGreen: { activeService: 'a' } } },
      status: { phase: null, blueGreen: { activeSelector: 'old1' } },
    }),
  ),
  KnativeNotReady: one(
    knativeService('k', {
      status: {
        conditions: [
          {
            type: 'ConfigurationsReady',
            status: 'False',
            reason: 'RevisionFailed',
            message: 'Revision "k-00002" failed',
          },
          { type: 'Ready', status: 'False', reason: 'RevisionFailed' },
        ],
      },
    }),
  ),
  KnativeReconciling: one(
    knativeService('k', {
      status: {
        conditions: [
          { type: 'Ready', status: 'Unknown', reason: 'RolloutInProgress' },
        ],
      },
    }),
  ),
  RevisionInactive: one(
    merge(knativeChain('k')[1], {
      status: {
        conditions: [
          { type: 'Ready', status: 'True' },
          { type: 'Active', status: 'False', reason: 'NoTraffic' },
        ],
      },
    }) as KubeObject,
  ),
  DeploymentConfigIdled: one(
    deploymentConfig('dc', {
      status: {
        replicas: 0,
        availableReplicas: 0,
        conditions: [
          { type: 'Available', status: 'False' },
          {
            type: 'Progressing',
            status: 'True',
            reason: 'NewReplicationControllerAvailable',
          },
        ],
      },
    }),
  ),
  StatusNotReported: one(virtualMachine('vm', { status: null })),
  VirtualMachineStopped: one(
    virtualMachine('vm', {
      spec: { running: false },
      status: { printableStatus: 'Stopped' },
    }),
  ),
  VirtualMachinePaused: one(
    virtualMachineInstance('vmi', {
      status: {
        conditions: [
          { type: 'Ready', status: 'True' },
          { type: 'Paused', status: 'True', reason: 'PausedByUser' },
        ],
      },
    }),
  ),
  VirtualMachineStarting: one(
    virtualMachine('vm', { status: { printableStatus: 'Starting' } }),
  ),
  VirtualMachineError: one(
    virtualMachine('vm', { status: { printableStatus: 'ErrImagePull' } }),
  ),
};

describe('reason codes', () => {
  it('the table covers exactly the exported codes', () => {
    expect(Object.keys(CASES).sort()).toEqual(
      Object.values(REASON_CODES).sort(),
    );
  });

  it.each(Object.entries(CASES))(
    '%s is emitted, with a message naming the object',
    (code, make) => {
      const reasons = make();
      const found = reasons.find(r => r.code === code);
      expect(found).toBeDefined();
      expect(found!.message.length).toBeGreaterThan(10);
      expect(['error', 'warning', 'info']).toContain(found!.severity);
      expect(found!.message).toContain(found!.object.name);
      expect(Boolean(found!.hint)).toBe(Boolean(found!.hintTarget));
    },
  );

  it('codes are stable CamelCase identifiers equal to their keys', () => {
    for (const [key, value] of Object.entries(REASON_CODES)) {
      expect(value).toBe(key);
      expect(value).toMatch(/^[A-Z][A-Za-z]+$/);
    }
  });
});
