import type {
  KubeObject,
  OperatorLogLine,
  OperatorLogResponse,
  OperatorSource,
} from '@workload-status/backstage-plugin-workload-status-common';
import { publicClusterError } from '../../cluster/clusterErrorText';
import type { LogSettings, OperatorSpec } from '../../cluster/types';
import { redactJsonLine, redactText } from '../../redaction';
import { internalDetailOf, textFor } from '../../service/publicErrors';
import type { EntityObjects } from '../EntityObjects';
import type { PodLogReader } from '../logs/PodLogReader';
import { EntityObjectNames } from './EntityObjectNames';
import { OperatorLogCache } from './OperatorLogCache';
import { parseOperatorLine } from './OperatorLogParser';

/** `limit` of the operator log: 1..1000, default 200. */
export const OPERATOR_LOG_LIMIT = { default: 200, max: 1000 };

const LEVEL_RANK: Record<OperatorLogLine['level'], number> = {
  error: 0,
  warning: 1,
  info: 2,
  debug: 3,
};

/** An operator as read, with the detail of its error for callers who may read cluster details. */
export interface OperatorSourceRead extends OperatorSource {
  /** the cluster's own error text (addresses, account names): never sent to others */
  detail?: string;
}

/** An entity's operator log as read (and cached): every line kept, errors with their detail. */
export interface OperatorLogRead {
  sources: OperatorSourceRead[];
  /** sorted, at most OPERATOR_LOG_LIMIT.max */
  items: OperatorLogLine[];
  incompleteReasons: string[];
  readAt: string;
}

type Limits = Pick<
  LogSettings,
  | 'operatorTailLines'
  | 'maxBytes'
  | 'readTimeoutMs'
  | 'operatorMaxPods'
  | 'operatorMaxBytes'
  | 'operatorCacheTtlMs'
  | 'operatorCacheMaxEntries'
  | 'operatorCacheMaxBytes'
>;

/** One reading of the operators for one entity, with its bounds. */
class OperatorLogRequest {
  readonly sources: OperatorSourceRead[] = [];
  private readonly items: Array<OperatorLogLine & { order: number }> = [];
  private readonly incomplete = new Set<string>();
  private readonly deadline: number;
  private bytesLeft: number;

  constructor(
    private readonly options: {
      objects: Pick<EntityObjects, 'connection'>;
      reader: Pick<PodLogReader, 'read'>;
      limits: Limits;
      now: () => number;
      clock?: () => number;
    },
  ) {
    this.deadline = this.clock() + options.limits.readTimeoutMs;
    this.bytesLeft = options.limits.operatorMaxBytes;
  }

  result(now: number): OperatorLogRead {
    const sorted = this.items
      .sort(
        (a, b) =>
          LEVEL_RANK[a.level] - LEVEL_RANK[b.level] ||
          (b.time ?? '').localeCompare(a.time ?? '') ||
          b.order - a.order,
      )
      .slice(0, OPERATOR_LOG_LIMIT.max)
      .map(({ order: _order, ...line }) => line);
    return {
      sources: this.sources,
      items: sorted,
      incompleteReasons: [...this.incomplete],
      readAt: new Date(now).toISOString(),
    };
  }

