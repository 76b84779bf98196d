import type { PermissionsService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import type { WorkloadStatusService } from '@internal/plugin-workload-status-node';
import { EntityAuthorizer } from './EntityAuthorizer';
import { parseSummariesRequest } from './request/parseSummariesRequest';
import type { StatusReader } from './StatusReader';

/**
 * What other backend plugins get through workloadStatusServiceRef: the same
 * reader as the routes, with the same permission check when the caller
 * passes credentials on behalf of a user.
 */
export function createInProcessStatusService(options: {
  reader: Pick<StatusReader, 'getEntityStatus' | 'getSummaries'>;
  permissions: PermissionsService;
  maxBatchSize: number;
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
      if (opts?.credentials) {
        refs = await authorizer.filterReadable(refs, opts.credentials);
      }
      return options.reader.getSummaries(refs);
    },
  };
}
