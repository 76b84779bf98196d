/**
 * A cluster without HTTP on a manual clock, for controller tests: apply
 * objects, step time, read back objects and events.
 */
import { createClock } from '../clock';
import { SimulatedCluster } from '../cluster';
import { KubeObject } from '../types';

export function testCluster(nodes = 2) {
  const clock = createClock('manual');
  const cluster = new SimulatedCluster({
    name: 'test',
    token: 't',
    seed: 1,
    clock,
    nodes: Array.from({ length: nodes }, (_, i) => ({ name: `node-${i + 1}` })),
  });
  return {
    cluster,
    clock,
    /** Steps the clock in 1 s steps, running controllers at each. */
    advance(ms: number) {
      for (let left = ms; left > 0; left -= 1000) {
        clock.advanceBy(Math.min(1000, left));
        cluster.tick();
      }
    },
    apply(obj: KubeObject | KubeObject[]) {
      const out = cluster.apply(obj);
      cluster.tick();
      return out;
    },
    pods(namespace = 'default') {
      return cluster
        .list('Pod', namespace)
        .filter(p => !p.metadata.deletionTimestamp);
    },
    events(name: string) {
      return cluster
        .list('Event')
        .filter(e => e.involvedObject.name === name)
        .map(e => e.reason as string);
    },
  };
}

export function deployment(
  name: string,
  options: {
    replicas?: number;
    image?: string;
    annotations?: Record<string, string>;
    strategy?: any;
    progressDeadlineSeconds?: number;
  } = {},
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default', labels: { app: name } },
    spec: {
      replicas: options.replicas ?? 1,
      ...(options.strategy ? { strategy: options.strategy } : {}),
      ...(options.progressDeadlineSeconds
        ? { progressDeadlineSeconds: options.progressDeadlineSeconds }
        : {}),
      selector: { matchLabels: { app: name } },
      template: {
        metadata: {
          labels: { app: name },
          ...(options.annotations ? { annotations: options.annotations } : {}),
        },
        spec: {
          containers: [
            { name: 'app', image: options.image ?? `${name}:1.0.0` },
          ],
        },
      },
    },
  };
}

export function barePod(
  name: string,
  annotations: Record<string, string> = {},
  extra: any = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', annotations },
    spec: { containers: [{ name: 'app', image: 'app:1.0.0' }], ...extra },
  };
}
