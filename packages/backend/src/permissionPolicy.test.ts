import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import { kubernetesClustersReadPermission } from '@backstage/plugin-kubernetes-common';
import {
  workloadStatusCronJobRunPermission,
  workloadStatusLogsReadPermission,
  workloadStatusPodDeletePermission,
  workloadStatusReadPermission,
  workloadStatusWorkloadRestartPermission,
  workloadStatusWorkloadRollbackPermission,
  workloadStatusWorkloadScalePermission,
  workloadStatusWorkloadStopPermission,
} from '@workload-status/backstage-plugin-workload-status-common';
import { WorkloadStatusPermissionPolicy } from './permissionPolicy';

/** The policy as the user would meet it, with the user's claims. */
function policyFor(userEntityRef: string, groups: string[]) {
  const policy = new WorkloadStatusPermissionPolicy(
    mockServices.userInfo({
      userEntityRef,
      ownershipEntityRefs: [userEntityRef, ...groups],
    }),
  );
  const user = {
    credentials: mockCredentials.user(userEntityRef),
    info: { userEntityRef, ownershipEntityRefs: [] },
  };
  return { policy, user };
}

describe('WorkloadStatusPermissionPolicy', () => {
  const { policy, user: alice } = policyFor('user:default/alice', [
    'group:default/team-shop',
  ]);

  it('lets anyone signed in, and any service, read statuses', async () => {
    expect(
      await policy.handle({ permission: workloadStatusReadPermission }, alice),
    ).toEqual({
      result: AuthorizeResult.ALLOW,
    });
    expect(
      await policy.handle({ permission: workloadStatusReadPermission }),
    ).toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });

  it("limits logs, CronJob and workload actions to the entity's owners", async () => {
    for (const permission of [
      workloadStatusLogsReadPermission,
      workloadStatusCronJobRunPermission,
      workloadStatusWorkloadRestartPermission,
      workloadStatusWorkloadScalePermission,
      workloadStatusWorkloadStopPermission,
      workloadStatusWorkloadRollbackPermission,
      workloadStatusPodDeletePermission,
    ]) {
      const decision = await policy.handle({ permission }, alice);
      expect(decision).toEqual({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'catalog',
        resourceType: 'catalog-entity',
        conditions: {
          rule: 'IS_ENTITY_OWNER',
          resourceType: 'catalog-entity',
          params: { claims: ['user:default/alice', 'group:default/team-shop'] },
        },
      });
    }
  });

  // services never reach a policy (the plugin refuses them itself, see
  // workloadStatus.allowServicePrincipals): a query without a user is an
  // unauthenticated caller's
  it('never lets a caller without a user read logs or act', async () => {
    expect(
      await policy.handle({ permission: workloadStatusLogsReadPermission }),
    ).toEqual({
      result: AuthorizeResult.DENY,
    });
  });

  it('lets only the platform team read cluster details', async () => {
    const clusters = { permission: kubernetesClustersReadPermission };
    // alice is in team-shop: the addresses are scrubbed from what she sees
    expect(await policy.handle(clusters, alice)).toEqual({
      result: AuthorizeResult.DENY,
    });
    const { policy: platform, user: pat } = policyFor('user:default/pat', [
      'group:default/platform',
    ]);
    expect(await platform.handle(clusters, pat)).toEqual({
      result: AuthorizeResult.ALLOW,
    });
    expect(await platform.handle(clusters)).toEqual({
      result: AuthorizeResult.DENY,
    });
  });

  it('leaves the rest of Backstage allowed', async () => {
    expect(
      await policy.handle({ permission: catalogEntityReadPermission }, alice),
    ).toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });
});
