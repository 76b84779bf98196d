import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { CompoundEntityRef, parseEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import {
  EntityStatus,
  EntityStatusSummary,
} from '@internal/plugin-workload-status-common';
import { WorkloadStatusApi } from './types';

/** Talks to the backend plugin at /api/workload-status. @public */
export class WorkloadStatusClient implements WorkloadStatusApi {
  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  async getEntityStatus(entityRef: string): Promise<EntityStatus> {
    return this.request<EntityStatus>(`${entityPath(entityRef)}/status`);
  }

  async getSummaries(entityRefs: string[]): Promise<EntityStatusSummary[]> {
    if (entityRefs.length === 0) return [];
    const body = await this.request<{ items: EntityStatusSummary[] }>(
      '/v1/summaries',
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ entityRefs }),
      },
    );
    return body.items;
  }

  private async request<T>(path: string, init?: RequestInit): Promise<T> {
    const baseUrl = await this.deps.discoveryApi.getBaseUrl('workload-status');
    const response = await this.deps.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}

function entityPath(entityRef: string): string {
  const ref: CompoundEntityRef = parseEntityRef(entityRef);
  const parts = [ref.namespace, ref.kind, ref.name].map(p =>
    encodeURIComponent(p.toLocaleLowerCase('en-US')),
  );
  return `/v1/entities/${parts.join('/')}`;
}
