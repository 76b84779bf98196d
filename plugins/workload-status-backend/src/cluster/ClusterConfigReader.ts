import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  ClusterSpec,
  OperatorSpec,
  ResourceType,
  ServiceLocatorMethod,
  WorkloadStatusSettings,
} from './types';
import {
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_MAX_WATCH_LINE_BYTES,
} from './responseBounds';
import {
  boundedInteger,
  readPositiveDuration,
} from '../settings/settingValues';

const SUPPORTED_AUTH_PROVIDERS = ['serviceAccount', 'localKubectlProxy'];
const LOCATOR_TYPES = ['config', 'catalog', 'localKubectlProxy', 'gke'];
const SERVICE_LOCATORS: ServiceLocatorMethod[] = [
  'multiTenant',
  'singleTenant',
  'catalogRelation',
];

/**
 * Reads the `kubernetes:` block as Backstage's Kubernetes plugin reads it,
 * plus our `workloadStatus:` block, and validates both at start so that a
 * mistake fails fast with the offending key in the message.
 */
export class ClusterConfigReader {
  static readSettings(config: Config): WorkloadStatusSettings {
    const ws = config.getOptionalConfig('workloadStatus');
    const k8s = config.getOptionalConfig('kubernetes');

    const locator =
      k8s?.getOptionalString('serviceLocatorMethod.type') ?? 'multiTenant';
    if (!SERVICE_LOCATORS.includes(locator as ServiceLocatorMethod)) {
      throw new InputError(
        `Invalid config at kubernetes.serviceLocatorMethod.type: '${locator}' is not one of ${SERVICE_LOCATORS.join(
          ', ',
        )}`,
      );
    }

    const duration = (key: string, fallbackMs: number) =>
      readPositiveDuration(ws, 'workloadStatus', key, fallbackMs);
    const positiveInt = (key: string, fallback: number, max: number) =>
      boundedInteger(
        ws?.getOptionalNumber(key),
        `workloadStatus.${key}`,
        fallback,
        max,
      );

    const watchTimeoutSeconds = {
      min: positiveInt('watchTimeoutSeconds.min', 300, 3600),
      max: positiveInt('watchTimeoutSeconds.max', 600, 3600),
    };
    if (watchTimeoutSeconds.min > watchTimeoutSeconds.max) {
      throw new InputError(
        'Invalid config at workloadStatus.watchTimeoutSeconds: min is greater than max',
      );
    }
    const backoff = {
      initialMs: duration('backoff.initial', 800),
      maxMs: duration('backoff.max', 30_000),
    };
    if (backoff.initialMs > backoff.maxMs) {
      throw new InputError(
        'Invalid config at workloadStatus.backoff: initial is greater than max',
      );
    }
    const minWatchDurationMs = duration('minWatchDuration', 5_000);
    if (minWatchDurationMs > watchTimeoutSeconds.min * 1000) {
      // else every watch the server ends on time would count as a failure
      throw new InputError(
        'Invalid config at workloadStatus.minWatchDuration: longer than watchTimeoutSeconds.min',
      );
    }
    const byteCap = (key: string, fallback: number) => {
      const v = ws?.getOptionalNumber(key) ?? fallback;
      if (!Number.isInteger(v) || v < 64 * 1024 || v > 1024 ** 3) {
        throw new InputError(
          `Invalid config at workloadStatus.${key}: must be an integer number of bytes from 65536 (64 KiB) to 1073741824 (1 GiB)`,
        );
      }
      return v;
    };
    const maxResponseBytes = byteCap(
      'maxResponseBytes',
      DEFAULT_MAX_RESPONSE_BYTES,
    );
    const maxWatchLineBytes = byteCap(
      'maxWatchLineBytes',
      DEFAULT_MAX_WATCH_LINE_BYTES,
    );
    if (maxWatchLineBytes > maxResponseBytes) {
      // an object a watch accepts must fit in a LIST page of one
      throw new InputError(
        'Invalid config at workloadStatus.maxWatchLineBytes: greater than maxResponseBytes',
      );
    }

    const buildSources: ResourceType[] = (
      ws?.getOptionalConfigArray('buildSources') ?? []
    ).map(c => ({
      group: c.getString('group'),
      version: c.getString('version'),
      plural: c.getString('plural'),
      kind: c.getString('kind'),
    }));

    const clusterSettings: WorkloadStatusSettings['clusterSettings'] = {};
    const clustersConfig = ws?.getOptionalConfig('clusters');
    for (const name of clustersConfig?.keys() ?? []) {
      const c = clustersConfig!.getConfig(name);
      const url = c.getOptionalString('url');
      if (url !== undefined)
        checkUrl(url, `workloadStatus.clusters.${name}.url`);
      clusterSettings[name] = {
        serviceAccountToken: c.getOptionalString('serviceAccountToken'),
        url,
        caData: c.getOptionalString('caData'),
        allowInsecureHttp: c.getOptionalBoolean('allowInsecureHttp') ?? false,
        operators: (c.getOptionalConfigArray('operators') ?? []).map((o, i) =>
          readOperator(o, `workloadStatus.clusters.${name}.operators[${i}]`),
        ),
      };
    }

    const logs = {
      defaultTailLines: positiveInt('logs.defaultTailLines', 500, 100_000),
      maxTailLines: positiveInt('logs.maxTailLines', 10_000, 100_000),
      maxBytes: positiveInt('logs.maxBytes', 2 * 1024 * 1024, 64 * 1024 * 1024),
      followTimeoutMs: duration('logs.followTimeout', 30 * 60_000),
      maxFollowStreams: positiveInt('logs.maxFollowStreams', 100, 100_000),
      operatorTailLines: positiveInt('logs.operatorTailLines', 1000, 100_000),
      maxStreamsPerUser: positiveInt('logs.maxStreamsPerUser', 4, 10_000),
      readTimeoutMs: duration('logs.readTimeout', 30_000),
      maxBuildStepReads: positiveInt('logs.maxBuildStepReads', 30, 100),
      operatorMaxPods: positiveInt('logs.operatorMaxPods', 10, 100),
      operatorMaxBytes: positiveInt(
        'logs.operatorMaxBytes',
        8 * 1024 * 1024,
        256 * 1024 * 1024,
      ),
      operatorCacheTtlMs: duration('logs.operatorCacheTtl', 10_000),
      operatorCacheMaxEntries: positiveInt(
        'logs.operatorCacheMaxEntries',
        100,
        100_000,
      ),
      operatorCacheMaxBytes: positiveInt(
        'logs.operatorCacheMaxBytes',
        32 * 1024 * 1024,
        1024 * 1024 * 1024,
      ),
    };
    for (const key of ['defaultTailLines', 'operatorTailLines'] as const) {
      if (logs[key] > logs.maxTailLines) {
        throw new InputError(
          `Invalid config at workloadStatus.logs.${key}: greater than logs.maxTailLines (${logs.maxTailLines})`,
        );
      }
    }

    const methods = k8s?.getOptionalConfigArray('clusterLocatorMethods') ?? [];
    return {
      serviceLocatorMethod: locator as ServiceLocatorMethod,
      clusterLocatorContinueOnError:
        k8s?.getOptionalBoolean('clusterLocatorContinueOnError') ?? false,
      catalogClusters: methods.some(m => m.getString('type') === 'catalog'),
      requestTimeoutMs: duration('requestTimeout', 10_000),
      resyncMs: duration('resync', 30_000),
      staleAfterMs: duration('staleAfter', 120_000),
      watchInactivityTimeoutMs: duration('watchInactivityTimeout', 120_000),
      watchTimeoutSeconds,
      backoff,
      minWatchDurationMs,
      pageSize: positiveInt('pageSize', 500, 10_000),
      listWorker: ws?.getOptionalBoolean('listWorker') ?? false,
      maxResponseBytes,
      maxWatchLineBytes,
      entityRefreshMs: duration('entityRefresh', 60_000),
      signalDebounceMs: duration('signalDebounce', 1_000),
      maxBatchSize: positiveInt('maxBatchSize', 1000, 100_000),
      buildSources,
      logs,
      clusterSettings,
      allowServicePrincipals: readServicePrincipals(ws),
    };
  }

