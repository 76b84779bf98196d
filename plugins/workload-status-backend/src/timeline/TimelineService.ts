import type { EntityTimelineResponse } from '@workload-status/backstage-plugin-workload-status-common';
import type { TimelineSettings } from './TimelineSettings';
import { TimelineStore, toEntry } from './TimelineStore';

/** Narrows an entity's timeline. */
export interface TimelineQuery {
  /** RFC 3339: changes at or after it */
  since?: string;
  limit: number;
}

const DAY_MS = 24 * 3600_000;

/** The timeline's read side and its bounds. */
export class TimelineService {
  constructor(
    private readonly options: {
      store: TimelineStore;
      settings: TimelineSettings;
      now: () => number;
    },
  ) {}

  async list(
    entityRef: string,
    query: TimelineQuery,
  ): Promise<EntityTimelineResponse> {
    const records = await this.options.store.list({ entityRef, ...query });
    return { items: records.map(toEntry) };
  }

  /** Drops changes past the age and per-subject bounds; returns how many. */
  prune(): Promise<number> {
    const { settings, now } = this.options;
    return this.options.store.prune({
      before: new Date(now() - settings.maxAgeDays * DAY_MS).toISOString(),
      maxRowsPerSubject: settings.maxRowsPerWorkload,
    });
  }
}
