import {
  ContainerUsage,
  parseCpuMillicores,
  parseMemoryBytes,
} from '@workload-status/backstage-plugin-workload-status-common';
import { StringInterner } from '../cache/StringInterner';

/** Kubernetes names are at most 253 characters: a longer one is not a pod's. */
const MAX_NAME_LENGTH = 253;
/**
 * Containers read per pod: far more than a pod runs (each is a process
 * with its own image), so that a hostile answer of one pod with 100,000
 * containers costs no more to read and to keep than a real pod.
 */
export const MAX_CONTAINERS_PER_POD = 256;

/**
 * One cluster's PodMetrics at one sampling, as numbers only: per container
 * its name, CPU (millicores) and memory (bytes), in typed columns. Pods are
 * keyed `namespace/name` (PodMetrics carry no uid). Immutable: a refresh
 * builds a new one. About 100 bytes per pod of one container (see
 * bench/usage.bench.ts), against ~2 KB for the PodMetrics object.
 */
export class UsageSnapshot {
  private constructor(
    /** pod key -> pod ordinal */
    private readonly pods: Map<string, number>,
    /** pod ordinal -> its first container; one more entry at the end */
    private readonly firstContainer: Uint32Array,
    private readonly names: string[],
    private readonly cpu: Float64Array,
    private readonly memory: Float64Array,
    /** epoch ms of the LIST */
    readonly sampledAt: number,
    /** pods of the answer that were not kept (over the bound) */
    readonly droppedPods: number,
  ) {}

  static empty(sampledAt = 0): UsageSnapshot {
    return new UsageSnapshot(
      new Map(),
      new Uint32Array(1),
      [],
      new Float64Array(0),
      new Float64Array(0),
      sampledAt,
      0,
    );
  }

  /**
   * From a PodMetricsList answer (hostile input: every field may be
   * missing or of the wrong type; unreadable items and containers are
   * skipped). Keeps at most `maxPods` pods.
   */
  static fromList(
    list: unknown,
    options: { maxPods: number; sampledAt: number; names?: StringInterner },
  ): UsageSnapshot {
    const items = (list as { items?: unknown })?.items;
    const pods = new Map<string, number>();
    const first: number[] = [0];
    const names: string[] = [];
    const cpu: number[] = [];
    const memory: number[] = [];
    const interner = options.names ?? new StringInterner();
    let dropped = 0;
    for (const item of Array.isArray(items) ? items : []) {
      const meta = (item as any)?.metadata;
      const ns = meta?.namespace;
      const name = meta?.name;
      const containers = (item as any)?.containers;
      if (
        typeof ns !== 'string' ||
        typeof name !== 'string' ||
        ns.length > MAX_NAME_LENGTH ||
        name.length > MAX_NAME_LENGTH ||
        !Array.isArray(containers)
      )
        continue;
      const key = `${ns}/${name}`;
      if (pods.has(key)) continue;
      if (pods.size >= options.maxPods) {
        dropped++;
        continue;
      }
      const before = names.length;
      // the first ones only, read or not: a pod of 100,000 unreadable
      // containers costs no more than a real pod either
      const examined = Math.min(containers.length, MAX_CONTAINERS_PER_POD);
      for (let i = 0; i < examined; i++) {
        const c = containers[i];
        const cName = c?.name;
        if (typeof cName !== 'string' || cName.length > MAX_NAME_LENGTH)
          continue;
        const cores = parseCpuMillicores(c?.usage?.cpu);
        const bytes = parseMemoryBytes(c?.usage?.memory);
        if (!isUsage(cores) || !isUsage(bytes)) continue;
        names.push(interner.intern(cName));
        cpu.push(cores);
        memory.push(bytes);
      }
      if (names.length === before) continue;
      pods.set(key, first.length - 1);
      first.push(names.length);
    }
    return new UsageSnapshot(
      pods,
      Uint32Array.from(first),
      names,
      Float64Array.from(cpu),
      Float64Array.from(memory),
      options.sampledAt,
      dropped,
    );
  }

  get size(): number {
    return this.pods.size;
  }

  /** The pod's containers by name; undefined when the pod has no sample. */
  pod(
    namespace: string,
    name: string,
  ): Map<string, ContainerUsage> | undefined {
    const ordinal = this.pods.get(`${namespace}/${name}`);
    if (ordinal === undefined) return undefined;
    const out = new Map<string, ContainerUsage>();
    for (
      let i = this.firstContainer[ordinal];
      i < this.firstContainer[ordinal + 1];
      i++
    ) {
      out.set(this.names[i], {
        cpuMillicores: this.cpu[i],
        memoryBytes: this.memory[i],
      });
    }
    return out;
  }

  /** Every pod key with its containers' memory, for threshold checks. */
  *memoryByPod(): IterableIterator<
    [key: string, containers: Array<[name: string, bytes: number]>]
  > {
    for (const [key, ordinal] of this.pods) {
      const containers: Array<[string, number]> = [];
      for (
        let i = this.firstContainer[ordinal];
        i < this.firstContainer[ordinal + 1];
        i++
      )
        containers.push([this.names[i], this.memory[i]]);
      yield [key, containers];
    }
  }
}

/**
 * A usage a container can have: a finite number, not negative. A quantity
 * the parser reads may still not be one (`-1`, `1e300` cores: Infinity
 * millicores).
 */
function isUsage(value: number | undefined): value is number {
  return value !== undefined && Number.isFinite(value) && value >= 0;
}
