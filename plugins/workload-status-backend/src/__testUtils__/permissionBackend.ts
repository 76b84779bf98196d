import {
  AuthService,
  coreServices,
  createBackendModule,
  createServiceFactory,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthenticationError, InputError } from '@backstage/errors';
import { stringifyEntityRef } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { kubernetesClustersReadPermission } from '@backstage/plugin-kubernetes-common';
import permissionPlugin from '@backstage/plugin-permission-backend';
import {
  AuthorizeResult,
  isPermission,
  PolicyDecision,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  workloadStatusPermissions,
  workloadStatusReadPermission,
} from '@workload-status/backstage-plugin-workload-status-common';
import fs from 'node:fs';
import request from 'supertest';
import { parseAllDocuments } from 'yaml';

/**
 * What the test policy decides for the plugin's permissions (and for
 * `kubernetesClustersReadPermission`); every other permission (the catalog's
 * own) is allowed, as Backstage's allow-all default does.
 *
 * - `allow`, `deny`: every one of them;
 * - `owner`: the catalog-entity permissions only for the entity's owners
 *   (`createCatalogConditionalDecision` + `isEntityOwner`, resolved by the
 *   catalog's apply-conditions endpoint); cluster health, a basic permission
 *   that cannot be conditional, is allowed;
 * - `example`: the decisions of the repository's example policy
 *   (packages/backend/src/permissionPolicy.ts): status for everyone, logs and
 *   CronJob actions for owners only.
 */
export type PolicyMode = 'allow' | 'deny' | 'owner' | 'example';

/** The entities the catalog ingests; see the YAML for who owns what. */
export const PERMISSION_CATALOG_FILE = resolvePackagePath(
  '@workload-status/backstage-plugin-workload-status-backend',
  'src/__testUtils__/permissionCatalog.yaml',
);

/**
 * Service principals never reach this policy: the permissions service
 * (ServerPermissionClient) allows them unless their access restrictions
 * (`backend.auth.externalAccess[].accessRestrictions`) exclude the
 * permission. A policy only ever sees users, or a user-less query.
 */
class SwitchablePolicy implements PermissionPolicy {
  constructor(private readonly mode: () => PolicyMode) {}

  async handle(
    query: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const entityPermission = workloadStatusPermissions.find(p =>
      isPermission(query.permission, p),
    );
    const clusters = isPermission(
      query.permission,
      kubernetesClustersReadPermission,
    );
    if (!entityPermission && !clusters) {
      return { result: AuthorizeResult.ALLOW };
    }

    const ownersOnly = (permission: ResourcePermission<'catalog-entity'>) =>
      createCatalogConditionalDecision(
        permission,
        catalogConditions.isEntityOwner({
          claims: user?.info.ownershipEntityRefs ?? [],
        }),
      );
    switch (this.mode()) {
      case 'allow':
        return { result: AuthorizeResult.ALLOW };
      case 'deny':
        return { result: AuthorizeResult.DENY };
      case 'owner':
        return entityPermission
          ? ownersOnly(entityPermission)
          : { result: AuthorizeResult.ALLOW };
      case 'example':
        if (
          !entityPermission ||
          entityPermission === workloadStatusReadPermission
        ) {
          return { result: AuthorizeResult.ALLOW };
        }
        return user
          ? ownersOnly(entityPermission)
          : { result: AuthorizeResult.DENY };
      default:
        throw new Error(`unknown policy mode ${this.mode()}`);
    }
  }
}

const SERVICE_TOKEN_PREFIX = 'mock-service-token:';

/**
 * The test backend's mock auth, plus what the real one (DefaultAuthService)
 * does for a plugin calling another on behalf of a user: the receiver sees
 * the user with the calling plugin as `actor`. The catalog's apply-conditions
 * endpoint accepts users only with an actor (the permission backend), and
 * the mock drops it. The real httpAuth service reads requests with it.
 */
const actorAwareAuthFactory = createServiceFactory({
  service: coreServices.auth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }): AuthService {
    const pluginId = plugin.getId();
    const mock = mockServices.auth({ pluginId });
    return {
      authenticate: async (token, options) => {
        if (token.startsWith(SERVICE_TOKEN_PREFIX)) {
          const claims = JSON.parse(token.slice(SERVICE_TOKEN_PREFIX.length));
          if (claims.obo && claims.actor) {
            if (claims.target !== pluginId) {
              throw new AuthenticationError(
                `token for ${claims.target}, not ${pluginId}`,
              );
            }
            return mockCredentials.user(claims.obo, {
              actor: { subject: claims.actor },
            });
          }
        }
        return mock.authenticate(token, options);
      },
      getPluginRequestToken: async options => {
        const { onBehalfOf } = options;
        if (!mock.isPrincipal(onBehalfOf, 'user')) {
          return mock.getPluginRequestToken(options);
        }
        return {
          token: `${SERVICE_TOKEN_PREFIX}${JSON.stringify({
            obo: onBehalfOf.principal.userEntityRef,
            target: options.targetPluginId,
            actor: `plugin:${pluginId}`,
          })}`,
        };
      },
      getNoneCredentials: () => mock.getNoneCredentials(),
      getOwnServiceCredentials: () => mock.getOwnServiceCredentials(),
      isPrincipal: mock.isPrincipal.bind(mock) as AuthService['isPrincipal'],
      getLimitedUserToken: c => mock.getLimitedUserToken(c),
      listPublicServiceKeys: () => mock.listPublicServiceKeys(),
    };
  },
});

