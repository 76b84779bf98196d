/**
 * One simulated cluster: its object store, its controllers, its fault state
 * and its HTTP listener. Controllers run on `tick(now)`; the simulator calls
 * it from the clock (a timer in real time, every step of a manual clock).
 */
import { kubeTime } from './clock';
import { Controller, ControllerContext } from './controllers/context';
import { CronJobController } from './controllers/cronjob';
import { DaemonSetController } from './controllers/daemonset';
import { DeploymentController } from './controllers/deployment';
import { EventRecorder } from './controllers/eventRecorder';
import { GarbageCollector } from './controllers/garbageCollector';
import { defaultJob, JobController } from './controllers/job';
import {
  loseNode,
  newNode,
  NodeController,
  restoreNode,
} from './controllers/node';
import { KnativeServingController } from './controllers/knative';
import { KnativeRevisionController } from './controllers/knativeRevision';
import { PodController } from './controllers/pod';
import { markDeleted } from './controllers/replicaset';
import { ReplicaSetController } from './controllers/replicaset';
import { RolloutController } from './controllers/rollout';
import { StatefulSetController } from './controllers/statefulset';
import { TektonController } from './controllers/tekton';
import { FaultSettings, NO_FAULTS, validateFaults } from './faults/faults';
import { Random } from './random';
import { ObjectStore, StoreError } from './store/objectStore';
import {
  resourceTypeByName,
  resourceTypeForObject,
  storageKey,
} from './store/resources';
import { KubeObject } from './types';
import { applyPatch, PatchType } from './api/patch';

/** A live watch or log-follow stream, so faults can cut or expire it. */
export interface LiveStream {
  kind: 'watch' | 'log';
  /** Destroys the connection without a clean end (what a dropped TCP connection looks like). */
  cut(): void;
  /** Sends an in-stream 410 Expired ERROR event and ends (watches only). */
  expire(): void;
}

export interface ClusterOptions {
  name: string;
  token: string;
  seed: number | string;
  clock: { nowMs(): number };
  /** Run controllers (false for scale scenarios that are served as seeded). */
  controllers?: boolean;
  windowSize?: number;
  nodes?: Array<{
    name: string;
    labels?: Record<string, string>;
    taints?: any[];
  }>;
  /** Interval between watch bookmarks (real time). */
  bookmarkIntervalMs?: number;
  /** Serve metrics.k8s.io (a metrics-server is installed); default false. */
  metrics?: boolean;
}

export class SimulatedCluster {
  readonly name: string;
  readonly token: string;
  readonly store: ObjectStore;
  readonly random: Random;
  readonly events: EventRecorder;
  readonly podController = new PodController();
  readonly streams = new Set<LiveStream>();
  readonly bookmarkIntervalMs: number;
  /** metrics.k8s.io is served (see api/metrics.ts) */
  readonly metrics: boolean;
  faults: FaultSettings = { ...NO_FAULTS };
  /** Called when `down` changes, so the listener can close or reopen. */
  onDownChange?: (down: boolean) => Promise<void>;
  private readonly controllers: Controller[];
  private readonly clock: { nowMs(): number };
  private readonly controllersEnabled: boolean;
  private lastEventExpiry = 0;
  /** Hooks run before controllers on every tick (scenario timelines). */
  readonly beforeTick: Array<(now: number) => void> = [];

  constructor(options: ClusterOptions) {
    this.name = options.name;
    this.token = options.token;
    this.clock = options.clock;
    this.random = new Random(`${options.seed}:${options.name}`);
    this.store = new ObjectStore({
      clock: options.clock,
      random: this.random,
      windowSize: options.windowSize,
    });
    this.events = new EventRecorder(this.store, this.random);
    this.bookmarkIntervalMs = options.bookmarkIntervalMs ?? 5000;
    this.metrics = options.metrics ?? false;
    this.controllersEnabled = options.controllers ?? true;
    this.controllers = [
      new NodeController(),
      new CronJobController(),
      new JobController(),
      new KnativeServingController(),
      new KnativeRevisionController(),
      new DeploymentController(),
      new RolloutController(),
      new ReplicaSetController(),
      new StatefulSetController(),
      new DaemonSetController(),
      new TektonController(),
      this.podController,
      new GarbageCollector(),
    ];
    for (const ns of [
      'default',
      'kube-system',
      'kube-public',
      'kube-node-lease',
    ])
      this.ensureNamespace(ns);
    (options.nodes ?? []).forEach((n, i) => {
      if (!this.store.get('/nodes', undefined, n.name))
        this.store.create(newNode(n.name, i, this.clock.nowMs(), n));
    });
  }

