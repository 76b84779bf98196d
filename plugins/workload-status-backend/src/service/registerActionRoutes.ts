import type {
  AuditorService,
  AuditorServiceCreateEventOptions,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import type { ResourcePermission } from '@backstage/plugin-permission-common';
import type express from 'express';
import type { ActionRecorder } from '../actions/records/ActionRecorder';
import { actionActor } from './actionActor';
import type { EntityAuthorizer } from './EntityAuthorizer';
import { parseEntityRefParams } from './request/parseEntityRefParams';

type AuditMeta = NonNullable<AuditorServiceCreateEventOptions['meta']>;
type RouteParams = Record<string, string>;

/** The object an action is taken on, as its operator log record names it. */
export interface ActionTarget {
  cluster: string;
  namespace: string;
  name: string;
  kind: string;
}

/** One row of an action table: what the action checks and what it calls. */
export interface ActionRow<Actions, Target extends ActionTarget, Response> {
  permission: ResourcePermission<'catalog-entity'>;
  /** for the 403 message: "Not allowed to <refused> component:default/x" */
  refused: string;
  /** reads the body (throwing InputError) and acts; only once allowed */
  perform: (
    actions: Actions,
    entityRef: string,
    target: Target,
    body: unknown,
  ) => Promise<Response>;
  /** absent: POST */
  method?: 'delete';
  /** below the table's path; absent: `/<action>` */
  suffix?: string;
}

/** The actions on one kind of object, by action name, in route order. */
export interface ActionTable<Actions, Target extends ActionTarget, Response> {
  /** the object's path, below the entity's */
  path: string;
  /** the object named by the path; throws InputError */
  target: (params: RouteParams) => Target;
  rows: Record<string, ActionRow<Actions, Target, Response>>;
}

/** What the routes of one family of actions (CronJob, workload) share. */
export interface ActionFamily<Actions, Response> {
  /** the audit event's id */
  eventId: string;
  /** what the audit event names besides the action and entity, as sent */
  auditMeta: (params: RouteParams) => AuditMeta;
  /** what the audit event adds when the action succeeds */
  successMeta: (response: Response) => AuditMeta;
  actions?: Actions;
  /** the 503 message when `actions` is absent */
  notSetUp: string;
  /** sets what an error response needs besides its body (headers) */
  failed?: (error: unknown, res: express.Response) => void;
}

export interface ActionRouteDeps {
  httpAuth: HttpAuthService;
  authorizer: EntityAuthorizer;
  auditor?: AuditorService;
  /** keeps each allowed action's outcome for the entity's operator log */
  actionRecords?: Pick<ActionRecorder, 'record'>;
}

/**
 * Registers a table of action routes. The routes only translate HTTP:
 * every request is an audit event, opened before the permission check so
 * that refusals are recorded too; the permission is checked before
 * anything touches the cluster. Once the caller is allowed, the outcome is
 * also kept in the plugin's database for the entity's operator log (a
 * caller without the permission cannot write to it).
 */
export function registerActionRoutes<
  Actions,
  Target extends ActionTarget,
  Response,
>(
  router: express.Router,
  entityPath: string,
  deps: ActionRouteDeps,
  family: ActionFamily<Actions, Response>,
  table: ActionTable<Actions, Target, Response>,
) {
  for (const [action, route] of Object.entries(table.rows)) {
    const path = `${entityPath}${table.path}${route.suffix ?? `/${action}`}`;
    router[route.method ?? 'post'](path, async (req, res) => {
      const credentials = await deps.httpAuth.credentials(req);
      const audit = await deps.auditor?.createEvent({
        eventId: family.eventId,
        severityLevel: 'medium',
        request: req,
        meta: {
          action,
          entityRef: auditedEntityRef(req.params),
          ...family.auditMeta(req.params),
        },
      });
      let allowed: { entityRef: string; target: Target } | undefined;
      try {
        const entityRef = parseEntityRefParams(req.params);
        const target = table.target(req.params);
        await deps.authorizer.assertAllowed(
          route.permission,
          entityRef,
          credentials,
          route.refused,
        );
        allowed = { entityRef, target };
        if (!family.actions) {
          throw new ServiceUnavailableError(family.notSetUp);
        }
        const response = await route.perform(
          family.actions,
          entityRef,
          target,
          req.body,
        );
        await audit?.success({ meta: family.successMeta(response) });
        await deps.actionRecords?.record({
          entityRef,
          actor: actionActor(credentials),
          ...target,
          action,
        });
        res.json(response);
      } catch (error) {
        await audit?.fail({ error: error as Error });
        if (allowed) {
          await deps.actionRecords?.record({
            entityRef: allowed.entityRef,
            actor: actionActor(credentials),
            ...allowed.target,
            action,
            error,
          });
        }
        family.failed?.(error, res);
        throw error;
      }
    });
  }
}

/** The entity as the audit record names it: canonical if valid, else as sent. */
function auditedEntityRef(params: RouteParams): string {
  try {
    return parseEntityRefParams(params);
  } catch {
    return `${params.kind}:${params.namespace}/${params.name}`;
  }
}
