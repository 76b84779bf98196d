import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { WorkloadStatusKindRule } from '@workload-status/backstage-plugin-workload-status-node';
import type { ClusterCache } from '../cache/ClusterCache';
import { ClusterConfigReader } from '../cluster/ClusterConfigReader';
import { EntityMatcher } from '../matching/EntityMatcher';
import { StatusPipeline } from '../status/StatusPipeline';
import { startStaticApiServer, staticClusterSpec } from './staticApiServer';

/**
 * A StatusPipeline with the default settings (or those of `config`, an
 * app-config) and no build sources.
 */
export function newStatusPipeline(
  options: {
    kindRules?: WorkloadStatusKindRule[];
    now?: () => number;
    config?: object;
  } = {},
): StatusPipeline {
  return new StatusPipeline({
    settings: ClusterConfigReader.readSettings(
      new ConfigReader(options.config ?? {}),
    ),
    logger: mockServices.logger.mock(),
    buildSources: [],
    kindRules: options.kindRules ?? [],
    now: options.now,
  });
}

/**
 * `pipeline` watching one cluster, `prod`, that a static API server plays:
 * every resource type the pipeline watches answers (empty unless `objects`
 * lists its path), so the cluster syncs. The Component `component` of the
 * default namespace is matched by the kubernetes-id of the same name.
 */
export async function startStaticClusterPipeline(
  pipeline: StatusPipeline,
  objects: Record<string, object[]>,
  component: string,
): Promise<{
  cache: ClusterCache;
  /** waits until the cluster is synced and holds `uids`, then recomputes every status */
  settle(uids: string[]): Promise<void>;
  stop(): Promise<void>;
}> {
  const served: Record<string, object[]> = {};
  for (const r of pipeline.resourceTypes()) {
    served[
      r.group
        ? `/apis/${r.group}/${r.version}/${r.plural}`
        : `/api/${r.version}/${r.plural}`
    ] = [];
  }
  const api = await startStaticApiServer({ ...served, ...objects });
  const stop = async () => {
    await pipeline.stop();
    await api.close();
  };
  try {
    pipeline.addCluster(staticClusterSpec('prod', api.url));
    pipeline.index.setEntity(
      new EntityMatcher('multiTenant').match({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: component,
          namespace: 'default',
          annotations: { 'backstage.io/kubernetes-id': component },
        },
      }),
    );
  } catch (e) {
    await stop();
    throw e;
  }
  const cache = pipeline.clusterCaches().get('prod')!;
  return {
    cache,
    async settle(uids) {
      const ready = () =>
        uids.every(uid => cache.store.get(uid)) &&
        cache.health().synced &&
        !cache.health().stale;
      for (let i = 0; i < 500 && !ready(); i++) {
        await new Promise(r => setTimeout(r, 20));
      }
      pipeline.statuses.resync();
    },
    stop,
  };
}
