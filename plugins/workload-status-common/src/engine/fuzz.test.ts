/*
 * Property test: generated and mutated objects (missing fields, wrong types,
 * huge values) never make the engine throw, and every result is a valid
 * status. Deterministic: a seeded PRNG, the seed printed on failure.
 */
import { HEALTH_ORDER } from '../model/types';
import type { ObjectStatus, WorkloadStatus } from '../model/types';
import { evaluateObject } from './evaluate';
import { projectObject } from './projection';
import { REASON_CODES } from './reasons';
import { evaluateWorkloads } from './workloads';
import {
  cronJob,
  cronRun,
  daemonSet,
  deployment,
  hpa,
  job,
  jobConditions,
  jobPod,
  node,
  pod,
  podWith,
  replicaSet,
  rsPod,
  run,
  running,
  statefulSet,
  terminated,
  waiting,
} from './__fixtures__/objects';
import {
  deploymentConfig,
  deploymentConfigChain,
  knativeChain,
  knativeService,
  rollout,
  rolloutPod,
  rolloutReplicaSet,
  virtualMachine,
  virtualMachineInstance,
} from './__fixtures__/kinds';
import type { KubeObject } from './types';

/** mulberry32: small, fast, good enough to explore inputs. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEED = 20260301;
const OBJECTS = 10_000;

const BASES: Array<() => KubeObject> = [
  () => deployment('web'),
  () =>
    deployment('web', {
      status: {
        updatedReplicas: 1,
        conditions: [
          {
            type: 'Progressing',
            status: 'False',
            reason: 'ProgressDeadlineExceeded',
          },
        ],
      },
    }),
  () => replicaSet('web-a', '2', 'web'),
  () => rsPod('web-a-1', 'web-a'),
  () =>
    podWith(
      'p',
      waiting('CrashLoopBackOff', 'app', {
        restartCount: 3,
        lastState: { terminated: { exitCode: 137, reason: 'OOMKilled' } },
      }),
    ),
  () => podWith('p', terminated(1, 'Error')),
  () =>
    pod('p', {
      spec: {
        initContainers: [{ name: 'i', restartPolicy: 'Always' }, { name: 'j' }],
      },
      status: {
        initContainerStatuses: [
          running(true, 'i'),
          waiting('CrashLoopBackOff', 'j'),
        ],
      },
    }),
  () =>
    pod('p', {
      metadata: { deletionTimestamp: '2026-03-01T11:00:00Z' },
      status: { reason: 'NodeLost' },
    }),
  () =>
    statefulSet('db', {
      spec: { updateStrategy: { rollingUpdate: { partition: 2 } } },
    }),
  () => daemonSet('agent', { spec: { updateStrategy: { type: 'OnDelete' } } }),
  () => job('j', { status: { active: 1, startTime: '2026-03-01T11:00:00Z' } }),
  () => job('j', jobConditions(['Failed', 'True', 'BackoffLimitExceeded'])),
  () =>
    job('b', {
      metadata: { labels: { 'workload-status.backstage.io/build': 'true' } },
      status: { active: 1 },
    }),
  () =>
    cronJob('c', {
      spec: { timeZone: 'Europe/Berlin', startingDeadlineSeconds: 30 },
    }),
  () => cronRun('c-1', 'c', 600, jobConditions(['Complete', 'True'])),
  () => jobPod('c-1-p', 'c-1'),
  () => hpa('h', 'web', { status: { currentReplicas: 5 } }),
  () => run('PipelineRun', 'b', ['False', 'PipelineRunTimeout']),
  () =>
    run('TaskRun', 'b', ['Unknown', 'Running'], {
      status: { podName: 'b-pod' },
    }),
  () =>
    run('BuildRun', 'b', ['True', 'Succeeded'], {
      status: { sources: [{ git: { commitSha: 'abc' } }] },
    }),
  () => node('node-1', 'Unknown'),
  () => ({ apiVersion: 'x.io/v1', kind: 'Widget', metadata: { name: 'w' } }),
  () => rollout('r'),
  () =>
    rollout('r', {
      status: {
        phase: null,
        currentStepIndex: 1,
        pauseConditions: [{ reason: 'CanaryPauseStep' }],
      },
    }),
  () => rolloutReplicaSet('r', 'new1'),
  () => rolloutPod('r', 'new1', 'r-new1-a'),
  () => knativeService('k'),
  ...knativeChain('k').map(o => () => o),
  () => deploymentConfig('dc'),
  ...deploymentConfigChain('dc').map(o => () => o),
  () => virtualMachine('vm'),
  () => virtualMachineInstance('vm', { status: { phase: 'Scheduled' } }),
];

const KINDS = [
  'Pod',
  'Deployment',
  'ReplicaSet',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
  'HorizontalPodAutoscaler',
  'PipelineRun',
  'TaskRun',
  'BuildRun',
  'Node',
  'Widget',
  'Rollout',
  'Service',
  'Revision',
  'DeploymentConfig',
  'ReplicationController',
  'VirtualMachine',
  'VirtualMachineInstance',
  '',
  'List',
];

function weird(rand: () => number, depth = 0): unknown {
  const pick = Math.floor(rand() * 16);
  switch (pick) {
    case 0:
      return undefined;
    case 1:
      return null;
    case 2:
      return '';
    case 3:
      return 'x'.repeat(1 + Math.floor(rand() * 200_000));
    case 4:
      return Number.MAX_SAFE_INTEGER * (rand() < 0.5 ? 1 : -1);
    case 5:
      return rand() < 0.5 ? Infinity : Number.NaN;
    case 6:
      return -1;
    case 7:
      return rand() < 0.5;
    case 8:
      return [];
    case 9:
      return {};
    case 10:
      return depth < 3 ? [weird(rand, depth + 1), weird(rand, depth + 1)] : 1;
    case 11:
      return depth < 3
        ? {
            status: weird(rand, depth + 1),
            reason: weird(rand, depth + 1),
            type: 'Ready',
          }
        : 'z';
    case 12:
      return 'not-a-time';
    case 13:
      return '2026-13-45T99:99:99Z';
    case 14:
      return new Date(Math.floor(rand() * 4e12));
    default:
      return String(Math.floor(rand() * 1e6));
  }
}

/** Walks the object and, at random places, deletes a field or swaps in a weird value. */
function mutate(
  value: unknown,
  rand: () => number,
  rate: number,
  depth = 0,
): unknown {
  if (rand() < rate) return weird(rand);
  if (Array.isArray(value)) {
    const out = value.map(v => mutate(v, rand, rate, depth + 1));
    if (rand() < rate) out.push(weird(rand));
    return out;
  }
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (rand() < rate) continue; // missing field
      out[k] = mutate(v, rand, rate, depth + 1);
    }
    if (depth === 0 && rand() < 0.1)
      out.kind = KINDS[Math.floor(rand() * KINDS.length)];
    return out;
  }
  return value;
}

