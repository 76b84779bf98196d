/**
 * Knative Serving's Service, Route and Configuration reconcilers
 * (serving.knative.dev/v1), reduced to what a workload status needs.
 *
 * A Service owns a Configuration and a Route of its name, both labelled
 * `serving.knative.dev/service`. The Configuration stamps a Revision
 * `<configuration>-<generation, 5 digits>` for each template generation
 * (knativeRevision.ts runs it) and reports `latestCreatedRevisionName` and
 * `latestReadyRevisionName`. The Route sends the traffic targets (default: all
 * to the latest ready Revision) and is Ready once that Revision is. The
 * Service's ConfigurationsReady and RoutesReady copy those two objects' Ready,
 * and Ready is the worse of them (False before Unknown), as Knative's
 * condition sets do. URLs use Knative's default domain, example.com.
 */
import { kubeTime } from '../clock';
import { KubeObject } from '../types';
import {
  Controller,
  ControllerContext,
  controllerRef,
  isTerminating,
  setCondition,
} from './context';

const SERVICES = 'serving.knative.dev/services';
export const CONFIGURATIONS = 'serving.knative.dev/configurations';
export const ROUTES = 'serving.knative.dev/routes';
export const REVISIONS = 'serving.knative.dev/revisions';
export const SERVING_API = 'serving.knative.dev/v1';
const SOURCE = { component: 'controller' };

type Condition = {
  type: string;
  status: string;
  reason?: string;
  message?: string;
};

export function knativeCondition(obj: KubeObject | undefined, type: string) {
  return obj?.status?.conditions?.find((c: any) => c.type === type) as
    | Condition
    | undefined;
}

/** Knative's condition list: no lastUpdateTime; unchanged statuses keep their transition time. */
export function setConditions(
  previous: any[],
  next: Condition[],
  nowIso: string,
): any[] {
  let out = previous;
  for (const c of next)
    out = setCondition(
      out,
      c,
      nowIso,
      c.type === 'Active' ? { severity: 'Info' } : {},
    );
  return [...out].sort((a, b) => a.type.localeCompare(b.type));
}

/** Ready from its dependents: the first False wins, then the first Unknown. */
function readyOf(dependents: Array<Condition | undefined>): Condition {
  const worst =
    dependents.find(c => c?.status === 'False') ??
    dependents.find(c => !c || c.status === 'Unknown');
  if (!worst) return { type: 'Ready', status: 'True' };
  return {
    type: 'Ready',
    status: worst.status ?? 'Unknown',
    reason: worst.reason,
    message: worst.message,
  };
}

function writeStatus(
  ctx: ControllerContext,
  storage: string,
  obj: KubeObject,
  status: any,
) {
  if (JSON.stringify(obj.status) === JSON.stringify(status)) return;
  ctx.store.modify(storage, obj.metadata.namespace, obj.metadata.name, o => {
    o.status = status;
  });
}

/** Creates or updates a child object owned by `owner` whose spec follows the owner. */
function ensureChild(
  ctx: ControllerContext,
  storage: string,
  owner: KubeObject,
  kind: string,
  labels: Record<string, string>,
  spec: any,
): KubeObject {
  const existing = ctx.store.get(
    storage,
    owner.metadata.namespace,
    owner.metadata.name,
  );
  if (!existing)
    return ctx.store.create({
      apiVersion: SERVING_API,
      kind,
      metadata: {
        name: owner.metadata.name,
        namespace: owner.metadata.namespace,
        labels,
        ownerReferences: [controllerRef(owner)],
      },
      spec,
    });
  if (JSON.stringify(existing.spec) === JSON.stringify(spec)) return existing;
  return ctx.store.modify(
    storage,
    existing.metadata.namespace,
    existing.metadata.name,
    o => {
      o.spec = spec;
    },
  )!;
}

export class KnativeServingController implements Controller {
  readonly name = 'knative-serving';