  async readOperator(
    cluster: string,
    operator: OperatorSpec,
    source: OperatorSourceRead,
    names: EntityObjectNames,
  ) {
    const who = `operator ${operator.name} in cluster ${cluster}`;
    const { limits } = this.options;
    let pods: KubeObject[];
    try {
      pods = await this.listPods(cluster, operator);
    } catch (e) {
      const failure = publicClusterError(cluster, e);
      source.error = `Cannot list pods ${operator.labelSelector} in ${operator.namespace}: ${failure}`;
      source.detail = detailOf(e);
      this.incomplete.add(`${who}: its pods cannot be listed: ${failure}`);
      return;
    }
    if (pods.length > limits.operatorMaxPods) {
      this.incomplete.add(
        `${who} has more than ${limits.operatorMaxPods} pods; ${limits.operatorMaxPods} are read (workloadStatus.logs.operatorMaxPods)`,
      );
      pods = pods.slice(0, limits.operatorMaxPods);
    }
    source.pods = pods.map(p => String(p.metadata?.name));
    if (!pods.length) {
      source.error = `No pod matches ${operator.labelSelector} in ${operator.namespace}`;
      return;
    }
    const failures: string[] = [];
    const details: string[] = [];
    for (const pod of pods) {
      const podName = String(pod.metadata?.name);
      const timeLeft = this.deadline - this.clock();
      if (timeLeft <= 0) {
        this.incomplete.add(this.outOfTime());
        break;
      }
      const limitBytes = Math.min(limits.maxBytes, this.bytesLeft);
      if (limitBytes <= 0) {
        this.incomplete.add(
          `the operators' logs reached ${limits.operatorMaxBytes} bytes (workloadStatus.logs.operatorMaxBytes); the rest was not read`,
        );
        break;
      }
      // reserved before the read: reads of other operators run meanwhile
      this.bytesLeft -= limitBytes;
      const container =
        operator.container ?? pod.spec?.containers?.[0]?.name ?? '';
      try {
        const { text, timedOut } = await this.options.reader.read(
          { cluster, namespace: operator.namespace, pod: podName, container },
          {
            previous: false,
            tailLines: limits.operatorTailLines,
            limitBytes,
            timestamps: false,
          },
          timeLeft,
        );
        this.bytesLeft += limitBytes - Buffer.byteLength(text);
        if (timedOut) this.incomplete.add(this.outOfTime());
        this.collect(text, cluster, operator, podName, names);
      } catch (e) {
        this.bytesLeft += limitBytes;
        failures.push(`${podName}: ${(e as Error)?.message ?? e}`);
        const detail = detailOf(e);
        if (detail) details.push(`${podName}: ${detail}`);
        this.incomplete.add(`${who}: pod ${podName} cannot be read`);
      }
    }
    if (failures.length) source.error = failures.join('; ');
    if (details.length) source.detail = details.join('; ');
  }

  /** The lines of one pod's log that name an object of the entity; a line that fails to parse is skipped. */
  private collect(
    text: string,
    cluster: string,
    operator: OperatorSpec,
    pod: string,
    names: EntityObjectNames,
  ) {
    const now = this.options.now();
    for (const raw of text.split('\n')) {
      try {
        const parsed = parseOperatorLine(raw, now);
        const object = parsed && names.match(parsed.objects);
        if (!parsed || !object) continue;
        // the raw line was redacted as it was read; message and error are
        // unescaped from it (JSON, klog quotes) and redacted again, and a
        // JSON line's values too (escapes can hide a secret from the line)
        this.items.push({
          cluster,
          operator: operator.name,
          pod,
          ...(parsed.time ? { time: parsed.time } : {}),
          level: parsed.level,
          message: redactText(parsed.message),
          ...(parsed.error !== undefined
            ? { error: redactText(parsed.error) }
            : {}),
          object,
          raw: redactJsonLine(raw.trimEnd()),
          order: this.items.length,
        });
      } catch {
        // one malformed line: the others still count
      }
    }
  }

  private async listPods(
    cluster: string,
    operator: OperatorSpec,
  ): Promise<KubeObject[]> {
    const abort = new AbortController();
    const timer = setTimeout(
      () => abort.abort(),
      Math.max(1, this.deadline - this.clock()),
    );
    const query = new URLSearchParams({
      labelSelector: operator.labelSelector,
      // one more than is read: tells that there are more
      limit: String(this.options.limits.operatorMaxPods + 1),
    });
    try {
      const list = await this.options.objects
        .connection(cluster)
        .getJson<{ items?: KubeObject[] }>(
          `/api/v1/namespaces/${encodeURIComponent(
            operator.namespace,
          )}/pods?${query}`,
          abort.signal,
        );
      return (Array.isArray(list?.items) ? list.items : []).sort((a, b) =>
        String(a.metadata?.name).localeCompare(String(b.metadata?.name)),
      );
    } catch (e) {
      if (abort.signal.aborted) {
        throw new Error(
          `timed out: no pod list within ${this.options.limits.readTimeoutMs} ms`,
        );
      }
      throw e;
    } finally {
      clearTimeout(timer);
    }
  }