  /**
   * The clusters named in configuration: `config` and `localKubectlProxy`
   * locators and `workloadStatus.kubeconfig`. Clusters of a `catalog` locator
   * come from {@link ClusterConfigReader.fromCatalogEntity}.
   */
  static readClusters(config: Config): ClusterSpec[] {
    const settings = ClusterConfigReader.readSettings(config);
    const clusters: ClusterSpec[] = [];
    const seen = new Map<string, string>();
    const add = (spec: ClusterSpec, key: string) => {
      const previous = seen.get(spec.name);
      if (previous) {
        throw new InputError(
          `Invalid config at ${key}: duplicate cluster name '${spec.name}' (also at ${previous})`,
        );
      }
      seen.set(spec.name, key);
      clusters.push(spec);
    };
    const operatorsOf = (name: string) =>
      settings.clusterSettings[name]?.operators ?? [];

    const methods =
      config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? [];
    methods.forEach((method, i) => {
      const methodKey = `kubernetes.clusterLocatorMethods[${i}]`;
      const type = method.getString('type');
      if (!LOCATOR_TYPES.includes(type)) {
        throw new InputError(
          `Invalid config at ${methodKey}.type: unknown cluster locator '${type}'`,
        );
      }
      if (type === 'localKubectlProxy') {
        add(
          {
            name: 'local',
            url: 'http://127.0.0.1:8001',
            source: 'localKubectlProxy',
            authProvider: 'localKubectlProxy',
            skipTLSVerify: false,
            operators: operatorsOf('local'),
          },
          methodKey,
        );
        return;
      }
      if (type !== 'config') return; // catalog: read later; gke: not supported (no server-side auth here)
      (method.getOptionalConfigArray('clusters') ?? []).forEach((c, j) => {
        const key = `${methodKey}.clusters[${j}]`;
        const name = c.getString('name');
        const url = c.getString('url');
        checkUrl(url, `${key}.url`);
        const authProvider =
          c.getOptionalString('authProvider') ??
          c.getOptionalString('authMetadata.kubernetes\\.io/auth-provider');
        if (!authProvider) {
          throw new InputError(
            `Invalid config at ${key}.authProvider: missing (one of ${SUPPORTED_AUTH_PROVIDERS.join(
              ', ',
            )})`,
          );
        }
        if (!SUPPORTED_AUTH_PROVIDERS.includes(authProvider)) {
          throw new InputError(
            `Invalid config at ${key}.authProvider: '${authProvider}' needs a user's token; a background watch can only use ${SUPPORTED_AUTH_PROVIDERS.join(
              ' or ',
            )}`,
          );
        }
        const token = c.getOptionalString('serviceAccountToken');
        add(
          {
            name,
            title: c.getOptionalString('title'),
            url,
            source: 'config',
            authProvider,
            serviceAccountToken:
              token ?? settings.clusterSettings[name]?.serviceAccountToken,
            caData: c.getOptionalString('caData'),
            caFile: c.getOptionalString('caFile'),
            skipTLSVerify: c.getOptionalBoolean('skipTLSVerify') ?? false,
            operators: operatorsOf(name),
          },
          key,
        );
      });
    });

    const kubeconfig = config.getOptionalConfig('workloadStatus.kubeconfig');
    if (kubeconfig) {
      const path = kubeconfig.getString('path');
      const context = kubeconfig.getOptionalString('context');
      const name =
        kubeconfig.getOptionalString('name') ?? context ?? 'kubeconfig';
      add(
        {
          name,
          url: '', // resolved from the file by ClusterConnection
          source: 'kubeconfig',
          authProvider: 'kubeconfig',
          skipTLSVerify: false,
          kubeconfig: { path, context },
          operators: operatorsOf(name),
        },
        'workloadStatus.kubeconfig',
      );
    }

    for (const [name, c] of Object.entries(settings.clusterSettings)) {
      const key = `workloadStatus.clusters.${name}`;
      if (!seen.has(name) && !settings.catalogClusters) {
        throw new InputError(
          `Invalid config at ${key}: no cluster named '${name}' is configured`,
        );
      }
      checkCatalogClusterSettings(c, key, seen.has(name));
    }
    return clusters;
  }
}

