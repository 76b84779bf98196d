import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { CompoundEntityRef, parseEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import {
  BuildLogResponse,
  ClusterHealth,
  CronJobAction,
  CronJobActionResponse,
  EntityEventsResponse,
  EntityTimelineResponse,
  EntityStatus,
  EntityRollup,
  EntityStatusSummary,
  JobHistoryResponse,
  OperatorLogResponse,
  WorkloadAction,
  WorkloadActionResponse,
} from '@workload-status/backstage-plugin-workload-status-common';
import {
  BuildRef,
  ClusterObjectRef,
  ContainerLogOptions,
  EventFilter,
  LogFollowHandlers,
  WorkloadObjectRef,
  WorkloadStatusApi,
} from './types';
import { LogLineSplitter } from './LogLineSplitter';

type Query = Record<string, string | number | boolean | undefined>;

/** The path segment of each kind the workload actions take. */
const WORKLOAD_KIND_SEGMENTS: Record<string, string | undefined> = {
  Deployment: 'deployments',
  StatefulSet: 'statefulsets',
  DaemonSet: 'daemonsets',
};

/**
 * Talks to the backend plugin at /api/workload-status. Every request goes
 * through Backstage's fetchApi, which attaches the user's token, streamed
 * logs and downloads included.
 * @public
 */
export class WorkloadStatusClient implements WorkloadStatusApi {
  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  async getEntityStatus(entityRef: string): Promise<EntityStatus> {
    return this.json<EntityStatus>(`${entityPath(entityRef)}/status`);
  }

  async getRollup(entityRef: string): Promise<EntityRollup> {
    // a System's or Group's status route answers its rollup
    return this.json<EntityRollup>(`${entityPath(entityRef)}/status`);
  }

  async getSummaries(entityRefs: string[]): Promise<EntityStatusSummary[]> {
    if (entityRefs.length === 0) return [];
    const body = await this.json<{ items: EntityStatusSummary[] }>(
      '/v1/summaries',
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ entityRefs }),
      },
    );
    return body.items;
  }

  async getClusters(): Promise<ClusterHealth[]> {
    const body = await this.json<{ items: ClusterHealth[] }>('/v1/clusters');
    return body.items;
  }

  async getEvents(
    entityRef: string,
    filter: EventFilter = {},
  ): Promise<EntityEventsResponse> {
    return this.json(
      `${entityPath(entityRef)}/events${queryString({ ...filter })}`,
    );
  }

  async getTimeline(
    entityRef: string,
    options: { since?: string; limit?: number } = {},
  ): Promise<EntityTimelineResponse> {
    return this.json(
      `${entityPath(entityRef)}/timeline${queryString(options)}`,
    );
  }

  async getJobHistory(
    entityRef: string,
    options: { cronJob?: string; limit?: number } = {},
  ): Promise<JobHistoryResponse> {
    return this.json(
      `${entityPath(entityRef)}/job-history${queryString(options)}`,
    );
  }

  async getPodLog(
    entityRef: string,
    pod: ClusterObjectRef,
    options: ContainerLogOptions = {},
  ): Promise<string> {
    const response = await this.fetch(podLogPath(entityRef, pod, options));
    return response.text();
  }

  async followPodLog(
    entityRef: string,
    pod: ClusterObjectRef,
    options: ContainerLogOptions,
    handlers: LogFollowHandlers,
  ): Promise<void> {
    const { onLines, signal } = handlers;
    let response: Response;
    try {
      response = await this.fetch(
        podLogPath(entityRef, pod, options, { follow: true }),
        { signal },
      );
    } catch (error) {
      if (signal.aborted) return;
      throw error;
    }
    const splitter = new LogLineSplitter();
    if (!response.body) {
      // No stream support (old browsers, some test environments): the whole
      // answer arrives at once.
      const text = await response.text();
      const lines = [
        ...splitter.push(new TextEncoder().encode(text)),
        ...splitter.end(),
      ];
      if (lines.length > 0) onLines(lines);
      return;
    }
    const reader = response.body.getReader();
    const cancel = () => {
      reader.cancel().catch(() => {});
    };
    signal.addEventListener('abort', cancel);
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (signal.aborted) return;
        if (done) break;
        const lines = splitter.push(value);
        if (lines.length > 0) onLines(lines);
      }
      const rest = splitter.end();
      if (rest.length > 0) onLines(rest);
    } catch (error) {
      if (signal.aborted) return;
      throw error;
    } finally {
      signal.removeEventListener('abort', cancel);
    }
  }

  async downloadPodLog(
    entityRef: string,
    pod: ClusterObjectRef,
    options: ContainerLogOptions = {},
  ): Promise<Blob> {
    const response = await this.fetch(
      podLogPath(entityRef, pod, options, { download: true }),
    );
    return response.blob();
  }

  async getJobLog(
    entityRef: string,
    job: ClusterObjectRef,
    options: ContainerLogOptions = {},
  ): Promise<string> {
    const response = await this.fetch(
      `${entityPath(entityRef)}/jobs/${objectPath(job)}/log${queryString({
        ...options,
      })}`,
    );
    return response.text();
  }

  async getBuildLog(
    entityRef: string,
    build: BuildRef,
    options: { tailLines?: number } = {},
  ): Promise<BuildLogResponse> {
    const path = [build.cluster, build.namespace, build.kind, build.name]
      .map(encodeURIComponent)
      .join('/');
    return this.json(
      `${entityPath(entityRef)}/builds/${path}/log${queryString(options)}`,
    );
  }

  async getOperatorLog(
    entityRef: string,
    options: { limit?: number } = {},
  ): Promise<OperatorLogResponse> {
    return this.json(
      `${entityPath(entityRef)}/operator-log${queryString(options)}`,
    );
  }

  async cronJobAction(
    entityRef: string,
    action: CronJobAction,
    cronJob: ClusterObjectRef,
  ): Promise<CronJobActionResponse> {
    const base = `${entityPath(entityRef)}/cronjobs/${objectPath(cronJob)}`;
    if (action === 'delete') {
      return this.json(base, { method: 'DELETE' });
    }
    return this.json(`${base}/${action}`, { method: 'POST' });
  }

  async workloadAction(
    entityRef: string,
    action: Exclude<WorkloadAction, 'delete-pod'>,
    workload: WorkloadObjectRef,
    options: { replicas?: number } = {},
  ): Promise<WorkloadActionResponse> {
    const kind = WORKLOAD_KIND_SEGMENTS[workload.kind];
    if (!kind) {
      throw new Error(`No actions on ${workload.kind} ${workload.name}`);
    }
    const [cluster, namespace, name] = [
      workload.cluster,
      workload.namespace,
      workload.name,
    ].map(encodeURIComponent);
    const path = `${entityPath(
      entityRef,
    )}/workloads/${cluster}/${namespace}/${kind}/${name}/${action}`;
    return this.json(path, {
      method: 'POST',
      ...(options.replicas !== undefined
        ? {
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ replicas: options.replicas }),
          }
        : {}),
    });
  }

  async deletePod(
    entityRef: string,
    pod: ClusterObjectRef,
  ): Promise<WorkloadActionResponse> {
    return this.json(`${entityPath(entityRef)}/pods/${objectPath(pod)}`, {
      method: 'DELETE',
    });
  }

  private async json<T>(path: string, init?: RequestInit): Promise<T> {
    const response = await this.fetch(path, init);
    return (await response.json()) as T;
  }

  private async fetch(path: string, init?: RequestInit): Promise<Response> {
    const baseUrl = await this.deps.discoveryApi.getBaseUrl('workload-status');
    const response = await this.deps.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response;
  }
}

function entityPath(entityRef: string): string {
  const ref: CompoundEntityRef = parseEntityRef(entityRef);
  const parts = [ref.namespace, ref.kind, ref.name].map(p =>
    encodeURIComponent(p.toLocaleLowerCase('en-US')),
  );
  return `/v1/entities/${parts.join('/')}`;
}

function objectPath(ref: ClusterObjectRef): string {
  return [ref.cluster, ref.namespace, ref.name]
    .map(encodeURIComponent)
    .join('/');
}

function podLogPath(
  entityRef: string,
  pod: ClusterObjectRef,
  options: ContainerLogOptions,
  extra: Query = {},
): string {
  return `${entityPath(entityRef)}/pods/${objectPath(pod)}/log${queryString({
    ...options,
    ...extra,
  })}`;
}

/** `?a=1&b=x`, leaving out unset values and `false` flags. */
function queryString(query: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === false || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
