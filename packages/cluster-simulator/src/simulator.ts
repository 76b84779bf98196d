/**
 * The simulator: several clusters in one process, each on its own port,
 * driven by one clock. This is the programmatic API (see README.md).
 */
import { randomBytes } from 'node:crypto';
import { Clock, ClockMode, createClock } from './clock';
import { SimulatedCluster } from './cluster';
import { FaultSettings } from './faults/faults';
import { ClusterServer, startClusterServer } from './api/server';
import type { TlsMaterial } from './api/tls';
import {
  installTimeline,
  loadScenario,
  Scenario,
  scenarioNodes,
  seedCluster,
} from './scenarios/scenario';
import { startAdminServer, AdminServer } from './admin';
import { KubeObject } from './types';
import { PatchType } from './api/patch';

export interface SimulatorOptions {
  /** A scenario name (file in scenarios/), a path to a YAML file, or a scenario object. Default `demo`. */
  scenario?: string | Scenario;
  /** Bearer token every cluster (and the admin endpoint) accepts. Default: random. */
  token?: string;
  /** Per-cluster tokens, overriding `token` for the named clusters. */
  tokens?: Record<string, string>;
  /** Serve HTTPS with a generated CA (its PEM is `caData`). */
  tls?: boolean;
  /** `manual` (tests: time moves only with `clock.advance`), `real`, or `{ factor }`. Default `real`. */
  clock?: ClockMode;
  /** Manual clock start (ISO time or ms). Default 2026-01-15T10:00:00Z for manual, now otherwise. */
  startTime?: string | number;
  /** First cluster port; cluster i listens on portBase + i. 0 (default) = ephemeral ports. */
  portBase?: number;
  /** Per-cluster port overrides. */
  ports?: Record<string, number>;
  /** Admin endpoint port; `false` (default for the API) = no admin server. 0 = ephemeral. */
  adminPort?: number | false;
  /** Simulated ms per controller step when a manual clock advances. Default 1000. */
  stepMs?: number;
  /** Real-time interval between controller passes for real/accelerated clocks. Default 200. */
  tickIntervalMs?: number;
  /** Change events each cluster retains for watches (default 20,000). */
  windowSize?: number;
  /** Interval between watch BOOKMARKs in real ms (default 5000). */
  bookmarkIntervalMs?: number;
  /** Called for errors in scenario timeline steps (default: console.error). */
  onError?: (error: Error) => void;
}

export interface ClusterInfo {
  name: string;
  url: string;
  token: string;
  /** base64 PEM of the CA, when `tls` is on (Backstage `caData`, kubeconfig `certificate-authority-data`). */
  caData?: string;
  down: boolean;
}

/** A handle on one simulated cluster. */
export interface ClusterHandle extends ClusterInfo {
  port: number;
  /** The underlying cluster (store, controllers) for advanced use. */
  readonly sim: SimulatedCluster;
  get(
    kind: string,
    namespace: string | undefined,
    name: string,
  ): KubeObject | undefined;
  list(kind: string, namespace?: string): KubeObject[];
  /** Creates or replaces objects (ownerReferences may name owners without uid). */
  apply(objects: KubeObject | KubeObject[]): KubeObject[];
  patch(
    kind: string,
    namespace: string | undefined,
    name: string,
    patch: unknown,
    type?: PatchType,
  ): KubeObject;
  /** Graceful delete: sets deletionTimestamp; dependents and the object go on the next steps. */
  delete(
    kind: string,
    namespace: string | undefined,
    name: string,
    gracePeriodSeconds?: number,
  ): KubeObject | undefined;
  /** Changes a container image of a Deployment/StatefulSet/DaemonSet/CronJob (a rollout). */
  setImage(
    kind: string,
    namespace: string,
    name: string,
    container: string,
    image: string,
  ): KubeObject;
  loseNode(name: string): void;
  restoreNode(name: string): void;
  /** Every object, in storage order, with the current resourceVersion and time. */
  state(): { resourceVersion: string; time: string; objects: KubeObject[] };
  faults: {
    set(faults: Partial<FaultSettings>): Promise<void>;
    clear(): Promise<void>;
    current(): FaultSettings;
    /** Cut every open watch connection now. */
    dropWatches(): void;
    /** End every open watch with 410 Expired and forget the resourceVersion window. */
    expireWatches(): void;
  };
  /** An apiserver restart: all streams cut, the watch window reset. */
  restart(): void;
  /** A kubeconfig (YAML) for kubectl or client-node. */
  kubeconfig(): string;
}

export interface Simulator {
  clusters: ClusterInfo[];
  cluster(name: string): ClusterHandle;
  clock: {
    now(): Date;
    /** Manual clock: moves time forward in steps, running controllers at every step. */
    advance(ms: number): Promise<void>;
    mode: ClockMode;
  };
  adminUrl?: string;
  token: string;
  stop(): Promise<void>;
}

