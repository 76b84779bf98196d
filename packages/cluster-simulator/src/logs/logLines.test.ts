import { PassThrough } from 'node:stream';
import * as k8s from '@kubernetes/client-node';
import { startSimulator, Simulator } from '../simulator';
import { KubeObject } from '../types';
import { renderLogLines, setLogLinesWarning } from './logLines';

jest.setTimeout(30_000);

const LINES = [
  'first line',
  `{"msg":"a \\"quoted\\" value","password":"hunter2"}`,
  'x'.repeat(200_000),
  'ünïcödé ✓',
  'LAST LINE',
];

function pod(name: string, annotations: Record<string, string>, extra = {}) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'shop', annotations },
    spec: {
      containers: [{ name: 'app', image: 'shop/app:1.0.0', ...extra }],
    },
  } as KubeObject;
}

describe('renderLogLines', () => {
  it('writes the lines in order within the first second of the run', () => {
    const lines = renderLogLines(['a', 'b', 'c'], { start: 1000 }, 10_000);
    expect(lines.map(l => l.text)).toEqual(['a', 'b', 'c']);
    expect(lines.map(l => l.ts)).toEqual([1100, 1400, 1700]);
  });

  it('shows only what was written by `until`, and nothing after the run ended', () => {
    expect(
      renderLogLines(['a', 'b', 'c'], { start: 1000 }, 1500).map(l => l.text),
    ).toEqual(['a', 'b']);
    const ended = renderLogLines(
      ['a', 'b', 'c'],
      { start: 1000, end: 1200 },
      10_000,
    );
    expect(ended.map(l => l.text)).toEqual(['a', 'b', 'c']);
    expect(ended.every(l => l.ts <= 1200)).toBe(true);
  });
});