  reconcile(ctx: ControllerContext) {
    for (const svc of ctx.store.list(SERVICES))
      if (!isTerminating(svc)) this.syncService(ctx, svc);
    for (const config of ctx.store.list(CONFIGURATIONS))
      if (!isTerminating(config)) this.syncConfiguration(ctx, config);
    for (const route of ctx.store.list(ROUTES))
      if (!isTerminating(route)) this.syncRoute(ctx, route);
  }

  private syncService(ctx: ControllerContext, svc: KubeObject) {
    const name = svc.metadata.name;
    const labels = {
      ...(svc.metadata.labels ?? {}),
      'serving.knative.dev/service': name,
      'serving.knative.dev/serviceUID': svc.metadata.uid!,
    };
    const config = ensureChild(
      ctx,
      CONFIGURATIONS,
      svc,
      'Configuration',
      labels,
      {
        template: svc.spec.template,
      },
    );
    const route = ensureChild(ctx, ROUTES, svc, 'Route', labels, {
      traffic: svc.spec.traffic ?? [
        { configurationName: name, latestRevision: true, percent: 100 },
      ],
    });
    const configReady = knativeCondition(config, 'Ready');
    const routeReady = knativeCondition(route, 'Ready');
    const dependents: Condition[] = [
      {
        ...(configReady ?? { status: 'Unknown' }),
        type: 'ConfigurationsReady',
      },
      { ...(routeReady ?? { status: 'Unknown' }), type: 'RoutesReady' },
    ];
    const t = kubeTime(ctx.now);
    const status: any = {
      observedGeneration: svc.metadata.generation,
      conditions: setConditions(
        svc.status?.conditions ?? [],
        [...dependents, readyOf(dependents)].map(strip),
        t,
      ),
      ...(config.status?.latestCreatedRevisionName
        ? { latestCreatedRevisionName: config.status.latestCreatedRevisionName }
        : {}),
      ...(config.status?.latestReadyRevisionName
        ? { latestReadyRevisionName: config.status.latestReadyRevisionName }
        : {}),
      ...(route.status?.url
        ? {
            url: route.status.url,
            address: route.status.address,
            traffic: route.status.traffic,
          }
        : {}),
    };
    writeStatus(ctx, SERVICES, svc, status);
  }

  private syncConfiguration(ctx: ControllerContext, config: KubeObject) {
    const generation = config.metadata.generation ?? 1;
    const revisionName =
      config.spec.template?.metadata?.name ??
      `${config.metadata.name}-${String(generation).padStart(5, '0')}`;
    let latest = ctx.store.get(
      REVISIONS,
      config.metadata.namespace,
      revisionName,
    );
    if (!latest) {
      latest = this.createRevision(ctx, config, revisionName, generation);
      ctx.events.record(
        config,
        'Normal',
        'Created',
        `Created Revision "${revisionName}"`,
        SOURCE,
        ctx.now,
      );
    }
    const latestReady = knativeCondition(latest, 'Ready');
    let readyName = config.status?.latestReadyRevisionName;
    if (latestReady?.status === 'True' && readyName !== revisionName) {
      readyName = revisionName;
      ctx.events.record(
        config,
        'Normal',
        'LatestReadyUpdate',
        `LatestReadyRevisionName updated to "${revisionName}"`,
        SOURCE,
        ctx.now,
      );
    }
    let ready: Condition = { type: 'Ready', status: 'Unknown' };
    if (latestReady?.status === 'True')
      ready = { type: 'Ready', status: 'True' };
    if (latestReady?.status === 'False')
      ready = {
        type: 'Ready',
        status: 'False',
        reason: 'RevisionFailed',
        message: `Revision "${revisionName}" failed with message: ${latestReady.message}.`,
      };
    const status: any = {
      observedGeneration: generation,
      conditions: setConditions(
        config.status?.conditions ?? [],
        [ready],
        kubeTime(ctx.now),
      ),
      latestCreatedRevisionName: revisionName,
      ...(readyName ? { latestReadyRevisionName: readyName } : {}),
    };
    writeStatus(ctx, CONFIGURATIONS, config, status);
  }

