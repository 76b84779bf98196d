/**
 * Knative Serving's Revision reconciler: a Revision runs a Deployment
 * `<revision>-deployment` whose pods carry the Revision's labels plus
 * `serving.knative.dev/revision` / `revisionUID` and `app: <revision>`, with the
 * user container (`user-container` unless named) and the `queue-proxy`
 * sidecar. Its conditions follow the Deployment and its pods, as Knative's
 * revision reconciler reports them: Deploying while the initial scale is not
 * reached, ContainerHealthy False `ExitCode<n>` when the user container
 * exited, ResourcesAvailable False on an image that cannot be pulled or after
 * the progress deadline (600 s); Ready is the worse of the two. There is no
 * traffic in the simulator: a Revision whose `autoscaling.knative.dev/min-scale`
 * is 0 (Knative's default) scales to zero 60 s after it became ready, and is
 * then Active=False `NoTraffic` (Active does not count toward Ready).
 */
import { kubeTime } from '../clock';
import { KubeObject } from '../types';
import {
  Controller,
  ControllerContext,
  controllerRef,
  isTerminating,
} from './context';
import {
  CONFIGURATIONS,
  knativeCondition,
  REVISIONS,
  ROUTES,
  setConditions,
} from './knative';

const DEPLOYMENTS = 'apps/deployments';
const MIN_SCALE = 'autoscaling.knative.dev/min-scale';
const PROGRESS_DEADLINE_MS = 600_000;
const SCALE_TO_ZERO_AFTER_MS = 60_000;
const QUEUE_PROXY_IMAGE =
  'gcr.io/knative-releases/knative.dev/serving/cmd/queue@sha256:0a1f54cf8b4e6a5e8d7f3c7b4f4c2a52b5a3b1a0c4d9c8e7f6a5b4c3d2e1f0a9';

type Condition = {
  type: string;
  status: string;
  reason?: string;
  message?: string;
};

const ROUTING_STATE = 'serving.knative.dev/routingState';

/**
 * A Revision no Route sends traffic to and that is not its Configuration's
 * latest is kept in reserve: scaled to zero whatever its min-scale.
 */
function isReserve(ctx: ControllerContext, rev: KubeObject): boolean {
  const ns = rev.metadata.namespace;
  const configName = rev.metadata.labels?.['serving.knative.dev/configuration'];
  const config = configName && ctx.store.get(CONFIGURATIONS, ns, configName);
  const latest = config ? config.status?.latestCreatedRevisionName : undefined;
  if (!latest || latest === rev.metadata.name) return false;
  return !ctx.store
    .list(ROUTES, ns)
    .some(route =>
      (route.status?.traffic ?? []).some(
        (t: any) => t.revisionName === rev.metadata.name,
      ),
    );
}

function minScale(rev: KubeObject): number {
  return Number(rev.metadata.annotations?.[MIN_SCALE] ?? 0);
}