describe('the log-lines annotation, through the log endpoint', () => {
  let sim: Simulator;
  let core: k8s.CoreV1Api;
  let kc: k8s.KubeConfig;
  const warnings: string[] = [];
  let restoreWarning: ReturnType<typeof setLogLinesWarning>;

  beforeAll(async () => {
    restoreWarning = setLogLinesWarning(m => warnings.push(m));
    sim = await startSimulator({
      scenario: {
        name: 'log-lines',
        seed: 1,
        clusters: [{ name: 'c', nodes: 1, objects: [] }],
      },
      clock: 'manual',
      token: 'log-lines-token',
    });
    kc = new k8s.KubeConfig();
    kc.loadFromOptions({
      clusters: [
        { name: 'c', server: sim.cluster('c').url, skipTLSVerify: true },
      ],
      users: [{ name: 'c', token: 'log-lines-token' }],
      contexts: [{ name: 'c', cluster: 'c', user: 'c' }],
      currentContext: 'c',
    });
    core = kc.makeApiClient(k8s.CoreV1Api);
  });

  afterAll(async () => {
    await sim?.stop();
    setLogLinesWarning(restoreWarning);
  });

  const log = (name: string, options: object = {}) =>
    core.readNamespacedPodLog({ namespace: 'shop', name, ...options });

  it('serves exactly the lines, with tailLines, limitBytes, timestamps and previous', async () => {
    sim.cluster('c').apply(
      pod(
        'crashing',
        {
          'simulator.workload-status.dev/behaviour': 'crash-loop',
          'simulator.workload-status.dev/run-for': '5s',
          'simulator.workload-status.dev/log-lines': JSON.stringify(LINES),
        },
        { terminationMessagePolicy: 'FallbackToLogsOnError' },
      ),
    );
    await sim.clock.advance(20_000); // one run ended, the second running
    const status = sim.cluster('c').get('Pod', 'shop', 'crashing')!.status;
    expect(status.containerStatuses[0].restartCount).toBe(1);

    const whole = LINES.map(l => `${l}\n`).join('');
    expect(await log('crashing')).toBe(whole);
    expect(await log('crashing', { previous: true })).toBe(whole);
    expect(await log('crashing', { tailLines: 2 })).toBe(
      'ünïcödé ✓\nLAST LINE\n',
    );
    expect(await log('crashing', { limitBytes: 5 })).toBe('first');
    const stamped = (await log('crashing', { timestamps: true })).split('\n');
    expect(stamped[0]).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z first line$/,
    );
    expect(stamped[4]).toMatch(/Z LAST LINE$/);

    // FallbackToLogsOnError: the failed run's log tail is its terminated message
    const message = status.containerStatuses[0].lastState.terminated
      .message as string;
    expect(message.endsWith('ünïcödé ✓\nLAST LINE\n')).toBe(true);
    expect(Buffer.byteLength(message)).toBe(2048);
  });

  it('streams the lines to a follower as the container writes them, and ends with the run', async () => {
    sim.cluster('c').apply(
      pod('following', {
        'simulator.workload-status.dev/behaviour': 'crash-loop',
        'simulator.workload-status.dev/run-for': '5s',
        'simulator.workload-status.dev/log-lines': JSON.stringify(LINES),
      }),
    );
    const running = () =>
      sim.cluster('c').get('Pod', 'shop', 'following')?.status
        ?.containerStatuses?.[0]?.state?.running;
    for (let i = 0; i < 100 && !running(); i++) await sim.clock.advance(50);
    expect(running()).toBeDefined();

    const out = new PassThrough();
    let text = '';
    out.on('data', c => (text += c));
    out.on('error', () => undefined);
    const ended = new Promise(resolve => out.on('end', resolve));
    await new k8s.Log(kc).log('shop', 'following', 'app', out, {
      follow: true,
    });
    await new Promise(r => setTimeout(r, 300));
    expect(text).toBe(''); // nothing written yet
    await sim.clock.advance(1000);
    await new Promise(r => setTimeout(r, 400));
    expect(text).toBe(LINES.map(l => `${l}\n`).join(''));
    await sim.clock.advance(5000); // the run ends: so does the stream
    await ended;
  });

  it('ignores a malformed value, says why, and keeps the ordinary log', async () => {
    const malformed: Array<[string, string, RegExp]> = [
      ['not-json', '["a", ', /not JSON/],
      ['not-array', '{"lines":["a"]}', /not a JSON array/],
      ['not-strings', '["a", 2]', /item 1 is not a string/],
      ['two-lines', '["a\\nb"]', /item 0 contains a newline/],
    ];
    for (const [name, value] of malformed)
      sim
        .cluster('c')
        .apply(pod(name, { 'simulator.workload-status.dev/log-lines': value }));
    await sim.clock.advance(5000);
    for (const [name, , reason] of malformed) {
      const text = await log(name);
      expect(text).toContain('"msg":"loading configuration"'); // the web profile
      const warning = warnings.find(w => w.includes(`pod shop/${name}:`));
      expect(warning).toMatch(reason);
      expect(warning).toContain(
        'annotation simulator.workload-status.dev/log-lines ignored',
      );
    }
    // once per pod and value, not per request
    await log('not-json');
    expect(warnings.filter(w => w.includes('shop/not-json:'))).toHaveLength(1);
  });

  it('gives the lines to every container of the pod, and to Tekton steps', async () => {
    sim.cluster('c').apply({
      ...pod('sidecars', {
        'simulator.workload-status.dev/log-lines': '["only this"]',
      }),
      spec: {
        initContainers: [{ name: 'init', image: 'shop/migrate:1' }],
        containers: [
          { name: 'app', image: 'shop/app:1' },
          { name: 'proxy', image: 'envoy:1' },
        ],
      },
    });
    sim.cluster('c').apply({
      apiVersion: 'tekton.dev/v1',
      kind: 'PipelineRun',
      metadata: {
        name: 'build-1',
        namespace: 'shop',
        annotations: {
          'simulator.workload-status.dev/log-lines': '["built with lines"]',
        },
      },
      spec: {
        pipelineSpec: {
          tasks: [
            {
              name: 'compile',
              taskSpec: { steps: [{ name: 'build', image: 'buildah:1' }] },
            },
          ],
        },
      },
    });
    await sim.clock.advance(15_000);
    for (const container of ['init', 'app', 'proxy'])
      expect(await log('sidecars', { container })).toBe('only this\n');
    expect(await log('build-1-compile-pod', { container: 'step-build' })).toBe(
      'built with lines\n',
    );
  });
});
