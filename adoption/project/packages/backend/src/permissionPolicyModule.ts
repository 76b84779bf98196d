/*
 * The team's permission policy: anyone signed in reads statuses; logs and
 * actions on the cluster are for an entity's owners; the rest is allowed.
 */
import {
  coreServices,
  createBackendModule,
  UserInfoService,
} from '@backstage/backend-plugin-api';
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
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  workloadStatusPermissions,
  workloadStatusReadPermission,
} from '@workload-status/backstage-plugin-workload-status-common';

class TeamPolicy implements PermissionPolicy {
  constructor(private readonly userInfo: UserInfoService) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (isPermission(request.permission, workloadStatusReadPermission)) {
      return { result: AuthorizeResult.ALLOW };
    }
    const ownersOnly = workloadStatusPermissions.filter(
      p => p.name !== workloadStatusReadPermission.name,
    );
    if (ownersOnly.some(p => p.name === request.permission.name)) {
      if (!user) return { result: AuthorizeResult.DENY };
      const { ownershipEntityRefs } = await this.userInfo.getUserInfo(
        user.credentials,
      );
      return createCatalogConditionalDecision(
        request.permission as typeof workloadStatusReadPermission,
        catalogConditions.isEntityOwner({ claims: ownershipEntityRefs }),
      );
    }
    return { result: AuthorizeResult.ALLOW };
  }
}

export default createBackendModule({
  pluginId: 'permission',
  moduleId: 'team-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint, userInfo: coreServices.userInfo },
      async init({ policy, userInfo }) {
        policy.setPolicy(new TeamPolicy(userInfo));
      },
    });
  },
});