  private outOfTime() {
    return `the operators' logs were not all read within ${this.options.limits.readTimeoutMs} ms (workloadStatus.logs.readTimeout)`;
  }

  private clock() {
    return (this.options.clock ?? performance.now.bind(performance))();
  }
}

/**
 * The operator log of an entity: the recent lines of the operators
 * configured for each of its clusters that name one of its objects,
 * errors first, then newest first. Operator pods are found by their label
 * selector at request time (they are not the entity's objects). An
 * operator whose pods cannot be listed or read is reported in `sources`
 * and does not fail the others.
 *
 * One answer reads at most operatorMaxPods pods per operator and
 * operatorMaxBytes in all, within readTimeout; whatever is cut makes the
 * answer `incomplete`, with the reason. Answers are cached per entity for
 * operatorCacheTtl (see OperatorLogCache). A line that cannot be parsed
 * is skipped alone.
 */
export class OperatorLogService {
  private readonly cache: OperatorLogCache<OperatorLogRead>;

  constructor(
    private readonly options: {
      objects: Pick<EntityObjects, 'resolve' | 'connection'>;
      reader: Pick<PodLogReader, 'read'>;
      limits: Limits;
      operators: (cluster: string) => readonly OperatorSpec[];
      /** epoch milliseconds: klog lines carry no year */
      now: () => number;
      /** monotonic milliseconds, for deadlines and the cache */
      clock?: () => number;
    },
  ) {
    const { limits } = options;
    this.cache = new OperatorLogCache({
      ttlMs: limits.operatorCacheTtlMs,
      maxEntries: limits.operatorCacheMaxEntries,
      maxBytes: limits.operatorCacheMaxBytes,
      sizeOf: sizeOfRead,
      clock: options.clock,
    });
  }

  /** The entity's operator log, from the cache when it was read lately. */
  read(entityRef: string): Promise<OperatorLogRead> {
    return this.cache.get(entityRef, () => this.readNow(entityRef));
  }

  private async readNow(entityRef: string): Promise<OperatorLogRead> {
    const request = new OperatorLogRequest(this.options);
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
        const source: OperatorSourceRead = {
          cluster,
          name: operator.name,
          namespace: operator.namespace,
          pods: [],
        };
        request.sources.push(source);
        // nothing of the entity in this cluster: no line can be about it
        if (names.size === 0) continue;
        reads.push(request.readOperator(cluster, operator, source, names));
      }
    }
    // operators and clusters are read side by side; a read never throws
    await Promise.all(reads);
    return request.result(this.options.now());
  }
}

/**
 * The answer a caller gets: the first `limit` lines, and the operators'
 * errors with their detail only when the caller may read cluster details.
 */
export function operatorLogResponse(
  read: OperatorLogRead,
  limit: number,
  clusterDetail: boolean,
): OperatorLogResponse {
  return {
    sources: read.sources.map(({ detail, ...source }) =>
      source.error === undefined
        ? source
        : { ...source, error: textFor(source.error, detail, clusterDetail) },
    ),
    items: read.items.slice(0, limit),
    ...(read.incompleteReasons.length
      ? { incomplete: true, incompleteReasons: read.incompleteReasons }
      : {}),
    readAt: read.readAt,
  };
}

/** The cluster's own text of a failure, when there is one to keep from users. */
function detailOf(e: unknown): string | undefined {
  const attached = internalDetailOf(e);
  if (attached) return attached.detail;
  const err = e as { body?: unknown; message?: unknown };
  const message = typeof err?.message === 'string' ? err.message : String(e);
  return message.split('\n')[0].slice(0, 1000);
}

/** Bytes an answer holds, about: two per character of its texts. */
function sizeOfRead(read: OperatorLogRead): number {
  let chars = 0;
  for (const s of read.sources) {
    chars += 200 + (s.error?.length ?? 0) + (s.detail?.length ?? 0);
    for (const p of s.pods) chars += p.length;
  }
  for (const i of read.items) {
    chars += 200 + i.raw.length + i.message.length + (i.error?.length ?? 0);
  }
  for (const r of read.incompleteReasons) chars += r.length;
  return chars * 2;
}
