/**
 * The hostile-content suite's cluster objects (hostileContent.integration.test.ts):
 * workloads of the entity `hostile` in production/shop whose containers log
 * the simulator's hostile corpus, an operator logging it about them, and
 * the checks of an answer for planted secrets. The corpus itself is
 * @internal/cluster-simulator's (src/hostile/hostileContent.ts).
 */
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { kubernetesClustersReadPermission } from '@backstage/plugin-kubernetes-common';
import {
  AuthorizeResult,
  isPermission,
} from '@backstage/plugin-permission-common';
import {
  HOSTILE_LAST_LINE,
  hostileLogLines,
  pathologicalLines,
  PLANTED_SECRETS,
  plantedSecretValues,
} from '@internal/cluster-simulator';
import type { KubeObject } from '@internal/cluster-simulator';

export const IMAGE_SECRET = 'ImagePassw0rd-0020';
/** Every value that must never reach a user. */
export const SECRETS = [...plantedSecretValues(), IMAGE_SECRET];
const LOG_LINES = JSON.stringify(hostileLogLines());
const LONG_LINE_BYTES = 2 * 1024 * 1024 - 1024;

/** The entity (kubernetes-id) every hostile object belongs to. */
export const ENTITY = 'hostile';

/** Allows every permission, except cluster details to bob. */
export const permissionsWithoutClusterDetailsForBob = createServiceFactory({
  service: coreServices.permissions,
  deps: {},
  factory: () => ({
    async authorize(requests: any[], options: any) {
      const user = options?.credentials?.principal?.userEntityRef;
      return requests.map(r => ({
        result:
          user === 'user:default/bob' &&
          isPermission(r.permission, kubernetesClustersReadPermission)
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
      }));
    },
    async authorizeConditional(requests: any[]) {
      return requests.map(() => ({ result: AuthorizeResult.ALLOW }));
    },
  }),
});

const hostileAnnotations = {
  'simulator.workload-status.dev/log-lines': LOG_LINES,
};

export function workloadObjects(): KubeObject[] {
  const labels = { 'backstage.io/kubernetes-id': ENTITY };
  const podTemplate = (
    annotations: Record<string, string>,
    container: object,
    extra: object = {},
  ) => ({
    metadata: { labels, annotations },
    spec: { containers: [container], ...extra },
  });
  return [
    // crash-looping service: 30 s runs, its failed runs' log tail is the
    // terminated message (FallbackToLogsOnError)
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: ENTITY, namespace: 'shop', labels },
      spec: {
        replicas: 1,
        selector: { matchLabels: labels },
        template: podTemplate(
          {
            ...hostileAnnotations,
            'simulator.workload-status.dev/behaviour': 'crash-loop',
            'simulator.workload-status.dev/run-for': '30s',
          },
          {
            name: 'app',
            image: 'registry.example.com/shop/hostile:1.0.0',
            terminationMessagePolicy: 'FallbackToLogsOnError',
          },
        ),
      },
    },
    // an image name that is a URL with a password: the kubelet echoes it
    // in the waiting message (InvalidImageName)
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: `${ENTITY}-image`, namespace: 'shop', labels },
      spec: {
        replicas: 1,
        selector: {
          matchLabels: { ...labels, 'app.kubernetes.io/name': 'image' },
        },
        template: {
          metadata: {
            labels: { ...labels, 'app.kubernetes.io/name': 'image' },
            annotations: {
              'simulator.workload-status.dev/behaviour': 'invalid-image-name',
            },
          },
          spec: {
            containers: [
              {
                name: 'app',
                image: `https://deploy:${IMAGE_SECRET}@registry.example.com/shop/app:1`,
              },
            ],
          },
        },
      },
    },
    // a CronJob whose runs fail with the hostile log as terminated message
    {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: `${ENTITY}-cron`, namespace: 'shop', labels },
      spec: {
        schedule: '*/1 * * * *',
        jobTemplate: {
          metadata: { labels },
          spec: {
            backoffLimit: 0,
            template: podTemplate(
              {
                ...hostileAnnotations,
                'simulator.workload-status.dev/behaviour': 'fail',
                'simulator.workload-status.dev/run-for': '4s',
              },
              {
                name: 'job',
                image: 'registry.example.com/shop/hostile-job:1.0.0',
                terminationMessagePolicy: 'FallbackToLogsOnError',
              },
              { restartPolicy: 'Never' },
            ),
          },
        },
      },
    },
    // a build whose step logs are the hostile log
    {
      apiVersion: 'tekton.dev/v1',
      kind: 'PipelineRun',
      metadata: {
        name: `${ENTITY}-build`,
        namespace: 'shop',
        labels,
        annotations: hostileAnnotations,
      },
      spec: {
        pipelineSpec: {
          tasks: [
            {
              name: 'build',
              taskSpec: { steps: [{ name: 'compile', image: 'buildah:1' }] },
            },
          ],
        },
      },
    },
    // one pathological line of almost 2 MiB (the most a log answer holds)
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `${ENTITY}-long-line`,
        namespace: 'shop',
        labels,
        annotations: {
          'simulator.workload-status.dev/log-lines': JSON.stringify([
            `http://${':'.repeat(LONG_LINE_BYTES)}`,
            HOSTILE_LAST_LINE,
          ]),
        },
      },
      spec: {
        containers: [{ name: 'app', image: 'registry.example.com/x:1' }],
      },
    },
  ];
}