function deploymentFor(rev: KubeObject): KubeObject {
  const name = rev.metadata.name;
  const labels: Record<string, string> = {
    ...(rev.metadata.labels ?? {}),
    'serving.knative.dev/revision': name,
    'serving.knative.dev/revisionUID': rev.metadata.uid!,
  };
  if (!labels.app) labels.app = name;
  const containers = (rev.spec.containers ?? []).map((c: any, i: number) => ({
    ...c,
    name: c.name ?? (i === 0 ? 'user-container' : `container-${i}`),
    env: [
      ...(c.env ?? []),
      { name: 'PORT', value: String(c.ports?.[0]?.containerPort ?? 8080) },
      { name: 'K_REVISION', value: name },
      {
        name: 'K_CONFIGURATION',
        value: labels['serving.knative.dev/configuration'],
      },
      { name: 'K_SERVICE', value: labels['serving.knative.dev/service'] },
    ],
  }));
  containers.push({
    name: 'queue-proxy',
    image: QUEUE_PROXY_IMAGE,
    ports: [
      { containerPort: 8022, name: 'http-queueadm', protocol: 'TCP' },
      { containerPort: 9090, name: 'http-autometric', protocol: 'TCP' },
      { containerPort: 9091, name: 'http-usermetric', protocol: 'TCP' },
      { containerPort: 8012, name: 'queue-port', protocol: 'TCP' },
    ],
    readinessProbe: {
      httpGet: {
        path: '/',
        port: 8012,
        httpHeaders: [{ name: 'K-Network-Probe', value: 'queue' }],
      },
      periodSeconds: 0,
    },
    resources: { requests: { cpu: '25m' } },
  });
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: `${name}-deployment`,
      namespace: rev.metadata.namespace,
      labels,
      annotations: { ...(rev.metadata.annotations ?? {}) },
      ownerReferences: [controllerRef(rev)],
    },
    spec: {
      replicas: Math.max(1, minScale(rev)),
      progressDeadlineSeconds: PROGRESS_DEADLINE_MS / 1000,
      selector: {
        matchLabels: { 'serving.knative.dev/revisionUID': rev.metadata.uid! },
      },
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 },
      },
      template: {
        metadata: {
          labels,
          annotations: { ...(rev.metadata.annotations ?? {}) },
        },
        spec: {
          containers,
          enableServiceLinks: rev.spec.enableServiceLinks ?? false,
          terminationGracePeriodSeconds: rev.spec.timeoutSeconds ?? 300,
        },
      },
    },
  };
}

/** What the pods say about the user container: an exit, an image that cannot be pulled, or nothing. */
function podTrouble(pods: KubeObject[]): {
  container?: Condition;
  resources?: Condition;
} {
  for (const pod of pods) {
    const user = (pod.status?.containerStatuses ?? []).find(
      (s: any) => s.name !== 'queue-proxy',
    );
    const terminated = user?.lastState?.terminated ?? user?.state?.terminated;
    if (terminated && terminated.exitCode !== 0)
      return {
        container: {
          type: 'ContainerHealthy',
          status: 'False',
          reason: `ExitCode${terminated.exitCode}`,
          message: `Container failed with: ${
            terminated.message?.trim() || 'container exited with no error'
          }`,
        },
      };
    const waiting = user?.state?.waiting?.reason;
    if (waiting === 'ImagePullBackOff' || waiting === 'ErrImagePull')
      return {
        resources: {
          type: 'ResourcesAvailable',
          status: 'False',
          reason: waiting,
          message: `Unable to fetch image "${user.image}": ${
            user.state.waiting.message ?? waiting
          }`,
        },
      };
  }
  return {};
}

export class KnativeRevisionController implements Controller {
  readonly name = 'knative-revision';

  reconcile(ctx: ControllerContext) {
    for (const rev of ctx.store.list(REVISIONS))
      if (!isTerminating(rev)) this.sync(ctx, rev);
  }

