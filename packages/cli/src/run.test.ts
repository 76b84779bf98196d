/*
 * End to end: spawns bin/workload-status as a user would (no build step) and
 * checks stdout, stderr and the exit code.
 */
import { spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';

const BIN = path.resolve(__dirname, '../bin/workload-status');
const NOW = '2026-03-01T12:00:00Z';

function run(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    input,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'workload-status-cli-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

const deploymentYaml = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop, uid: d1, generation: 1, annotations: {deployment.kubernetes.io/revision: "1"}}
spec: {replicas: 1, template: {spec: {containers: [{name: app, image: shop/web:1}]}}}
status: {observedGeneration: 1, replicas: 1, updatedReplicas: 1, readyReplicas: 0, availableReplicas: 0}
---
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: web-1, namespace: shop, uid: r1, annotations: {deployment.kubernetes.io/revision: "1"}, ownerReferences: [{kind: Deployment, name: web, uid: d1, controller: true}]}
spec: {replicas: 1}
---
apiVersion: v1
kind: Pod
metadata: {name: web-1-abcde, namespace: shop, ownerReferences: [{kind: ReplicaSet, name: web-1, uid: r1, controller: true}]}
spec: {containers: [{name: app, image: shop/web:1}]}
status:
  phase: Running
  containerStatuses:
  - {name: app, ready: false, restartCount: 4, state: {waiting: {reason: CrashLoopBackOff}}}
`;

describe('workload-status evaluate', () => {
  it('prints JSON with objects and workloads', () => {
    const file = write('deploy.yaml', deploymentYaml);
    const r = run(['evaluate', file, '--output', 'json', '--now', NOW]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.objects).toHaveLength(3);
    expect(out.objects[0]).toMatchObject({
      kind: 'Deployment',
      name: 'web',
      namespace: 'shop',
      lifecycle: 'NotReady',
      health: 'error',
    });
    expect(out.objects[0].reasons[0]).toMatchObject({
      code: 'CrashLoopBackOff',
      object: { kind: 'Pod', name: 'web-1-abcde', container: 'app' },
    });
    expect(out.objects[2]).toMatchObject({
      kind: 'Pod',
      lifecycle: 'CrashLoopBackOff',
      health: 'error',
    });
    expect(out.workloads).toHaveLength(1);
    expect(out.workloads[0].components.deployment.lifecycle).toBe('NotReady');
    expect(out.workloads[0].components.pods).toMatchObject({
      total: 1,
      health: 'error',
    });
  });

  it('prints a table by default, reasons indented below their object', () => {
    const file = write('deploy2.yaml', deploymentYaml);
    const r = run(['evaluate', file, '--now', NOW]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^OBJECT\s+LIFECYCLE\s+HEALTH$/);
    expect(lines[1]).toMatch(/^Deployment\/shop\/web\s+NotReady\s+error$/);
    expect(lines[2]).toMatch(
      /^ {4}ERROR CrashLoopBackOff: Container app of Pod shop\/web-1-abcde/,
    );
  });

  it('reads standard input, JSON Lists and unknown kinds without failing', () => {
    const list = JSON.stringify({
      apiVersion: 'v1',
      kind: 'List',
      items: [
        {
          apiVersion: 'example.com/v1',
          kind: 'Widget',
          metadata: { name: 'w', namespace: 'a' },
        },
        {
          apiVersion: 'batch/v1',
          kind: 'Job',
          metadata: { name: 'j', namespace: 'a' },
          status: { conditions: [{ type: 'Complete', status: 'True' }] },
        },
      ],
    });
    const r = run(['evaluate', '-o', 'json', '--now', NOW], list);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.objects[0]).toMatchObject({
      kind: 'Widget',
      lifecycle: 'Unknown',
      health: 'unknown',
    });
    expect(out.objects[0].reasons[0].code).toBe('UnsupportedKind');
    expect(out.objects[1]).toMatchObject({
      kind: 'Job',
      lifecycle: 'Completed',
      health: 'ok',
    });
  });

  it('tolerates duplicate keys (last wins) and keeps unquoted timestamps as strings', () => {
    const file = write(
      'dup.yaml',
      `apiVersion: batch/v1
kind: CronJob
metadata: {name: c, namespace: a, creationTimestamp: 2026-03-01T11:00:00Z}
spec:
  schedule: "0 0 1 1 *"
  suspend: false
  suspend: true
status:
  lastScheduleTime: 2026-01-01T00:00:00Z
`,
    );
    const r = run(['evaluate', file, '-o', 'json', '--now', NOW]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.objects[0]).toMatchObject({
      lifecycle: 'Stopped',
      health: 'stopped',
    });
    expect(out.workloads[0].components.cronjob.lastScheduleTime).toBe(
      '2026-01-01T00:00:00Z',
    );
  });

  it('uses --now for time-dependent rules', () => {
    const file = write(
      'pending.yaml',
      `apiVersion: v1
kind: Pod
metadata: {name: p, namespace: a, creationTimestamp: 2026-03-01T11:59:50Z}
status:
  phase: Pending
  conditions: [{type: PodScheduled, status: "False", reason: Unschedulable, lastTransitionTime: 2026-03-01T11:59:50Z}]
`,
    );
    const early = JSON.parse(
      run(['evaluate', file, '-o', 'json', '--now', NOW]).stdout,
    );
    const late = JSON.parse(
      run(['evaluate', file, '-o', 'json', '--now', '2026-03-01T13:00:00Z'])
        .stdout,
    );
    expect(early.objects[0].health).toBe('progressing');
    expect(late.objects[0].health).toBe('error');
  });

  it.each([
    [
      'not YAML',
      'a: [1,\n',
      /bad\.yaml: not valid YAML or JSON \(line \d+, column \d+\)/,
    ],
    [
      'not a Kubernetes object',
      'just: text\n',
      /bad\.yaml: the document is not a Kubernetes object \(no "kind"\)/,
    ],
    ['a scalar', '42\n', /bad\.yaml: the document is not a Kubernetes object/],
    ['empty', '\n', /bad\.yaml: is empty/],
  ])(
    'fails on bad input (%s) with one line naming the file',
    (_name, text, message) => {
      const file = write('bad.yaml', text as string);
      const r = run(['evaluate', file, '--now', NOW]);
      expect(r.code).not.toBe(0);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message as RegExp);
    },
  );

  it('fails clearly on a missing file and on bad options', () => {
    const missing = run(['evaluate', path.join(dir, 'nope.yaml')]);
    expect(missing.code).not.toBe(0);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toMatch(/nope\.yaml: no such file/);
    const badNow = run(['evaluate', '--now', 'yesterday']);
    expect(badNow.code).toBe(2);
    expect(badNow.stderr).toMatch(/--now must be an RFC 3339 time/);
    const badOutput = run(['evaluate', '-o', 'xml']);
    expect(badOutput.code).toBe(2);
    expect(run(['frobnicate']).code).toBe(2);
  });
});