function kubeconfigFor(info: ClusterInfo): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: ${info.name}`,
    '  cluster:',
    `    server: ${info.url}`,
    ...(info.caData ? [`    certificate-authority-data: ${info.caData}`] : []),
    'users:',
    `- name: ${info.name}`,
    '  user:',
    `    token: ${info.token}`,
    'contexts:',
    `- name: ${info.name}`,
    '  context:',
    `    cluster: ${info.name}`,
    `    user: ${info.name}`,
    `current-context: ${info.name}`,
    '',
  ].join('\n');
}

export async function startSimulator(
  options: SimulatorOptions = {},
): Promise<Simulator> {
  const scenario =
    typeof options.scenario === 'object'
      ? options.scenario
      : loadScenario(options.scenario ?? 'demo');
  const mode = options.clock ?? 'real';
  const startMs =
    typeof options.startTime === 'string'
      ? Date.parse(options.startTime)
      : options.startTime;
  const clock: Clock = createClock(mode, startMs);
  const token = options.token ?? randomBytes(24).toString('base64url');
  // node-forge is loaded only when TLS is asked for: it costs startup time.
  const tls: TlsMaterial | undefined = options.tls
    ? (require('./api/tls') as typeof import('./api/tls')).generateTls()
    : undefined;
  const onError =
    options.onError ??
    ((e: Error) => console.error(`cluster-simulator: ${e.message}`));
  const stepMs = options.stepMs ?? 1000;

  const entries: Array<{ cluster: SimulatedCluster; server: ClusterServer }> =
    [];
  const startNow = clock.nowMs();
  try {
    for (const [index, spec] of scenario.clusters.entries()) {
      const cluster = new SimulatedCluster({
        name: spec.name,
        token: options.tokens?.[spec.name] ?? token,
        seed: scenario.seed ?? scenario.name,
        clock,
        controllers: spec.controllers ?? true,
        nodes: scenarioNodes(spec),
        windowSize: options.windowSize,
        bookmarkIntervalMs: options.bookmarkIntervalMs,
        metrics: spec.metrics ?? false,
      });
      seedCluster(cluster, spec, startNow);
      installTimeline(cluster, spec.timeline ?? [], startNow, onError);
      const base = options.portBase ?? 0;
      const port = options.ports?.[spec.name] ?? (base ? base + index : 0);
      const server = await startClusterServer(cluster, { port, tls });
      cluster.onDownChange = down => (down ? server.close() : server.open());
      if (spec.down) await cluster.setFaults({ down: true });
      entries.push({ cluster, server });
    }
  } catch (e) {
    for (const { server } of entries) await server.close();
    throw e;
  }
  const tickAll = () => {
    const now = clock.nowMs();
    for (const { cluster } of entries) {
      try {
        cluster.tick(now);
      } catch (e) {
        onError(e as Error);
      }
    }
  };
  tickAll();

  let timer: NodeJS.Timeout | undefined;
  if (mode !== 'manual')
    timer = setInterval(tickAll, options.tickIntervalMs ?? 200);

  const info = (
    cluster: SimulatedCluster,
    server: ClusterServer,
  ): ClusterInfo => ({
    name: cluster.name,
    url: server.url,
    token: cluster.token,
    ...(tls ? { caData: tls.caData } : {}),
    down: cluster.faults.down,
  });

  const handles = new Map<string, ClusterHandle>();
  for (const { cluster, server } of entries) {
    const handle: ClusterHandle = {
      get name() {
        return cluster.name;
      },
      get url() {
        return server.url;
      },
      get port() {
        return server.port;
      },
      token: cluster.token,
      ...(tls ? { caData: tls.caData } : {}),
      get down() {
        return cluster.faults.down;
      },
      sim: cluster,
      get: (kind, ns, name) => cluster.get(kind, ns, name),
      list: (kind, ns) => cluster.list(kind, ns),
      apply: objects => {
        const out = cluster.apply(objects);
        if (mode !== 'manual') tickAll();
        return out;
      },
      patch: (kind, ns, name, patch, type) =>
        cluster.patch(kind, ns, name, patch, type),
      delete: (kind, ns, name, grace) => cluster.delete(kind, ns, name, grace),
      setImage: (kind, ns, name, container, image) =>
        cluster.setImage(kind, ns, name, container, image),
      loseNode: name => cluster.loseNode(name),
      restoreNode: name => cluster.restoreNode(name),
      state: () => cluster.state(),
      faults: {
        set: f => cluster.setFaults(f),
        clear: () => cluster.clearFaults(),
        current: () => ({ ...cluster.faults }),
        dropWatches: () => cluster.dropWatches(),
        expireWatches: () => cluster.expireWatches(),
      },
      restart: () => cluster.restart(),
      kubeconfig: () => kubeconfigFor(info(cluster, server)),
    };
    handles.set(cluster.name, handle);
  }

  const simClock = {
    mode,
    now: () => clock.now(),
    advance: async (ms: number) => {
      if (mode !== 'manual')
        throw new Error('only a manual clock can be advanced');
      let left = ms;
      while (left > 0) {
        const step = Math.min(stepMs, left);
        clock.advanceBy(step);
        left -= step;
        tickAll();
      }
      // Let watch streams flush what the steps produced.
      await new Promise(resolve => setImmediate(resolve));
    },
  };

  let admin: AdminServer | undefined;
  const simulator: Simulator = {
    get clusters() {
      return entries.map(({ cluster, server }) => info(cluster, server));
    },
    cluster: (name: string) => {
      const h = handles.get(name);
      if (!h)
        throw new Error(
          `no cluster "${name}" (have: ${[...handles.keys()].join(', ')})`,
        );
      return h;
    },
    clock: simClock,
    token,
    stop: async () => {
      if (timer) clearInterval(timer);
      for (const { server } of entries) await server.close();
      await admin?.close();
    },
  };
  if (options.adminPort !== undefined && options.adminPort !== false) {
    admin = await startAdminServer(simulator, {
      port: options.adminPort,
      token,
    });
    simulator.adminUrl = admin.url;
  }
  return simulator;
}