  private sync(ctx: ControllerContext, rev: KubeObject) {
    const ns = rev.metadata.namespace;
    const wanted = deploymentFor(rev);
    let d = ctx.store.get(DEPLOYMENTS, ns, wanted.metadata.name);
    if (!d) d = ctx.store.create(wanted);
    const pods = ctx.store
      .list('/pods', ns)
      .filter(
        p =>
          p.metadata.labels?.['serving.knative.dev/revisionUID'] ===
            rev.metadata.uid && !isTerminating(p),
      );
    const trouble = podTrouble(pods);
    const wasReady = knativeCondition(rev, 'Ready')?.status === 'True';
    const available = (d.status?.availableReplicas ?? 0) > 0;
    const age = ctx.now - Date.parse(rev.metadata.creationTimestamp!);
    const deploying = (type: string): Condition => ({
      type,
      status: 'Unknown',
      reason: 'Deploying',
    });
    let resources: Condition = deploying('ResourcesAvailable');
    if (age > PROGRESS_DEADLINE_MS)
      resources = {
        type: 'ResourcesAvailable',
        status: 'False',
        reason: 'ProgressDeadlineExceeded',
        message: 'Initial scale was never achieved',
      };
    if (available || wasReady)
      resources = { type: 'ResourcesAvailable', status: 'True' };
    if (trouble.resources) resources = trouble.resources;
    const container: Condition =
      trouble.container ??
      (available || wasReady
        ? { type: 'ContainerHealthy', status: 'True' }
        : deploying('ContainerHealthy'));
    const worst =
      [container, resources].find(c => c.status === 'False') ??
      [container, resources].find(c => c.status === 'Unknown');
    const ready: Condition = worst
      ? { ...worst, type: 'Ready' }
      : { type: 'Ready', status: 'True' };
    const reserve = isReserve(ctx, rev);
    if (
      (rev.metadata.labels?.[ROUTING_STATE] === 'reserve') !== reserve &&
      rev.metadata.labels?.[ROUTING_STATE] !== undefined
    )
      ctx.store.modify(REVISIONS, ns, rev.metadata.name, r => {
        r.metadata.labels = {
          ...r.metadata.labels,
          [ROUTING_STATE]: reserve ? 'reserve' : 'active',
        };
      });
    const active = this.scaleToZero(ctx, rev, d, ready, reserve);
    const status: any = {
      observedGeneration: rev.metadata.generation,
      conditions: setConditions(
        rev.status?.conditions ?? [],
        [active, container, ready, resources].map(c => ({
          type: c.type,
          status: c.status,
          ...(c.reason ? { reason: c.reason } : {}),
          ...(c.message ? { message: c.message } : {}),
        })),
        kubeTime(ctx.now),
      ),
      actualReplicas: d.status?.readyReplicas ?? 0,
      desiredReplicas: d.spec.replicas ?? 0,
      containerStatuses: (rev.spec.containers ?? []).map(
        (c: any, i: number) => ({
          name: c.name ?? (i === 0 ? 'user-container' : `container-${i}`),
          imageDigest: `${c.image.split(':')[0]}@sha256:${hex(c.image)}`,
        }),
      ),
    };
    if (JSON.stringify(rev.status) === JSON.stringify(status)) return;
    ctx.store.modify(REVISIONS, ns, rev.metadata.name, r => {
      r.status = status;
    });
  }

  /**
   * Active, and the Deployment's scale: no traffic ever arrives, so min-scale
   * 0 means zero after a minute; a Revision in reserve goes to zero at once.
   */
  private scaleToZero(
    ctx: ControllerContext,
    rev: KubeObject,
    d: KubeObject,
    ready: Condition,
    reserve: boolean,
  ): Condition {
    if (ready.status !== 'True' && !reserve)
      return { type: 'Active', status: 'Unknown', reason: 'Deploying' };
    const since = Date.parse(
      (knativeCondition(rev, 'Ready') as any)?.lastTransitionTime ??
        kubeTime(ctx.now),
    );
    const idle =
      reserve ||
      (minScale(rev) === 0 && ctx.now - since >= SCALE_TO_ZERO_AFTER_MS);
    const replicas = idle ? 0 : Math.max(1, minScale(rev));
    if ((d.spec.replicas ?? 1) !== replicas)
      ctx.store.modify(
        DEPLOYMENTS,
        d.metadata.namespace,
        d.metadata.name,
        o => {
          o.spec.replicas = replicas;
        },
      );
    return idle
      ? {
          type: 'Active',
          status: 'False',
          reason: 'NoTraffic',
          message: 'The target is not receiving traffic.',
        }
      : { type: 'Active', status: 'True' };
  }
}

function hex(text: string): string {
  let out = '';
  for (let i = 0; out.length < 64; i++)
    out += ((text.charCodeAt(i % text.length) * (i + 7)) % 256)
      .toString(16)
      .padStart(2, '0');
  return out.slice(0, 64);
}
