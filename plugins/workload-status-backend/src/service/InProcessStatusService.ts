import type { PermissionsService } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import { isRollupRef } from '@workload-status/backstage-plugin-workload-status-common';
import type { WorkloadStatusService } from '@workload-status/backstage-plugin-workload-status-node';
import { EntityAuthorizer } from './EntityAuthorizer';
import { parseSummariesRequest } from './request/parseSummariesRequest';
import type { ReadableFilter, RollupReader } from './RollupReader';
import type { StatusReader } from './StatusReader';
import type { TimelineService } from '../timeline/TimelineService';
import { parseTimelineQuery } from './request/parseTimelineQuery';

/** A trusted caller (no credentials) reads every member. */
const EVERY_MEMBER: ReadableFilter = async refs => refs;

/**
 * What other backend plugins get through workloadStatusServiceRef: the same
 * reader as the routes, with the same permission check when the caller
 * passes credentials on behalf of a user.
 */
export function createInProcessStatusService(options: {
  reader: Pick<StatusReader, 'getEntityStatus' | 'getSummaries'>;
  rollups: Pick<RollupReader, 'getRollup' | 'getSummaries'>;
  permissions: PermissionsService;
  maxBatchSize: number;
  /** getTimeline; absent without a database */
  timeline?: Pick<TimelineService, 'list'>;
}): WorkloadStatusService {
  const authorizer = new EntityAuthorizer(options.permissions);
  return {
    async getEntityStatus(entityRef, opts) {
      const [ref] = parseSummariesRequest({ entityRefs: [entityRef] }, 1);
      if (opts?.credentials) {
        await authorizer.assertReadable(ref, opts.credentials);
      }
      try {
        return await options.reader.getEntityStatus(ref);
      } catch (e) {
        if (e instanceof NotFoundError) return undefined;
        throw e;
      }
    },
    async getSummaries(entityRefs, opts) {
      let refs = parseSummariesRequest({ entityRefs }, options.maxBatchSize);
      const credentials = opts?.credentials;
      if (credentials) {
        refs = await authorizer.filterReadable(refs, credentials);
      }
      if (!refs.some(isRollupRef)) return options.reader.getSummaries(refs);
      return options.rollups.getSummaries(
        refs,
        credentials
          ? members => authorizer.filterReadable(members, credentials)
          : EVERY_MEMBER,
      );
    },
    async getRollup(entityRef, opts) {
      const [ref] = parseSummariesRequest({ entityRefs: [entityRef] }, 1);
      if (!isRollupRef(ref)) {
        throw new InputError(
          `${ref} has no rollup: only Systems and Groups have one`,
        );
      }
      const credentials = opts?.credentials;
      if (credentials) await authorizer.assertReadable(ref, credentials);
      return options.rollups.getRollup(
        ref,
        credentials
          ? members => authorizer.filterReadable(members, credentials)
          : EVERY_MEMBER,
      );
    },
    async getTimeline(entityRef, opts) {
      const [ref] = parseSummariesRequest({ entityRefs: [entityRef] }, 1);
      // the route's bounds and defaults, whoever asks
      const query = parseTimelineQuery({
        ...(opts?.since !== undefined ? { since: opts.since } : {}),
        ...(opts?.limit !== undefined ? { limit: String(opts.limit) } : {}),
      });
      if (opts?.credentials) {
        await authorizer.assertReadable(ref, opts.credentials);
      }
      if (!options.timeline) return { items: [] };
      return options.timeline.list(ref, query);
    },
  };
}