/**
 * controller-runtime JSON lines about shop/hostile carrying the corpus: a
 * record per pathological line and per planted secret (a multi-line secret
 * in one record, as an operator logs a multi-line error), a timestamp no
 * Date can hold, a line that is not JSON, and the corpus's last line.
 */
function operatorLines(): string[] {
  const about = `"controller":"deployment","namespace":"shop","name":"${ENTITY}"`;
  const record = (ts: number | string, error: string) =>
    `{"level":"error","ts":${ts},"msg":"Reconciler error",${about},"error":${JSON.stringify(
      error,
    )}}`;
  return [
    record('1e300', 'ts out of range'),
    `{"level":"error","ts":1768471200.5,"msg":"Reconciler error",${about},"error":`,
    ...pathologicalLines(200 * 1024).map((line, i) =>
      record(1768471201 + i, line),
    ),
    ...PLANTED_SECRETS.map((secret, i) =>
      record(1768471210 + i, secret.lines.join('\n')),
    ),
    `{"level":"info","ts":1768471300,"msg":${JSON.stringify(
      HOSTILE_LAST_LINE,
    )},${about}}`,
  ];
}

export function operatorObjects(): KubeObject[] {
  return [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: 'hostile-system',
        labels: { 'backstage.io/owner': 'team-shop' },
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'hostile-operator', namespace: 'hostile-system' },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'hostile-operator' } },
        template: {
          metadata: {
            labels: { app: 'hostile-operator' },
            annotations: {
              'simulator.workload-status.dev/log-lines': JSON.stringify(
                operatorLines(),
              ),
            },
          },
          spec: {
            containers: [
              { name: 'manager', image: 'registry.example.com/op:1' },
            ],
          },
        },
      },
    },
  ];
}

export function leaked(text: string): string[] {
  return SECRETS.filter(s => text.includes(s));
}

/** Where in a JSON answer each secret is: `workloads[0].pods[0].image: <secret>`. */
export function leakedAt(value: unknown, at = ''): string[] {
  if (typeof value === 'string')
    return leaked(value).map(secret => `${at}: ${secret}`);
  if (Array.isArray(value))
    return value.flatMap((v, i) => leakedAt(v, `${at}[${i}]`));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) =>
      leakedAt(v, at ? `${at}.${k}` : k),
    );
  return [];
}