const K8S_NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
// a label selector's requirements: `k=v`, `k!=v`, `k in (a,b)`, `!k`, `k`
const LABEL_SELECTOR = /^[-A-Za-z0-9_.\/=!(), ]{1,1000}$/;

function readOperator(o: Config, key: string): OperatorSpec {
  const namespace = o.getString('namespace');
  const labelSelector = o.getString('labelSelector').trim();
  const container = o.getOptionalString('container');
  if (!K8S_NAMESPACE.test(namespace)) {
    throw new InputError(
      `Invalid config at ${key}.namespace: '${namespace}' is not a namespace name`,
    );
  }
  if (!LABEL_SELECTOR.test(labelSelector)) {
    throw new InputError(
      `Invalid config at ${key}.labelSelector: '${labelSelector}' is not a label selector`,
    );
  }
  if (container !== undefined && !K8S_NAMESPACE.test(container)) {
    throw new InputError(
      `Invalid config at ${key}.container: '${container}' is not a container name`,
    );
  }
  const name = o.getOptionalString('name') ?? `${namespace}/${labelSelector}`;
  if (!name.trim() || name.length > 253) {
    throw new InputError(
      `Invalid config at ${key}.name: must be 1 to 253 characters`,
    );
  }
  return { name, namespace, labelSelector, container };
}

