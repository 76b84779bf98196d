import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { kubernetesClustersReadPermission } from '@backstage/plugin-kubernetes-common';
import {
  AuthorizeResult,
  isPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
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
 * What logs may reveal and what actions change: a user's, never a service's,
 * unless the installation names the service.
 */
const USER_ONLY_PERMISSIONS = [
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

export interface EntityAuthorizerOptions {
  /** `workloadStatus.allowServicePrincipals`: subjects of services allowed the user-only permissions */
  allowServicePrincipals?: readonly string[];
}

/**
 * Checks the plugin's `catalog-entity` permissions per entity. Being
 * resource permissions, a conditional policy (owners only) is resolved by
 * the permission framework against the catalog entity named by the ref.
 *
 * Backstage's permissions service allows every service principal without
 * asking the policy (only access restrictions of an external token limit
 * one), so a policy cannot keep an external access token from reading logs
 * or deleting CronJobs. Here the logs and action permissions take users
 * only, and services whose subjects are listed in
 * `workloadStatus.allowServicePrincipals`; the status permission stays open
 * to services (the catalog column of other plugins).
 */
export class EntityAuthorizer {
  private readonly allowedServices: ReadonlySet<string>;

  constructor(
    private readonly permissions: PermissionsService,
    options: EntityAuthorizerOptions = {},
  ) {
    this.allowedServices = new Set(options.allowServicePrincipals ?? []);
  }

  /** NotAllowedError (403) unless the caller holds `permission` on the entity. */
  async assertAllowed(
    permission: ResourcePermission<'catalog-entity'>,
    entityRef: string,
    credentials: BackstageCredentials,
    /** what was refused, for the message: "read the logs of" */
    action: string,
  ) {
    if (
      USER_ONLY_PERMISSIONS.some(p => isPermission(permission, p)) &&
      !this.mayUseUserOnlyPermissions(credentials)
    ) {
      throw new NotAllowedError(
        `Not allowed to ${action} ${entityRef}: only users may, and services named in workloadStatus.allowServicePrincipals`,
      );
    }
    const [decision] = await this.permissions.authorize(
      [{ permission, resourceRef: entityRef }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Not allowed to ${action} ${entityRef}`);
    }
  }

  async assertReadable(entityRef: string, credentials: BackstageCredentials) {
    await this.assertAllowed(
      workloadStatusReadPermission,
      entityRef,
      credentials,
      'read the workload status of',
    );
  }

  /**
   * assertReadable, and whether the caller may read cluster details
   * (kubernetes.clusters.read), in one permission round trip: a status
   * request needs both answers when a cluster has an error, and a second
   * round trip costs as much as the whole rest of the request.
   */
  async assertReadableWithClusterDetail(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<{ clusterDetail: boolean }> {
    const [read, detail] = await this.permissions.authorize(
      [
        { permission: workloadStatusReadPermission, resourceRef: entityRef },
        { permission: kubernetesClustersReadPermission },
      ],
      { credentials },
    );
    if (read?.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Not allowed to read the workload status of ${entityRef}`,
      );
    }
    return { clusterDetail: detail?.result === AuthorizeResult.ALLOW };
  }

  /** The refs the caller may read, in the given order (one batched call). */
  async filterReadable(
    entityRefs: string[],
    credentials: BackstageCredentials,
  ): Promise<string[]> {
    if (entityRefs.length === 0) return [];
    const decisions = await this.permissions.authorize(
      entityRefs.map(resourceRef => ({
        permission: workloadStatusReadPermission,
        resourceRef,
      })),
      { credentials },
    );
    return entityRefs.filter(
      (_, i) => decisions[i]?.result === AuthorizeResult.ALLOW,
    );
  }

  /**
   * A user (also when a plugin calls on the user's behalf: the principal is
   * the user, whom the policy then judges), or a listed service.
   */
  private mayUseUserOnlyPermissions(credentials: BackstageCredentials) {
    const principal = credentials.principal as {
      type?: unknown;
      subject?: unknown;
    };
    if (principal?.type === 'user') return true;
    return (
      principal?.type === 'service' &&
      typeof principal.subject === 'string' &&
      this.allowedServices.has(principal.subject)
    );
  }
}
