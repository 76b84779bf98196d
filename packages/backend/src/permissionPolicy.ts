import { UserInfoService } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  isPermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  workloadStatusCronJobDeletePermission,
  workloadStatusCronJobRunPermission,
  workloadStatusCronJobSuspendPermission,
  workloadStatusLogsReadPermission,
  workloadStatusReadPermission,
} from '@internal/plugin-workload-status-common';

/**
 * The example policy of this repository, meant to be copied and adapted:
 *
 * - anyone signed in (and any backend plugin) may read workload statuses:
 *   they say no more than the catalog already shows;
 * - logs may hold secrets, so only an entity's owners read them;
 * - CronJob actions change the cluster, so only an entity's owners act.
 *
 * Everything else (the catalog itself) is allowed, as Backstage's defaults do.
 */
export class WorkloadStatusPermissionPolicy implements PermissionPolicy {
  constructor(private readonly userInfo: UserInfoService) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (isPermission(request.permission, workloadStatusReadPermission)) {
      return { result: AuthorizeResult.ALLOW };
    }
    const ownersOnly = [
      workloadStatusLogsReadPermission,
      workloadStatusCronJobSuspendPermission,
      workloadStatusCronJobRunPermission,
      workloadStatusCronJobDeletePermission,
    ];
    if (ownersOnly.some(p => isPermission(request.permission, p))) {
      if (!user) {
        // A service principal (another plugin) reads logs or acts only on
        // behalf of a user, never by itself.
        return { result: AuthorizeResult.DENY };
      }
      const { ownershipEntityRefs } = await this.userInfo.getUserInfo(
        user.credentials,
      );
      return createCatalogConditionalDecision(
        request.permission as typeof workloadStatusLogsReadPermission,
        catalogConditions.isEntityOwner({ claims: ownershipEntityRefs }),
      );
    }
    return { result: AuthorizeResult.ALLOW };
  }
}