  now(): number {
    return this.clock.nowMs();
  }

  private context(now: number): ControllerContext {
    return { store: this.store, now, random: this.random, events: this.events };
  }

  /** Runs every controller until the state settles (bounded passes). */
  tick(now = this.clock.nowMs()) {
    for (const hook of this.beforeTick) hook(now);
    if (!this.controllersEnabled) return;
    const ctx = this.context(now);
    for (let pass = 0; pass < 4; pass++) {
      const before = this.store.resourceVersion;
      for (const c of this.controllers) c.reconcile(ctx);
      if (this.store.resourceVersion === before) break;
    }
    this.podController.prune(
      new Set(this.store.list('/pods').map(p => p.metadata.uid!)),
    );
    if (now - this.lastEventExpiry > 60_000) {
      this.events.expire(now);
      this.lastEventExpiry = now;
    }
  }

  ensureNamespace(name: string) {
    if (this.store.get('/namespaces', undefined, name)) return;
    this.store.create({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name, labels: { 'kubernetes.io/metadata.name': name } },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
  }

  /**
   * Creates or replaces objects, as `kubectl apply` would from the outside:
   * namespaces are created as needed, Jobs get the apiserver's defaults,
   * ownerReferences without a uid are resolved by kind and name.
   */
  apply(
    objects: KubeObject | KubeObject[],
    options: {
      keepTimestamps?: boolean;
      /** the caller hands over fresh objects */ owned?: boolean;
    } = {},
  ): KubeObject[] {
    const out: KubeObject[] = [];
    for (const input of Array.isArray(objects) ? objects : [objects]) {
      const type = resourceTypeForObject(input.apiVersion, input.kind);
      if (!type)
        throw new Error(`unsupported object ${input.apiVersion} ${input.kind}`);
      if (type.namespaced) {
        input.metadata.namespace = input.metadata.namespace ?? 'default';
        this.ensureNamespace(input.metadata.namespace);
      }
      const obj = options.owned ? input : structuredClone(input);
      obj.metadata.ownerReferences = obj.metadata.ownerReferences?.map(ref => {
        if (ref.uid) return ref;
        const ownerType = resourceTypeForObject(ref.apiVersion, ref.kind);
        const owner =
          ownerType &&
          this.store.get(
            storageKey(ownerType),
            obj.metadata.namespace,
            ref.name,
          );
        if (!owner)
          throw new Error(
            `owner ${ref.kind} ${ref.name} of ${obj.kind} ${obj.metadata.name} not found`,
          );
        return { ...ref, uid: owner.metadata.uid! };
      });
      const existing = this.store.get(
        storageKey(type),
        obj.metadata.namespace,
        obj.metadata.name,
      );
      if (existing) {
        out.push(
          this.store.update({
            ...obj,
            metadata: {
              ...existing.metadata,
              ...obj.metadata,
              resourceVersion: undefined,
            },
            status: obj.status ?? existing.status,
          }),
        );
      } else {
        out.push(this.createObject(obj, options));
      }
    }
    return out;
  }

  /** Create with the apiserver's admission defaults for the kinds that need them. */
  createObject(
    obj: KubeObject,
    options: { keepTimestamps?: boolean } = {},
  ): KubeObject {
    const type = resourceTypeForObject(obj.apiVersion, obj.kind);
    if (
      type?.namespaced &&
      obj.metadata.namespace &&
      !this.store.get('/namespaces', undefined, obj.metadata.namespace)
    ) {
      throw new StoreError(
        'NotFound',
        `namespaces "${obj.metadata.namespace}" not found`,
      );
    }
    const created = this.store.create(obj, options);
    if (
      created.kind === 'Job' &&
      !created.metadata.labels?.['batch.kubernetes.io/controller-uid']
    ) {
      return this.store.update({
        ...defaultJob(created),
        metadata: {
          ...defaultJob(created).metadata,
          resourceVersion: undefined,
        },
      });
    }
    return created;
  }

  private storageFor(kindOrResource: string): string {
    const type = resourceTypeByName(kindOrResource);
    if (!type) throw new Error(`unknown kind or resource "${kindOrResource}"`);
    return storageKey(type);
  }

  get(
    kind: string,
    namespace: string | undefined,
    name: string,
  ): KubeObject | undefined {
    return this.store.get(this.storageFor(kind), namespace, name);
  }

  list(kind: string, namespace?: string): KubeObject[] {
    return this.store.list(this.storageFor(kind), namespace);
  }

  patch(
    kind: string,
    namespace: string | undefined,
    name: string,
    patch: unknown,
    type: PatchType = 'merge',
  ): KubeObject {
    const storage = this.storageFor(kind);
    const current = this.store.get(storage, namespace, name);
    if (!current)
      throw new StoreError('NotFound', `${kind} "${name}" not found`);
    const next = applyPatch(current, type, patch);
    next.metadata = { ...next.metadata, resourceVersion: undefined };
    return this.store.update(next);
  }

  /** Starts graceful deletion (deletionTimestamp); controllers and the GC finish it. */
  delete(
    kind: string,
    namespace: string | undefined,
    name: string,
    gracePeriodSeconds?: number,
  ): KubeObject | undefined {
    const storage = this.storageFor(kind);
    const current = this.store.get(storage, namespace, name);
    if (!current) return undefined;
    markDeleted(this.context(this.now()), storage, current, gracePeriodSeconds);
    return this.store.get(storage, namespace, name);
  }

  /** Changes a workload's container image: a rollout, like `kubectl set image`. */
  setImage(
    kind: string,
    namespace: string,
    name: string,
    container: string,
    image: string,
  ): KubeObject {
    const obj = this.get(kind, namespace, name);
    if (!obj) throw new StoreError('NotFound', `${kind} "${name}" not found`);
    const podSpec =
      obj.kind === 'CronJob'
        ? obj.spec.jobTemplate.spec.template.spec
        : obj.spec.template.spec;
    const containers = podSpec.containers.map((c: any) =>
      c.name === container ? { ...c, image } : c,
    );
    if (!containers.some((c: any) => c.name === container))
      throw new Error(`container "${container}" not found in ${kind} ${name}`);
    const patch =
      obj.kind === 'CronJob'
        ? {
            spec: {
              jobTemplate: { spec: { template: { spec: { containers } } } },
            },
          }
        : { spec: { template: { spec: { containers } } } };
    return this.patch(kind, namespace, name, patch);
  }

  loseNode(name: string) {
    const node = this.store.get('/nodes', undefined, name);
    if (!node) throw new StoreError('NotFound', `nodes "${name}" not found`);
    this.store.update({
      ...loseNode(node, this.now()),
      metadata: {
        ...loseNode(node, this.now()).metadata,
        resourceVersion: undefined,
      },
    });
  }

  restoreNode(name: string) {
    const node = this.store.get('/nodes', undefined, name);
    if (!node) throw new StoreError('NotFound', `nodes "${name}" not found`);
    const restored = restoreNode(node, this.now());
    this.store.update({
      ...restored,
      metadata: { ...restored.metadata, resourceVersion: undefined },
    });
    // The kubelet comes back and reports its pods' containers as gone: the controllers replace them.
    for (const pod of this.store
      .list('/pods')
      .filter(
        p => p.spec.nodeName === name && p.status?.reason === 'NodeLost',
      )) {
      this.store.remove('/pods', pod.metadata.namespace, pod.metadata.name);
    }
  }

  // ---- faults ----

  async setFaults(input: Partial<FaultSettings>) {
    const valid = validateFaults(input);
    const wasDown = this.faults.down;
    this.faults = { ...this.faults, ...valid };
    if (valid.down !== undefined && valid.down !== wasDown)
      await this.onDownChange?.(valid.down);
  }

  async clearFaults() {
    await this.setFaults({ ...NO_FAULTS });
  }

  /** Cuts every open watch connection now. */
  dropWatches() {
    for (const s of [...this.streams]) if (s.kind === 'watch') s.cut();
  }

  /** Ends every open watch with a 410 Expired and forgets the resourceVersion window. */
  expireWatches() {
    this.store.expireWindow();
    for (const s of [...this.streams]) if (s.kind === 'watch') s.expire();
  }

  /**
   * An apiserver restart: every stream is cut and the watch window starts
   * again at the current resourceVersion (older versions get 410).
   */
  restart() {
    this.store.resetWindow();
    for (const s of [...this.streams]) s.cut();
  }

  /** Everything the cluster holds, for comparisons in tests. */
  state(): { resourceVersion: string; time: string; objects: KubeObject[] } {
    const objects: KubeObject[] = [];
    for (const storage of this.store.storages().sort())
      objects.push(...this.store.list(storage));
    return {
      resourceVersion: String(this.store.resourceVersion),
      time: kubeTime(this.now()),
      objects,
    };
  }
}
