import { EntityStatusSummary } from '@internal/plugin-workload-status-common';
import { WorkloadStatusApi } from './types';

/** The backend's limit on one summaries request. */
const MAX_BATCH = 1000;

/**
 * Gathers the summaries that the rows of a table ask for in the same tick
 * into one request, so a catalog page costs one call instead of one per row.
 */
export class SummaryBatcher {
  private pending = new Map<
    string,
    Array<{
      resolve: (s: EntityStatusSummary | undefined) => void;
      reject: (e: unknown) => void;
    }>
  >();
  private scheduled = false;
  private readonly known = new Map<string, EntityStatusSummary>();

  constructor(private readonly api: WorkloadStatusApi) {}

  /** The summary for one ref, or undefined when the user may not read it. */
  load(entityRef: string): Promise<EntityStatusSummary | undefined> {
    return new Promise((resolve, reject) => {
      const waiters = this.pending.get(entityRef) ?? [];
      waiters.push({ resolve, reject });
      this.pending.set(entityRef, waiters);
      if (!this.scheduled) {
        this.scheduled = true;
        setTimeout(() => this.flush(), 0);
      }
    });
  }

  /** The last summary loaded for a ref, for synchronous uses like sorting. */
  peek(entityRef: string): EntityStatusSummary | undefined {
    return this.known.get(entityRef);
  }

  private async flush() {
    this.scheduled = false;
    const batch = this.pending;
    this.pending = new Map();
    const refs = [...batch.keys()];
    for (let i = 0; i < refs.length; i += MAX_BATCH) {
      const chunk = refs.slice(i, i + MAX_BATCH);
      try {
        const items = await this.api.getSummaries(chunk);
        const byRef = new Map(
          items.map(item => [refKey(item.entityRef), item]),
        );
        for (const ref of chunk) {
          const summary = byRef.get(refKey(ref));
          if (summary) this.known.set(ref, summary);
          batch.get(ref)?.forEach(w => w.resolve(summary));
        }
      } catch (error) {
        for (const ref of chunk) batch.get(ref)?.forEach(w => w.reject(error));
      }
    }
  }
}

/** Entity refs compare case-insensitively, as the catalog does. */
function refKey(entityRef: string): string {
  return entityRef.toLocaleLowerCase('en-US');
}
