import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { workloadStatusReadPermission } from '@internal/plugin-workload-status-common';

/**
 * Checks the plugin's `catalog-entity` permissions per entity. Being
 * resource permissions, a conditional policy (owners only) is resolved by
 * the permission framework against the catalog entity named by the ref.
 */
export class EntityAuthorizer {
  constructor(private readonly permissions: PermissionsService) {}

  /** NotAllowedError (403) unless the caller holds `permission` on the entity. */
  async assertAllowed(
    permission: ResourcePermission<'catalog-entity'>,
    entityRef: string,
    credentials: BackstageCredentials,
    /** what was refused, for the message: "read the logs of" */
    action: string,
  ) {
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
}
