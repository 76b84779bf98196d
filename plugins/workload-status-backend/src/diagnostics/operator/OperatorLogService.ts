import type {
  KubeObject,
  OperatorLogLine,
  OperatorLogResponse,
  OperatorSource,
} from '@internal/plugin-workload-status-common';
import { CoreV1Api } from '@kubernetes/client-node';
import type { LogSettings, OperatorSpec } from '../../cluster/types';
import type { EntityObjects } from '../EntityObjects';
import type { PodLogReader } from '../logs/PodLogReader';
import { EntityObjectNames } from './EntityObjectNames';
import { parseOperatorLine } from './OperatorLogParser';

// operators run one to a few replicas; more pods than this are not read
const MAX_PODS_PER_OPERATOR = 10;

const LEVEL_RANK: Record<OperatorLogLine['level'], number> = {
  error: 0,
  warning: 1,
  info: 2,
  debug: 3,
};

/**
 * The operator log of an entity: the recent lines of the operators
 * configured for each of its clusters that name one of its objects,
 * errors first, then newest first. Operator pods are found by their label
 * selector at request time (they are not the entity's objects). An
 * operator whose pods cannot be listed or read is reported in `sources`
 * and does not fail the others.
 */
export class OperatorLogService {
  constructor(
    private readonly options: {
      objects: Pick<EntityObjects, 'resolve' | 'connection'>;
      reader: Pick<PodLogReader, 'read'>;
      limits: Pick<LogSettings, 'operatorTailLines' | 'maxBytes'>;
      operators: (cluster: string) => readonly OperatorSpec[];
      requestTimeoutMs: number;
      now: () => number;
    },
  ) {}

  async read(entityRef: string, limit: number): Promise<OperatorLogResponse> {
    const sources: OperatorSource[] = [];
    const items: Array<OperatorLogLine & { order: number }> = [];
    const reads: Promise<void>[] = [];
    for (const { cluster, store, uids } of await this.options.objects.resolve(
      entityRef,
    )) {
      const operators = this.options.operators(cluster);
      if (!operators.length) continue;
      const objects: KubeObject[] = [];
      for (const uid of uids) {
        const obj = store.get(uid);
        if (obj) objects.push(obj);
      }
      const names = new EntityObjectNames(cluster, objects);
      for (const operator of operators) {
        const source: OperatorSource = {
          cluster,
          name: operator.name,
          namespace: operator.namespace,
          pods: [],
        };
        sources.push(source);
        // nothing of the entity in this cluster: no line can be about it
        if (names.size === 0) continue;
        reads.push(this.readOperator(cluster, operator, source, names, items));
      }
    }
    // operators and clusters are read side by side; a read never throws
    await Promise.all(reads);
    items.sort(
      (a, b) =>
        LEVEL_RANK[a.level] - LEVEL_RANK[b.level] ||
        (b.time ?? '').localeCompare(a.time ?? '') ||
        b.order - a.order,
    );
    return {
      sources,
      items: items.slice(0, limit).map(({ order: _order, ...line }) => line),
    };
  }

  private async readOperator(
    cluster: string,
    operator: OperatorSpec,
    source: OperatorSource,
    names: EntityObjectNames,
    out: Array<OperatorLogLine & { order: number }>,
  ) {
    let pods: KubeObject[];
    try {
      pods = await this.listPods(cluster, operator);
    } catch (e) {
      source.error = `Cannot list pods ${operator.labelSelector} in ${
        operator.namespace
      }: ${describe(e)}`;
      return;
    }
    source.pods = pods.map(p => String(p.metadata?.name));
    if (!pods.length) {
      source.error = `No pod matches ${operator.labelSelector} in ${operator.namespace}`;
      return;
    }
    const failures: string[] = [];
    for (const pod of pods) {
      const podName = String(pod.metadata?.name);
      const container =
        operator.container ?? pod.spec?.containers?.[0]?.name ?? '';
      try {
        const { text } = await this.options.reader.read(
          { cluster, namespace: operator.namespace, pod: podName, container },
          {
            previous: false,
            tailLines: this.options.limits.operatorTailLines,
            limitBytes: this.options.limits.maxBytes,
            timestamps: false,
          },
        );
        const now = this.options.now();
        text.split('\n').forEach(raw => {
          const parsed = parseOperatorLine(raw, now);
          const object = parsed && names.match(parsed.objects);
          if (!parsed || !object) return;
          out.push({
            cluster,
            operator: operator.name,
            pod: podName,
            ...(parsed.time ? { time: parsed.time } : {}),
            level: parsed.level,
            message: parsed.message,
            ...(parsed.error !== undefined ? { error: parsed.error } : {}),
            object,
            raw: raw.trimEnd(),
            order: out.length,
          });
        });
      } catch (e) {
        failures.push(`${podName}: ${describe(e)}`);
      }
    }
    if (failures.length) source.error = failures.join('; ');
  }

  private async listPods(
    cluster: string,
    operator: OperatorSpec,
  ): Promise<KubeObject[]> {
    const api = this.options.objects
      .connection(cluster)
      .makeApiClient(CoreV1Api);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Error(`no answer within ${this.options.requestTimeoutMs} ms`),
          ),
        this.options.requestTimeoutMs,
      );
    });
    try {
      const list = await Promise.race([
        api.listNamespacedPod({
          namespace: operator.namespace,
          labelSelector: operator.labelSelector,
          limit: MAX_PODS_PER_OPERATOR,
        }),
        timeout,
      ]);
      return (list.items as KubeObject[])
        .slice(0, MAX_PODS_PER_OPERATOR)
        .sort((a, b) =>
          String(a.metadata?.name).localeCompare(String(b.metadata?.name)),
        );
    } finally {
      clearTimeout(timer);
    }
  }
}

/** A cluster error in one line: client-node's ApiException carries status, body and headers. */
function describe(e: unknown): string {
  const err = e as { code?: number; body?: unknown; message?: string };
  if (typeof err?.code === 'number') {
    let message: string | undefined;
    try {
      const body =
        typeof err.body === 'string' ? JSON.parse(err.body) : err.body;
      message = (body as { message?: string })?.message;
    } catch {
      // not a Status
    }
    return `cluster answered ${err.code}${message ? `: ${message}` : ''}`;
  }
  return String(err?.message ?? e)
    .split('\n')[0]
    .slice(0, 300);
}
