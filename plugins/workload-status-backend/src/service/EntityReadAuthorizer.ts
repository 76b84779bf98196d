import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { workloadStatusReadPermission } from '@internal/plugin-workload-status-common';

/**
 * Checks `workload-status.entity.read` per entity. It is a catalog-entity
 * resource permission, so a conditional policy (owners only) is resolved by
 * the permission framework against the catalog entity named by the ref.
 */
export class EntityReadAuthorizer {
  constructor(private readonly permissions: PermissionsService) {}

  async assertReadable(entityRef: string, credentials: BackstageCredentials) {
    const [decision] = await this.permissions.authorize(
      [{ permission: workloadStatusReadPermission, resourceRef: entityRef }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Not allowed to read the workload status of ${entityRef}`,
      );
    }
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
