import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  PodUsageLookup,
  isNearMemoryLimit,
  parseMemoryBytes,
} from '@workload-status/backstage-plugin-workload-status-common';
import type { ObjectStore } from '../cache/ObjectStore';
import { redactText } from '../redaction';
import type { ReflectorTransport } from '../cache/Reflector';
import { StringInterner } from '../cache/StringInterner';
import { UsageSnapshot } from './UsageSnapshot';
import type { UsageSettings } from './UsageSettings';

export const POD_METRICS_PATH = '/apis/metrics.k8s.io/v1beta1/pods';

/** Failed samplings a snapshot outlives: usage older than that is not shown. */
const STALE_AFTER_INTERVALS = 3;

/**
 * `unread`: no LIST answered yet; `absent`: the cluster has no
 * metrics.k8s.io (no metrics-server); `ok`; `failing`: the last LIST failed.
 */
export type UsageState = 'unread' | 'absent' | 'ok' | 'failing';

/**
 * One cluster's container usage: one LIST of every PodMetrics per
 * interval (never per request), through the cluster's connection (its
 * auth, TLS, timeout and a byte bound on the answer), kept as a compact
 * UsageSnapshot. After each sampling it tells `onCrossing` of the pods
 * whose containers crossed the memory-limit threshold (either way), so
 * that only their entities are recomputed: usage moves every sampling,
 * statuses must not.
 */
export class ClusterUsage {
  private snapshot = UsageSnapshot.empty();
  private state: UsageState = 'unread';
  private lastLogged?: string;
  private timer?: NodeJS.Timeout;
  private readonly abort = new AbortController();
  private running?: Promise<void>;
  private stopped = false;
  /** pod key -> uid of the pods over the threshold at the last sampling */
  private pressured = new Map<string, string>();
  private readonly names = new StringInterner();

  constructor(
    readonly cluster: string,
    private readonly options: {
      transport: Pick<ReflectorTransport, 'getJson'>;
      /** the cluster's cached objects: the pods' limits and uids */
      store: ObjectStore;
      settings: UsageSettings;
      logger: LoggerService;
      onCrossing: (podUids: string[]) => void;
      now?: () => number;
    },
  ) {}

  private now() {
    return (this.options.now ?? Date.now)();
  }

  start() {
    this.schedule(0);
  }

  async stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    this.abort.abort();
    await this.running;
  }

  private schedule(delayMs: number) {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.refresh().finally(() => {
        this.running = undefined;
        this.schedule(this.options.settings.intervalMs);
      });
    }, delayMs);
    this.timer.unref?.();
  }

  get usageState(): UsageState {
    return this.state;
  }

  get podCount(): number {
    return this.snapshot.size;
  }

  /** The usage lookup the status engine reads; undefined without samples. */
  lookup(): PodUsageLookup | undefined {
    const snapshot = this.current();
    if (!snapshot.size) return undefined;
    return (namespace, pod) => snapshot.pod(namespace, pod);
  }

  /** The last sampling, or nothing once it is too old to show. */
  current(): UsageSnapshot {
    const maxAge =
      this.options.settings.intervalMs * (STALE_AFTER_INTERVALS + 1);
    return this.now() - this.snapshot.sampledAt > maxAge
      ? UsageSnapshot.empty()
      : this.snapshot;
  }

  /** One LIST; never throws. */
  async refresh(): Promise<void> {
    const { settings, transport } = this.options;
    const sampledAt = this.now();
    try {
      const list = await transport.getJson<unknown>(
        POD_METRICS_PATH,
        this.abort.signal,
        { maxBytes: settings.maxResponseBytes },
      );
      this.snapshot = UsageSnapshot.fromList(list, {
        maxPods: settings.maxPodsPerCluster,
        sampledAt,
        names: this.names,
      });
      this.state = 'ok';
      const { droppedPods } = this.snapshot;
      this.logOnce(
        droppedPods ? 'warn' : 'info',
        droppedPods
          ? `Usage of ${droppedPods} pods of cluster ${this.cluster} dropped: more than ${settings.maxPodsPerCluster} pods (workloadStatus.usage.maxPodsPerCluster)`
          : `Reading container usage of cluster ${this.cluster} from metrics.k8s.io`,
      );
    } catch (e) {
      if (this.stopped) return;
      const status = (e as { statusCode?: number }).statusCode;
      if (status === 404) {
        // no metrics-server: nothing to show, and nothing wrong
        this.state = 'absent';
        this.snapshot = UsageSnapshot.empty(sampledAt);
        this.logOnce(
          'info',
          `Cluster ${this.cluster} serves no metrics.k8s.io (no metrics-server): no container usage`,
        );
      } else {
        this.state = 'failing';
        // the error quotes the cluster's answer: a stranger's text
        this.logOnce(
          'warn',
          `Container usage of cluster ${
            this.cluster
          } could not be read: ${redactText(
            (e instanceof Error ? e.message : String(e)).slice(0, 1000),
          )}`,
        );
      }
    }
    this.findCrossings();
  }

  /** Logs a message when it differs from the last one (not every interval). */
  private logOnce(level: 'info' | 'warn', message: string) {
    if (message === this.lastLogged) return;
    this.lastLogged = message;
    this.options.logger[level](message);
  }

  private findCrossings() {
    const snapshot = this.current();
    const next = new Map<string, string>();
    if (snapshot.size) {
      const store = this.options.store;
      const pods = podUidsByKey(store);
      for (const [key, containers] of snapshot.memoryByPod()) {
        const uid = pods.get(key);
        // the pod's containers as the store holds them: nothing is parsed
        const specs =
          uid === undefined ? undefined : store.containersOfUid(uid);
        if (!specs) continue;
        if (
          containers.some(([name, bytes]) =>
            isNearMemoryLimit(bytes, memoryLimitOf(specs, name)),
          )
        )
          next.set(key, uid!);
      }
    }
    const crossed: string[] = [];
    for (const [key, uid] of next)
      if (!this.pressured.has(key)) crossed.push(uid);
    for (const [key, uid] of this.pressured)
      if (!next.has(key)) crossed.push(uid);
    this.pressured = next;
    if (crossed.length) this.options.onCrossing(crossed);
  }
}

/**
 * The cached pods' uids by `namespace/name`, built once per sampling from
 * the store's index (no pod is parsed for it).
 */
function podUidsByKey(store: ObjectStore): Map<string, string> {
  const out = new Map<string, string>();
  for (const uid of store.uidsOfKind('Pod')) {
    const id = store.nameOfUid(uid);
    if (id?.namespace && id.name) out.set(`${id.namespace}/${id.name}`, uid);
  }
  return out;
}

function memoryLimitOf(
  specs: Readonly<unknown[]>,
  container: string,
): number | undefined {
  const spec = specs.find((c: any) => c?.name === container) as any;
  return parseMemoryBytes(spec?.resources?.limits?.memory);
}
