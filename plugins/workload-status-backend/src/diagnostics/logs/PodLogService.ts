import { NotFoundError } from '@backstage/errors';
import type { KubeObject } from '@workload-status/backstage-plugin-workload-status-common';
import type { Readable } from 'node:stream';
import type { EntityObjectRef, EntityObjects } from '../EntityObjects';
import type { LogRequest } from './LogRequest';
import type { PodLogReader, PodLogTarget } from './PodLogReader';

/** An opened service or job log. */
export interface OpenedLog {
  target: PodLogTarget;
  stream: Readable;
}

/**
 * The service log (a pod's container) and the job run log (the newest pod
 * of a Job). The pod, the Job and the container must belong to the
 * entity's tree in the cache: a caller cannot reach another entity's pod
 * by naming it.
 */
export class PodLogService {
  constructor(
    private readonly objects: Pick<EntityObjects, 'find' | 'resolve'>,
    private readonly reader: Pick<PodLogReader, 'open'>,
  ) {}

  async openPodLog(
    entityRef: string,
    ref: Omit<EntityObjectRef, 'kind'>,
    request: LogRequest,
    signal: AbortSignal,
  ): Promise<OpenedLog> {
    const pod = await this.objects.find(entityRef, { ...ref, kind: 'Pod' });
    const target = targetOf(ref.cluster, pod, request.container);
    return { target, stream: await this.open(target, request, signal) };
  }

  async openJobLog(
    entityRef: string,
    ref: Omit<EntityObjectRef, 'kind'>,
    request: LogRequest,
    signal: AbortSignal,
  ): Promise<OpenedLog> {
    const job = await this.objects.find(entityRef, { ...ref, kind: 'Job' });
    const pods = await this.podsOwnedBy(entityRef, ref.cluster, job);
    const newest = pods[0];
    if (!newest) {
      throw new NotFoundError(
        `Job ${ref.namespace}/${ref.name} has no pod left in cluster ${ref.cluster} (finished Jobs' pods are removed with them)`,
      );
    }
    const target = targetOf(ref.cluster, newest, request.container);
    return { target, stream: await this.open(target, request, signal) };
  }

  private open(
    target: PodLogTarget,
    request: LogRequest,
    signal: AbortSignal,
  ): Promise<Readable> {
    // the route holds the caller's stream slot (LogStreamLimit) until it ends
    return this.reader.open(target, request, signal);
  }

  /** The entity's pods owned by `owner`, newest first. */
  async podsOwnedBy(
    entityRef: string,
    cluster: string,
    owner: KubeObject,
  ): Promise<KubeObject[]> {
    const ownerUid = owner.metadata?.uid;
    const objects = (await this.objects.resolve(entityRef)).find(
      c => c.cluster === cluster,
    );
    const pods: KubeObject[] = [];
    for (const uid of objects?.uids ?? []) {
      const obj = objects!.store.get(uid);
      if (
        obj?.kind === 'Pod' &&
        obj.metadata?.ownerReferences?.some(r => r.uid === ownerUid)
      ) {
        pods.push(obj);
      }
    }
    return pods.sort(newestFirst);
  }
}

/** Newest creationTimestamp first; the name breaks ties, for a stable order. */
export function newestFirst(a: KubeObject, b: KubeObject): number {
  const ta = String(a.metadata?.creationTimestamp ?? '');
  const tb = String(b.metadata?.creationTimestamp ?? '');
  if (ta !== tb) return ta < tb ? 1 : -1;
  return String(b.metadata?.name).localeCompare(String(a.metadata?.name));
}

/** Container names of a pod in the cached projection: init containers first. */
export function containerNames(pod: KubeObject): {
  init: string[];
  main: string[];
} {
  const names = (list: unknown) =>
    Array.isArray(list)
      ? list
          .map(c => (c as { name?: unknown })?.name)
          .filter((n): n is string => typeof n === 'string')
      : [];
  return {
    init: names(pod.spec?.initContainers),
    main: names(pod.spec?.containers),
  };
}

function targetOf(
  cluster: string,
  pod: KubeObject,
  container: string | undefined,
): PodLogTarget {
  const { init, main } = containerNames(pod);
  const namespace = String(pod.metadata?.namespace);
  const name = String(pod.metadata?.name);
  const chosen = container ?? main[0];
  if (!chosen || ![...init, ...main].includes(chosen)) {
    throw new NotFoundError(
      `Pod ${namespace}/${name} has no container '${
        container ?? ''
      }' (containers: ${[...init, ...main].join(', ') || 'none'})`,
    );
  }
  return { cluster, namespace, pod: name, container: chosen };
}