/**
 * The real catalog backend (ingesting permissionCatalog.yaml, or the
 * `catalogFiles` given) and the real permission backend with a policy whose
 * mode a test switches, for one `startTestBackend` together with the
 * workload-status plugin. Add `features` to the backend and merge `config`
 * into its root config, then `await waitForCatalog(backend.server)` before
 * the first request.
 */
export function permissionBackend(options: { catalogFiles?: string[] } = {}) {
  let mode: PolicyMode = 'allow';
  const catalogFiles = options.catalogFiles ?? [PERMISSION_CATALOG_FILE];

  const policyModule = createBackendModule({
    pluginId: 'permission',
    moduleId: 'switchable-test-policy',
    register(reg) {
      reg.registerInit({
        deps: { policy: policyExtensionPoint },
        async init({ policy }) {
          policy.setPolicy(new SwitchablePolicy(() => mode));
        },
      });
    },
  });

  /**
   * Users' ownership claims as Backstage's default sign-in resolution puts
   * them in the token (`getDefaultOwnershipEntityRefs`): the user and the
   * groups of its memberOf relations, read from the real catalog. The mock
   * user tokens of the test backend carry no claims, hence this service.
   */
  const userInfoFactory = createServiceFactory({
    service: coreServices.userInfo,
    deps: { catalog: catalogServiceRef, auth: coreServices.auth },
    factory({ catalog, auth }) {
      return {
        async getUserInfo(credentials) {
          if (!auth.isPrincipal(credentials, 'user')) {
            throw new InputError('User info is only available for users');
          }
          const userEntityRef = credentials.principal.userEntityRef;
          const user = await catalog.getEntityByRef(userEntityRef, {
            credentials: await auth.getOwnServiceCredentials(),
          });
          const groups = (user?.relations ?? [])
            .filter(r => r.type === 'memberOf')
            .map(r => r.targetRef);
          return {
            userEntityRef,
            ownershipEntityRefs: [userEntityRef, ...groups],
          };
        },
      };
    },
  });

  const config = {
    permission: { enabled: true },
    catalog: {
      // Resource: kubernetes-cluster entities of the `catalog` cluster locator
      rules: [
        {
          allow: [
            'Component',
            'Resource',
            'System',
            'User',
            'Group',
            'Location',
          ],
        },
      ],
      locations: catalogFiles.map(target => ({ type: 'file', target })),
    },
  };

  /** Refs of the YAML's entities, which the catalog must have stitched. */
  const expected = catalogFiles.flatMap(file =>
    parseAllDocuments(fs.readFileSync(file, 'utf8')).map(doc => {
      const e = doc.toJS();
      return stringifyEntityRef({
        kind: e.kind,
        namespace: e.metadata.namespace ?? 'default',
        name: e.metadata.name,
      });
    }),
  );

  /** Until every entity is in the catalog with its relations. */
  async function waitForCatalog(server: any, timeoutMs = 30_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const res = await request(server)
        .post('/api/catalog/entities/by-refs')
        .set('Authorization', mockCredentials.service.header())
        .send({ entityRefs: expected });
      const items: Array<{ relations?: unknown[] } | null> =
        res.body?.items ?? [];
      if (
        items.length === expected.length &&
        items.every(e => (e?.relations?.length ?? 0) > 0)
      ) {
        return;
      }
      if (Date.now() > deadline) {
        throw new Error(
          `catalog did not ingest ${catalogFiles.join(', ')}: ${
            res.status
          } ${JSON.stringify(res.body).slice(0, 500)}`,
        );
      }
      await new Promise(r => setTimeout(r, 100));
    }
  }

  return {
    features: [
      catalogPlugin,
      permissionPlugin,
      policyModule,
      userInfoFactory,
      actorAwareAuthFactory,
      httpAuthServiceFactory,
    ],
    config,
    waitForCatalog,
    setMode(next: PolicyMode) {
      mode = next;
    },
  };
}
