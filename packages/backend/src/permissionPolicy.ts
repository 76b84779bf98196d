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
import { kubernetesClustersReadPermission } from '@backstage/plugin-kubernetes-common';
import {
  workloadStatusCronJobDeletePermission,
  workloadStatusCronJobRunPermission,
  workloadStatusCronJobSuspendPermission,
  workloadStatusLogsReadPermission,
  workloadStatusPodDeletePermission,
  workloadStatusReadPermission,
  workloadStatusWorkloadRestartPermission,
  workloadStatusWorkloadRollbackPermission,
  workloadStatusWorkloadScalePermission,
  workloadStatusWorkloadStopPermission,
} from '@workload-status/backstage-plugin-workload-status-common';

/**
 * The example policy of this repository, meant to be copied and adapted:
 *
 * - anyone signed in (and any backend plugin) may read workload statuses:
 *   they say no more than the catalog already shows;
 * - logs may hold secrets, so only an entity's owners read them;
 * - CronJob and workload actions (restart, scale, stop and start, roll
 *   back, delete a pod) change the cluster, so only an entity's owners act;
 * - cluster details (`kubernetes.clusters.read`: the clusters page, and
 *   the addresses and account names in a cluster's errors) are internal,
 *   so only the platform team reads them; everyone else gets errors with
 *   them scrubbed. The same permission guards the Kubernetes plugin's
 *   cluster list.
 *
 * A policy only ever judges users: Backstage allows a service principal
 * (another backend plugin, an external access token) without asking it.
 * Services are kept from logs and CronJob actions by the plugin itself,
 * unless app-config names them:
 *
 *   workloadStatus:
 *     allowServicePrincipals: ['plugin:scaffolder', 'ci-reports']
 *
 * (`plugin:<pluginId>` for a backend plugin, the `subject` of a static
 * external access token). What a named service may then do is not limited
 * by this policy either: limit an external token with its
 * `accessRestrictions` in `backend.auth.externalAccess`.
 *
 * Everything else (the catalog itself) is allowed, as Backstage's defaults do.
 */
export class WorkloadStatusPermissionPolicy implements PermissionPolicy {
  constructor(
    private readonly userInfo: UserInfoService,
    /** the group whose members read cluster details */
    private readonly platformGroup = 'group:default/platform',
  ) {}

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
      workloadStatusWorkloadRestartPermission,
      workloadStatusWorkloadScalePermission,
      workloadStatusWorkloadStopPermission,
      workloadStatusWorkloadRollbackPermission,
      workloadStatusPodDeletePermission,
    ];
    if (isPermission(request.permission, kubernetesClustersReadPermission)) {
      if (!user) return { result: AuthorizeResult.DENY };
      const { ownershipEntityRefs } = await this.userInfo.getUserInfo(
        user.credentials,
      );
      return {
        result: ownershipEntityRefs.includes(this.platformGroup)
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
      };
    }
    if (ownersOnly.some(p => isPermission(request.permission, p))) {
      if (!user) {
        // no user: an unauthenticated caller (services never get here)
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
