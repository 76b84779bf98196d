import {
  BackstageCredentials,
  coreServices,
  createServiceFactory,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';

/** allow, deny, or allow only owners of the entity (a conditional decision) */
export type PolicyMode = 'allow' | 'deny' | 'owner';

/**
 * A permissions service that decides like the permission framework with a
 * policy returning `createCatalogConditionalDecision(permission,
 * catalogConditions.isEntityOwner({claims}))`: the condition is applied to
 * the catalog entity named by `resourceRef` (the catalog's IS_ENTITY_OWNER
 * rule: an ownedBy relation to one of the caller's ownership refs). Services
 * have no ownership claims, so they never pass an owner condition.
 *
 * It stands in for the permission backend and the catalog backend, which
 * this package does not depend on; the decisions it returns are the ones
 * those would return, so the routes are tested against all three kinds.
 */
export function testPermissionsFactory(getMode: () => PolicyMode) {
  return createServiceFactory({
    service: coreServices.permissions,
    deps: { catalog: catalogServiceRef, auth: coreServices.auth },
    factory({ catalog, auth }): PermissionsService {
      const decide = async (
        credentials: BackstageCredentials,
        resourceRef?: string,
      ) => {
        const mode = getMode();
        if (mode === 'allow') return AuthorizeResult.ALLOW;
        if (mode === 'deny') return AuthorizeResult.DENY;
        // basic permissions (clusters) cannot be conditional: owner mode allows users
        if (!resourceRef) {
          return credentials.principal &&
            'userEntityRef' in (credentials.principal as object)
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY;
        }
        const principal = credentials.principal as { userEntityRef?: string };
        if (!principal.userEntityRef) return AuthorizeResult.DENY;
        const entity: Entity | undefined = await catalog.getEntityByRef(
          resourceRef,
          { credentials: await auth.getOwnServiceCredentials() },
        );
        const owners = (entity?.relations ?? [])
          .filter(r => r.type === 'ownedBy')
          .map(r => r.targetRef);
        return owners.includes(principal.userEntityRef)
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY;
      };
      return {
        async authorize(requests, options) {
          return Promise.all(
            requests.map(async r => ({
              result: await decide(
                options.credentials,
                'resourceRef' in r ? (r.resourceRef as string) : undefined,
              ),
            })),
          ) as any;
        },
        async authorizeConditional(requests) {
          return requests.map(() => ({ result: AuthorizeResult.DENY })) as any;
        },
      };
    },
  });
}

export function ownedEntity(
  name: string,
  owner: string,
  annotations: Record<string, string>,
): Entity {
  const entity: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', owner, lifecycle: 'production' },
    relations: [{ type: 'ownedBy', targetRef: owner }],
  };
  stringifyEntityRef(entity);
  return entity;
}