/**
 * A catalog entity may name any URL: a catalog cluster's token goes only to
 * the URL written here, so a token without one is refused at start, and so
 * is a plain http URL unless allowed by name (the token would travel in
 * clear). Config-located clusters have their URL in the kubernetes block.
 */
function checkCatalogClusterSettings(
  c: WorkloadStatusSettings['clusterSettings'][string],
  key: string,
  configLocated: boolean,
) {
  if (configLocated) {
    for (const field of ['url', 'caData', 'allowInsecureHttp'] as const) {
      if (field === 'allowInsecureHttp' ? c.allowInsecureHttp : c[field]) {
        throw new InputError(
          `Invalid config at ${key}.${field}: only for clusters of the catalog locator; this cluster is configured in kubernetes.clusterLocatorMethods`,
        );
      }
    }
    return;
  }
  if (c.serviceAccountToken && !c.url) {
    throw new InputError(
      `Invalid config at ${key}.url: required with serviceAccountToken, the only API server the token is sent to (the catalog entity's URL must agree)`,
    );
  }
  if (c.url && new URL(c.url).protocol === 'http:' && !c.allowInsecureHttp) {
    throw new InputError(
      `Invalid config at ${key}.url: '${c.url}' is plain http, which would send the token in clear; use https, or set ${key}.allowInsecureHttp: true`,
    );
  }
}

/** Subjects as the auth service names them: `plugin:<id>`, an external access subject. */
function readServicePrincipals(ws: Config | undefined): string[] {
  const subjects = ws?.getOptionalStringArray('allowServicePrincipals') ?? [];
  subjects.forEach((subject, i) => {
    if (!/^\S{1,256}$/.test(subject)) {
      throw new InputError(
        `Invalid config at workloadStatus.allowServicePrincipals[${i}]: '${subject}' is not a principal subject`,
      );
    }
  });
  return subjects;
}

function checkUrl(url: string, key: string) {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InputError(`Invalid config at ${key}: '${url}' is not a URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new InputError(
      `Invalid config at ${key}: '${url}' must be an http or https URL`,
    );
  }
}