function validStatus(s: ObjectStatus | WorkloadStatus, where: string): void {
  const problem = (what: string) =>
    new Error(`${where}: ${what}: ${JSON.stringify(s).slice(0, 500)}`);
  if (typeof s.lifecycle !== 'string' || s.lifecycle === '')
    throw problem('lifecycle');
  if (!HEALTH_ORDER.includes(s.health)) throw problem('health');
  if (
    typeof s.kind !== 'string' ||
    typeof s.name !== 'string' ||
    typeof s.apiVersion !== 'string'
  )
    throw problem('identity');
  if (!Array.isArray(s.reasons)) throw problem('reasons');
  const codes = new Set<string>(Object.values(REASON_CODES));
  for (const r of s.reasons) {
    if (!['error', 'warning', 'info'].includes(r.severity))
      throw problem('severity');
    if (!codes.has(r.code)) throw problem(`code ${r.code}`);
    if (typeof r.message !== 'string' || !r.message) throw problem('message');
    if (/undefined|\[object Object\]/.test(r.message))
      throw problem(`message text "${r.message}"`);
    if (
      typeof r.object?.kind !== 'string' ||
      typeof r.object?.name !== 'string'
    )
      throw problem('reason object');
  }
  JSON.stringify(s); // serialisable
}

describe('fuzz: the engine never throws and always returns a valid status', () => {
  it(`${OBJECTS} generated and mutated objects (seed ${SEED})`, () => {
    const rand = prng(SEED);
    const times = [
      new Date('2026-03-01T12:00:00Z'),
      new Date(0),
      new Date(8.64e15),
    ];
    let judged = 0;
    const batch: KubeObject[] = [];
    for (let i = 0; i < OBJECTS; i++) {
      const base = BASES[i % BASES.length]();
      const rate = [0.02, 0.1, 0.3][i % 3];
      const obj = mutate(base, rand, rate) as KubeObject;
      const ctx = { now: times[i % times.length] };
      const where = `seed ${SEED} object ${i}`;
      const status = evaluateObject(obj, batch.slice(-20), ctx);
      validStatus(status, where);
      const projected = projectObject(obj);
      expect(projectObject(projected)).toEqual(projected);
      const fromProjection = evaluateObject(projected, batch.slice(-20), ctx);
      if (JSON.stringify(fromProjection) !== JSON.stringify(status)) {
        throw new Error(
          `${where}: projection changes the verdict: ${JSON.stringify(
            obj,
          ).slice(0, 800)}`,
        );
      }
      batch.push(obj);
      judged++;
      if (batch.length === 50) {
        for (const w of evaluateWorkloads(batch, ctx))
          validStatus(w, `${where} (workloads)`);
        batch.length = 0;
      }
    }
    expect(judged).toBe(OBJECTS);
  });
});