  private createRevision(
    ctx: ControllerContext,
    config: KubeObject,
    name: string,
    generation: number,
  ): KubeObject {
    const template = config.spec.template ?? {};
    const service = config.metadata.labels?.['serving.knative.dev/service'];
    const serviceUid =
      config.metadata.labels?.['serving.knative.dev/serviceUID'];
    return ctx.store.create({
      apiVersion: SERVING_API,
      kind: 'Revision',
      metadata: {
        name,
        namespace: config.metadata.namespace,
        labels: {
          ...(template.metadata?.labels ?? {}),
          'serving.knative.dev/configuration': config.metadata.name,
          'serving.knative.dev/configurationGeneration': String(generation),
          'serving.knative.dev/configurationUID': config.metadata.uid!,
          'serving.knative.dev/routingState': 'active',
          ...(service
            ? {
                'serving.knative.dev/service': service,
                'serving.knative.dev/serviceUID': serviceUid!,
              }
            : {}),
        },
        annotations: {
          ...(template.metadata?.annotations ?? {}),
          'serving.knative.dev/routes': config.metadata.name,
        },
        ownerReferences: [controllerRef(config)],
      },
      spec: {
        containerConcurrency: 0,
        enableServiceLinks: false,
        timeoutSeconds: 300,
        ...(template.spec ?? {}),
      },
    });
  }

  private syncRoute(ctx: ControllerContext, route: KubeObject) {
    const ns = route.metadata.namespace!;
    const traffic: any[] = [];
    let ready: Condition = { type: 'Ready', status: 'True' };
    for (const target of route.spec.traffic ?? []) {
      let revisionName = target.revisionName;
      if (!revisionName) {
        const config = ctx.store.get(
          CONFIGURATIONS,
          ns,
          target.configurationName,
        );
        revisionName = config?.status?.latestReadyRevisionName;
        if (!revisionName) {
          const failed = knativeCondition(config, 'Ready')?.status === 'False';
          ready = {
            type: 'Ready',
            status: failed ? 'False' : 'Unknown',
            reason: 'RevisionMissing',
            message: failed
              ? `Configuration "${target.configurationName}" does not have any ready Revision.`
              : `Configuration "${target.configurationName}" is waiting for a Revision to become ready.`,
          };
          continue;
        }
      }
      traffic.push({
        ...(target.tag ? { tag: target.tag } : {}),
        revisionName,
        ...(target.configurationName
          ? { latestRevision: Boolean(target.latestRevision) }
          : {}),
        percent: target.percent ?? 0,
      });
    }
    const all = traffic.length > 0 && ready.status === 'True';
    const conditions: Condition[] = [
      { ...ready, type: 'AllTrafficAssigned' },
      {
        type: 'CertificateProvisioned',
        status: 'True',
        reason: 'TLSNotEnabled',
        message: 'autoTLS is not enabled',
      },
      {
        type: 'IngressReady',
        status: all ? 'True' : 'Unknown',
        ...(all
          ? {}
          : {
              reason: 'Uninitialized',
              message: 'Waiting for load balancer to be ready',
            }),
      },
      ready.status === 'True' && !all
        ? {
            type: 'Ready',
            status: 'Unknown',
            reason: 'Uninitialized',
            message: 'Waiting for load balancer to be ready',
          }
        : ready,
    ];
    const name = route.metadata.name;
    const status: any = {
      observedGeneration: route.metadata.generation,
      conditions: setConditions(
        route.status?.conditions ?? [],
        conditions.map(strip),
        kubeTime(ctx.now),
      ),
      ...(all
        ? {
            url: `http://${name}.${ns}.example.com`,
            address: { url: `http://${name}.${ns}.svc.cluster.local` },
            traffic,
          }
        : {}),
    };
    writeStatus(ctx, ROUTES, route, status);
  }
}

/** Drops undefined reason/message so the stored JSON has no null-ish keys. */
function strip(c: Condition): Condition {
  return {
    type: c.type,
    status: c.status,
    ...(c.reason ? { reason: c.reason } : {}),
    ...(c.message ? { message: c.message } : {}),
  };
}
