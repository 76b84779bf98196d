import type { PermissionsService } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { kubernetesClustersReadPermission } from '@backstage/plugin-kubernetes-common';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  workloadStatusCronJobDeletePermission,
  workloadStatusCronJobRunPermission,
  workloadStatusCronJobSuspendPermission,
  workloadStatusLogsReadPermission,
  workloadStatusReadPermission,
} from '@workload-status/backstage-plugin-workload-status-common';
import { EntityAuthorizer } from './EntityAuthorizer';

const REF = 'component:default/reports';

describe('EntityAuthorizer', () => {
  // a permissions service that allows everything, as Backstage's does for
  // every service principal without asking the policy
  const allowAll = mockServices.permissions({ result: AuthorizeResult.ALLOW });
  const userOnly = [
    workloadStatusLogsReadPermission,
    workloadStatusCronJobSuspendPermission,
    workloadStatusCronJobRunPermission,
    workloadStatusCronJobDeletePermission,
  ];

  it.each(userOnly.map(p => [p.name, p] as const))(
    '%s: refuses a service the policy would allow',
    async (_name, permission) => {
      const authorizer = new EntityAuthorizer(allowAll);
      await expect(
        authorizer.assertAllowed(
          permission,
          REF,
          mockCredentials.service('external:ci-bot'),
          'read the logs of',
        ),
      ).rejects.toMatchObject({
        name: 'NotAllowedError',
        message: `Not allowed to read the logs of ${REF}: only users may, and services named in workloadStatus.allowServicePrincipals`,
      });
    },
  );

  it.each(userOnly.map(p => [p.name, p] as const))(
    '%s: allows users, and the services named in allowServicePrincipals',
    async (_name, permission) => {
      const authorizer = new EntityAuthorizer(allowAll, {
        allowServicePrincipals: ['external:ci-bot', 'plugin:scaffolder'],
      });
      for (const credentials of [
        mockCredentials.user('user:default/alice'),
        mockCredentials.user('user:default/alice', {
          actor: { subject: 'plugin:catalog' },
        }),
        mockCredentials.service('external:ci-bot'),
        mockCredentials.service('plugin:scaffolder'),
      ]) {
        await expect(
          authorizer.assertAllowed(permission, REF, credentials, 'act on'),
        ).resolves.toBeUndefined();
      }
      // a subject that merely contains a listed one
      await expect(
        authorizer.assertAllowed(
          permission,
          REF,
          mockCredentials.service('external:ci-bot-2'),
          'act on',
        ),
      ).rejects.toMatchObject({ name: 'NotAllowedError' });
    },
  );

  it('leaves statuses readable by services (the catalog column of other plugins)', async () => {
    const authorizer = new EntityAuthorizer(allowAll);
    const service = mockCredentials.service('plugin:catalog');
    await expect(
      authorizer.assertReadable(REF, service),
    ).resolves.toBeUndefined();
    await expect(
      authorizer.assertAllowed(
        workloadStatusReadPermission,
        REF,
        service,
        'read the events of',
      ),
    ).resolves.toBeUndefined();
    expect(await authorizer.filterReadable([REF], service)).toEqual([REF]);
  });

  it('refuses a user the policy denies, with the plain message', async () => {
    const authorizer = new EntityAuthorizer(
      mockServices.permissions({ result: AuthorizeResult.DENY }),
    );
    await expect(
      authorizer.assertAllowed(
        workloadStatusLogsReadPermission,
        REF,
        mockCredentials.user('user:default/bob'),
        'read the logs of',
      ),
    ).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: `Not allowed to read the logs of ${REF}`,
    });
  });

  describe('assertReadableWithClusterDetail', () => {
    /** A policy answering per permission name, counting its round trips. */
    function policy(allowed: string[]) {
      const calls: string[][] = [];
      const permissions = {
        ...mockServices.permissions(),
        authorize: async (
          requests: Array<{ permission: { name: string } }>,
        ) => {
          calls.push(requests.map(r => r.permission.name));
          return requests.map(r => ({
            result: allowed.includes(r.permission.name)
              ? AuthorizeResult.ALLOW
              : AuthorizeResult.DENY,
          }));
        },
      } as unknown as PermissionsService;
      return { permissions, calls };
    }
    const user = mockCredentials.user('user:default/alice');

    it('asks both questions in one round trip', async () => {
      const { permissions, calls } = policy([
        workloadStatusReadPermission.name,
        kubernetesClustersReadPermission.name,
      ]);
      const authorizer = new EntityAuthorizer(permissions);
      await expect(
        authorizer.assertReadableWithClusterDetail(REF, user),
      ).resolves.toEqual({ clusterDetail: true });
      expect(calls).toEqual([
        [
          workloadStatusReadPermission.name,
          kubernetesClustersReadPermission.name,
        ],
      ]);
    });

    it('reads without cluster details when only the status is allowed', async () => {
      const { permissions } = policy([workloadStatusReadPermission.name]);
      await expect(
        new EntityAuthorizer(permissions).assertReadableWithClusterDetail(
          REF,
          user,
        ),
      ).resolves.toEqual({ clusterDetail: false });
    });

    it('refuses a caller who may not read the status, whatever else holds', async () => {
      const { permissions } = policy([kubernetesClustersReadPermission.name]);
      await expect(
        new EntityAuthorizer(permissions).assertReadableWithClusterDetail(
          REF,
          user,
        ),
      ).rejects.toMatchObject({
        name: 'NotAllowedError',
        message: `Not allowed to read the workload status of ${REF}`,
      });
    });
  });
});
