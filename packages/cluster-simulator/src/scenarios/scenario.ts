/**
 * Scenarios: YAML (or objects) that seed clusters and script what happens
 * over time. See scenarios/demo.yaml for the format:
 *
 *   name, seed,
 *   clusters: [{ name, down?, controllers?, metrics?, nodes: [{name, labels?, taints?}] | <count>,
 *                objects: [...Kubernetes objects...],
 *                timeline: [{ at | every: <duration>, action: {setImage|patch|apply|delete|loseNode|restoreNode} }] }]
 *
 * Strings "now", "now-<duration>" and "now+<duration>" anywhere in an object
 * become timestamps relative to the simulated time at load.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { kubeTime, parseDuration } from '../clock';
import { SimulatedCluster } from '../cluster';
import { KubeObject } from '../types';

export type TimelineAction =
  | {
      setImage: {
        kind: string;
        namespace: string;
        name: string;
        container: string;
        image: string;
      };
    }
  | {
      patch: {
        kind: string;
        namespace?: string;
        name: string;
        patch: unknown;
        type?: 'merge' | 'strategic' | 'json';
      };
    }
  | { apply: KubeObject[] }
  | { delete: { kind: string; namespace?: string; name: string } }
  | { loseNode: string }
  | { restoreNode: string };

export interface TimelineStep {
  /** Run once, this long after the scenario starts. */
  at?: string;
  /** Run repeatedly with this period (first run one period after start). */
  every?: string;
  action: TimelineAction;
}

export interface ScenarioNode {
  name: string;
  labels?: Record<string, string>;
  taints?: any[];
}

export interface ScenarioCluster {
  name: string;
  /** Start in the `down` fault state (listener closed). */
  down?: boolean;
  /** Run controllers (default true). Scale scenarios switch them off and are served as seeded. */
  controllers?: boolean;
  /** Serve metrics.k8s.io PodMetrics, as with metrics-server installed (default false). */
  metrics?: boolean;
  nodes?: ScenarioNode[] | number;
  objects?: KubeObject[];
  timeline?: TimelineStep[];
}

export interface Scenario {
  name: string;
  seed?: number | string;
  clusters: ScenarioCluster[];
}

/** The package's scenarios/ folder (the CLI runs from sources, so this file's location is stable). */
// eslint-disable-next-line no-restricted-syntax
export const SCENARIO_DIR = path.resolve(__dirname, '..', '..', 'scenarios');

/** Loads a scenario by name (a file in the package's scenarios/ folder) or by path. */
export function loadScenario(nameOrPath: string): Scenario {
  const candidates = [
    nameOrPath,
    path.join(SCENARIO_DIR, `${nameOrPath}.yaml`),
    path.join(SCENARIO_DIR, nameOrPath),
  ];
  const file = candidates.find(
    f => fs.existsSync(f) && fs.statSync(f).isFile(),
  );
  if (!file)
    throw new Error(
      `scenario "${nameOrPath}" not found (looked in ${SCENARIO_DIR})`,
    );
  return parseScenario(fs.readFileSync(file, 'utf8'), file);
}

export function parseScenario(text: string, source = 'scenario'): Scenario {
  const doc = parseYaml(text);
  if (!doc || typeof doc !== 'object' || !Array.isArray(doc.clusters))
    throw new Error(`${source}: a scenario needs a "clusters" list`);
  for (const c of doc.clusters)
    if (!c.name) throw new Error(`${source}: every cluster needs a name`);
  return doc as Scenario;
}

export function scenarioNodes(cluster: ScenarioCluster): ScenarioNode[] {
  if (typeof cluster.nodes === 'number')
    return Array.from({ length: cluster.nodes }, (_, i) => ({
      name: `node-${i + 1}`,
    }));
  return cluster.nodes ?? [{ name: 'node-1' }];
}

const RELATIVE = /^now(?:([+-])(.+))?$/;

/** Replaces "now±duration" strings by timestamps. */
export function resolveRelativeTimes<T>(value: T, nowMs: number): T {
  if (typeof value === 'string') {
    const m = RELATIVE.exec(value);
    if (!m) return value;
    const offset = m[1] ? (m[1] === '-' ? -1 : 1) * parseDuration(m[2]) : 0;
    return kubeTime(nowMs + offset) as unknown as T;
  }
  if (Array.isArray(value))
    return value.map(v => resolveRelativeTimes(v, nowMs)) as unknown as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value))
      out[k] = resolveRelativeTimes(v, nowMs);
    return out as T;
  }
  return value;
}

/** Seeds a cluster with the scenario's objects (owners before dependents, as listed). */
export function seedCluster(
  cluster: SimulatedCluster,
  spec: ScenarioCluster,
  nowMs: number,
) {
  const objects = resolveRelativeTimes(spec.objects ?? [], nowMs);
  // resolveRelativeTimes made fresh copies: the store may keep them.
  cluster.apply(objects, { keepTimestamps: true, owned: true });
}

function substituteCounter(text: string, n: number): string {
  return text.replace(/\{n(?:\+(\d+))?\}/g, (_, add) =>
    String(n + Number(add ?? 0)),
  );
}

export function runAction(
  cluster: SimulatedCluster,
  action: TimelineAction,
  count: number,
) {
  if ('setImage' in action) {
    const a = action.setImage;
    cluster.setImage(
      a.kind,
      a.namespace,
      a.name,
      a.container,
      substituteCounter(a.image, count),
    );
  } else if ('patch' in action) {
    const a = action.patch;
    cluster.patch(a.kind, a.namespace, a.name, a.patch, a.type ?? 'strategic');
  } else if ('apply' in action) {
    cluster.apply(resolveRelativeTimes(action.apply, cluster.now()));
  } else if ('delete' in action) {
    cluster.delete(
      action.delete.kind,
      action.delete.namespace,
      action.delete.name,
    );
  } else if ('loseNode' in action) {
    cluster.loseNode(action.loseNode);
  } else if ('restoreNode' in action) {
    cluster.restoreNode(action.restoreNode);
  }
}

/**
 * Installs the timeline as a tick hook: each step runs at its simulated time
 * (steps missed by a large clock jump run once per missed occurrence).
 */
export function installTimeline(
  cluster: SimulatedCluster,
  steps: TimelineStep[],
  startMs: number,
  onError: (e: Error) => void,
) {
  const state = steps.map(step => ({
    step,
    next: startMs + parseDuration(step.at ?? step.every ?? '0s'),
    period: step.every ? parseDuration(step.every) : 0,
    count: 0,
  }));
  cluster.beforeTick.push(now => {
    for (const s of state) {
      while (s.next <= now) {
        s.count++;
        try {
          runAction(cluster, s.step.action, s.count);
        } catch (e) {
          onError(e as Error);
        }
        if (!s.period) {
          s.next = Infinity;
          break;
        }
        s.next += s.period;
      }
    }
  });
}
