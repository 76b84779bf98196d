import { EntityStatusSummary } from '@workload-status/backstage-plugin-workload-status-common';
import { WorkloadStatusApi } from './types';

/** The backend's limit on one summaries request. */
const MAX_BATCH = 1000;

/** How long a loaded summary answers repeated loads of the same ref. */
const FRESH_MS = 5_000;

/**
 * Gathers the summaries that the rows of a table ask for in the same tick
 * into one request, so a catalog page costs one call instead of one per row.
 * A table that remounts its rows while the page settles (the catalog does,
 * as its filters load) asks again: those loads join the request in flight
 * or take the answer it gave moments ago instead of sending another.
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
  /** the last answer per ref: its summary (none when not readable) and when */
  private readonly answers = new Map<
    string,
    { summary?: EntityStatusSummary; at: number }
  >();
  private readonly inFlight = new Map<
    string,
    Promise<EntityStatusSummary | undefined>
  >();

  constructor(
    private readonly api: Pick<WorkloadStatusApi, 'getSummaries'>,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The summary for one ref, or undefined when the user may not read it.
   * `maxAgeMs: 0` asks again even for an answer of moments ago (a refresh
   * after a change).
   */
  load(
    entityRef: string,
    options: { maxAgeMs?: number } = {},
  ): Promise<EntityStatusSummary | undefined> {
    const inFlight = this.inFlight.get(entityRef);
    if (inFlight) return inFlight;
    const answer = this.answers.get(entityRef);
    if (answer && this.now() - answer.at < (options.maxAgeMs ?? FRESH_MS)) {
      return Promise.resolve(answer.summary);
    }
    const promise = new Promise<EntityStatusSummary | undefined>(
      (resolve, reject) => {
        const waiters = this.pending.get(entityRef) ?? [];
        waiters.push({ resolve, reject });
        this.pending.set(entityRef, waiters);
        if (!this.scheduled) {
          this.scheduled = true;
          setTimeout(() => this.flush(), 0);
        }
      },
    );
    this.inFlight.set(entityRef, promise);
    const settled = () => {
      if (this.inFlight.get(entityRef) === promise) {
        this.inFlight.delete(entityRef);
      }
    };
    promise.then(settled, settled);
    return promise;
  }

  /** The last summary loaded for a ref, for synchronous uses like sorting. */
  peek(entityRef: string): EntityStatusSummary | undefined {
    return this.answers.get(entityRef)?.summary;
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
        const at = this.now();
        for (const ref of chunk) {
          const summary = byRef.get(refKey(ref));
          this.answers.set(ref, { summary, at });
          batch.get(ref)?.forEach(w => w.resolve(summary));
        }
      } catch (error) {
        for (const ref of chunk) batch.get(ref)?.forEach(w => w.reject(error));
      }
    }
  }
}

// One batcher per API instance: the catalog column's cells and the team
// overview share it, so a page of rows costs one summaries request.
const batchers = new WeakMap<
  Pick<WorkloadStatusApi, 'getSummaries'>,
  SummaryBatcher
>();

/** The batcher shared by every user of an API instance. */
export function summaryBatcherFor(
  api: Pick<WorkloadStatusApi, 'getSummaries'>,
): SummaryBatcher {
  let batcher = batchers.get(api);
  if (!batcher) {
    batcher = new SummaryBatcher(api);
    batchers.set(api, batcher);
  }
  return batcher;
}

/** Entity refs compare case-insensitively, as the catalog does. */
function refKey(entityRef: string): string {
  return entityRef.toLocaleLowerCase('en-US');
}
