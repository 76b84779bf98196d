import type { HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError, ServiceUnavailableError } from '@backstage/errors';
import { workloadStatusReadPermission } from '@workload-status/backstage-plugin-workload-status-common';
import type express from 'express';
import type {
  EntityEventsService,
  EventQuery,
} from '../diagnostics/events/EntityEventsService';
import type { EntityAuthorizer } from './EntityAuthorizer';
import { parseEntityRefParams } from './request/parseEntityRefParams';
import { isObjectName } from '../cluster/kubernetesNames';
import { quoted, singleQueryValue } from './request/queryValues';

export interface EventRouteDeps {
  httpAuth: HttpAuthService;
  authorizer: EntityAuthorizer;
  /** absent when the plugin runs without event caches (router tests) */
  events?: EntityEventsService;
}

const KIND = /^[A-Za-z][A-Za-z0-9]{0,62}$/;

/** GET {entityPath}/events: the entity's events, warnings first. */
export function registerEventRoutes(
  router: express.Router,
  entityPath: string,
  deps: EventRouteDeps,
) {
  router.get(`${entityPath}/events`, async (req, res) => {
    const credentials = await deps.httpAuth.credentials(req);
    const entityRef = parseEntityRefParams(req.params);
    const query = parseEventQuery(req.query);
    await deps.authorizer.assertAllowed(
      workloadStatusReadPermission,
      entityRef,
      credentials,
      'read the events of',
    );
    if (!deps.events) {
      throw new ServiceUnavailableError('Events are not watched');
    }
    res.json(await deps.events.list(entityRef, query));
  });
}

/** `type`, `objectKind` and `objectName`, each optional and given at most once. */
export function parseEventQuery(query: express.Request['query']): EventQuery {
  const single = (key: string) => singleQueryValue(query, key);
  const out: EventQuery = {};
  const type = single('type');
  if (type !== undefined) {
    if (type !== 'Normal' && type !== 'Warning') {
      throw new InputError(
        `Invalid type '${quoted(type)}': must be Normal or Warning`,
      );
    }
    out.type = type;
  }
  const kind = single('objectKind');
  if (kind !== undefined) {
    if (!KIND.test(kind)) {
      throw new InputError(`Invalid objectKind '${quoted(kind)}'`);
    }
    out.objectKind = kind;
  }
  const name = single('objectName');
  if (name !== undefined) {
    if (!isObjectName(name)) {
      throw new InputError(`Invalid objectName '${quoted(name)}'`);
    }
    out.objectName = name;
  }
  return out;
}
