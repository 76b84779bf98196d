/*
 * The kinds of the kind table beyond the built-in workloads, through the
 * command as a user runs it: an Argo Rollout paused at a canary step with
 * its ReplicaSets and pods, and Argo CD's own health fixtures for Rollouts,
 * Knative Services, DeploymentConfigs and KubeVirt (../shared/conformance,
 * public data kept outside the repository).
 */
import { spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';

const BIN = path.resolve(__dirname, '../bin/workload-status');
const NOW = '2026-03-01T12:00:00Z';
const CONFORMANCE_DIR = path.resolve(
  process.env.WORKLOAD_STATUS_CONFORMANCE_DIR ??
    path.join(__dirname, '../../../../shared/conformance'),
);

function run(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const pausedCanary = `
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: web, namespace: shop, uid: ro1, generation: 3, annotations: {rollout.argoproj.io/revision: "2"}}
spec:
  replicas: 4
  strategy: {canary: {steps: [{setWeight: 25}, {pause: {}}, {setWeight: 75}, {pause: {duration: 10m}}]}}
  template: {spec: {containers: [{name: app, image: shop/web:2}]}}
status:
  observedGeneration: "3"
  phase: Paused
  message: CanaryPauseStep
  controllerPause: true
  pauseConditions: [{reason: CanaryPauseStep, startTime: "2026-03-01T11:50:00Z"}]
  currentPodHash: new2
  stableRS: old1
  currentStepIndex: 1
  replicas: 4
  updatedReplicas: 1
  readyReplicas: 4
  availableReplicas: 4
---
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: web-old1, namespace: shop, uid: rs1, labels: {rollouts-pod-template-hash: old1}, ownerReferences: [{apiVersion: argoproj.io/v1alpha1, kind: Rollout, name: web, uid: ro1, controller: true}]}
spec: {replicas: 3}
status: {replicas: 3, readyReplicas: 3, availableReplicas: 3}
---
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: web-new2, namespace: shop, uid: rs2, labels: {rollouts-pod-template-hash: new2}, ownerReferences: [{apiVersion: argoproj.io/v1alpha1, kind: Rollout, name: web, uid: ro1, controller: true}]}
spec: {replicas: 1}
status: {replicas: 1, readyReplicas: 1, availableReplicas: 1}
${['a', 'b', 'c']
  .map(
    s => `---
apiVersion: v1
kind: Pod
metadata: {name: web-old1-${s}, namespace: shop, labels: {rollouts-pod-template-hash: old1}, ownerReferences: [{kind: ReplicaSet, name: web-old1, uid: rs1, controller: true}]}
spec: {containers: [{name: app, image: shop/web:1}]}
status: {phase: Running, conditions: [{type: Ready, status: "True"}], containerStatuses: [{name: app, ready: true, restartCount: 0, state: {running: {startedAt: "2026-03-01T10:00:00Z"}}}]}
`,
  )
  .join('')}---
apiVersion: v1
kind: Pod
metadata: {name: web-new2-a, namespace: shop, labels: {rollouts-pod-template-hash: new2}, ownerReferences: [{kind: ReplicaSet, name: web-new2, uid: rs2, controller: true}]}
spec: {containers: [{name: app, image: shop/web:2}]}
status: {phase: Running, conditions: [{type: Ready, status: "True"}], containerStatuses: [{name: app, ready: true, restartCount: 0, state: {running: {startedAt: "2026-03-01T11:49:00Z"}}}]}
`;

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'workload-status-kinds-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('workload-status evaluate: kinds beyond the built-in workloads', () => {
  it('judges a Rollout paused at a canary step and counts its pods through its ReplicaSets', () => {
    const file = path.join(dir, 'rollout.yaml');
    fs.writeFileSync(file, pausedCanary);
    const r = run(['evaluate', file, '-o', 'json', '--now', NOW]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.objects[0]).toMatchObject({
      kind: 'Rollout',
      lifecycle: 'Waiting',
      health: 'stopped',
      reasons: [
        {
          code: 'RolloutPaused',
          message: expect.stringContaining('at canary step 2 of 4'),
        },
      ],
    });
    expect(out.workloads).toHaveLength(1);
    const [w] = out.workloads;
    expect(w).toMatchObject({
      kind: 'Rollout',
      revision: '2',
      images: { app: 'shop/web:2' },
      replicas: { desired: 4, updated: 1, ready: 4, available: 4 },
      components: {
        deployment: { lifecycle: 'Waiting', health: 'stopped' },
        // the canary's pod is the current revision; the stable ones are listed too
        pods: { total: 1, ready: 1 },
      },
    });
    expect(w.pods).toHaveLength(4);
    expect(
      w.pods
        .filter((p: { current?: boolean }) => p.current)
        .map((p: { name: string }) => p.name),
    ).toEqual(['web-new2-a']);
  });

  const present = fs.existsSync(path.join(CONFORMANCE_DIR, 'MANIFEST.md'));
  const argo: Record<string, string> = {
    ok: 'Healthy',
    warning: 'Healthy',
    progressing: 'Progressing',
    stopped: 'Suspended',
    error: 'Degraded',
    unknown: 'Unknown',
  };
  /** docs/status-rules.md "Deliberate deviations" */
  const deviations: Record<string, string> = {
    'argo-lua/kubevirt.io/VirtualMachineInstance/testdata/suspended_succeeded.yaml':
      'Progressing',
  };
  const kindDirs = [
    'argo-lua/argoproj.io/Rollout/',
    'argo-lua/serving.knative.dev/Service/',
    'argo-lua/apps.openshift.io/DeploymentConfig/',
    'argo-lua/kubevirt.io/VirtualMachine/',
    'argo-lua/kubevirt.io/VirtualMachineInstance/',
  ];
  // Without ../shared/conformance (public data kept outside the
  // repository) there is nothing to compare with.
  const describeIfPresent = present ? describe : describe.skip;
  describeIfPresent("Argo CD's own fixtures", () => {
    it.each(kindDirs)('judges those under %s as Argo CD does', prefix => {
      const manifest = fs.readFileSync(
        path.join(CONFORMANCE_DIR, 'MANIFEST.md'),
        'utf8',
      );
      const rows = manifest
        .split('\n')
        .map(line => ({
          file: /`([^`]+)`/.exec(line)?.[1],
          expected: /\*\*([^*]+)\*\*/.exec(line)?.[1],
        }))
        .filter(
          (r): r is { file: string; expected: string } =>
            !!r.file && !!r.expected && r.file.startsWith(prefix),
        );
      expect(rows.length).toBeGreaterThanOrEqual(3);
      const r = run([
        'evaluate',
        ...rows.map(row => path.join(CONFORMANCE_DIR, row.file)),
        '-o',
        'json',
        '--now',
        NOW,
      ]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out.objects).toHaveLength(rows.length);
      const verdicts = rows.map((row, i) => [
        row.file,
        argo[out.objects[i].health],
      ]);
      expect(verdicts).toEqual(
        rows.map(row => [row.file, deviations[row.file] ?? row.expected]),
      );
    });
  });
});
