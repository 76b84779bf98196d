import type { HttpAuthService } from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import type express from 'express';
import type { TimelineService } from '../timeline/TimelineService';
import type { EntityAuthorizer } from './EntityAuthorizer';
import { parseEntityRefParams } from './request/parseEntityRefParams';
import { parseTimelineQuery } from './request/parseTimelineQuery';

export interface TimelineRouteDeps {
  httpAuth: HttpAuthService;
  authorizer: EntityAuthorizer;
  /** absent when the plugin runs without a database (router tests) */
  timeline?: Pick<TimelineService, 'list'>;
}

/** GET {entityPath}/timeline: the entity's status changes, newest first. */
export function registerTimelineRoutes(
  router: express.Router,
  entityPath: string,
  deps: TimelineRouteDeps,
) {
  router.get(`${entityPath}/timeline`, async (req, res) => {
    const credentials = await deps.httpAuth.credentials(req);
    const entityRef = parseEntityRefParams(req.params);
    const query = parseTimelineQuery(req.query);
    await deps.authorizer.assertReadable(entityRef, credentials);
    if (!deps.timeline) {
      throw new ServiceUnavailableError('The timeline is not recorded');
    }
    res.json(await deps.timeline.list(entityRef, query));
  });
}
