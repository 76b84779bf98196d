import type { EntityStatus } from '@workload-status/backstage-plugin-workload-status-common';
import { publicEntityStatus, publicSummary } from './publicStatus';

const RAW =
  'GET /api/v1/pods?watch=true answered 403: pods is forbidden: User "system:serviceaccount:backstage:workload-status" cannot watch resource "pods" at https://10.0.0.12:6443';

function status(): EntityStatus {
  const unreachable = {
    severity: 'warning' as const,
    code: 'ClusterUnreachable',
    message: `Cluster production cannot be reached (${RAW}); Deployment web is shown as last seen at 2026-12-06T10:00:00.000Z`,
    object: {
      kind: 'Deployment',
      namespace: 'shop',
      name: 'web',
      cluster: 'production',
    },
  };
  return {
    entityRef: 'component:default/web',
    lifecycle: 'Exception',
    health: 'unknown',
    updatedAt: '2026-12-06T10:00:00.000Z',
    reasons: [
      unreachable,
      {
        severity: 'warning',
        code: 'UnknownCluster',
        message: "The entity names cluster 'edge', which is not configured",
        object: { kind: 'Entity', name: 'component:default/web' },
      },
    ],
    clusters: [
      { name: 'production', reachable: true, stale: true, error: RAW },
      {
        name: 'edge',
        reachable: false,
        stale: true,
        error: "No cluster named 'edge' is configured",
      },
      { name: 'staging', reachable: true, stale: false },
    ],
    workloads: [
      {
        cluster: 'production',
        namespace: 'shop',
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: 'web',
        lifecycle: 'Exception',
        health: 'unknown',
        reasons: [unreachable],
        components: {},
        pods: [],
        jobHistory: [],
        builds: [],
      } as any,
    ],
  };
}

describe('publicEntityStatus', () => {
  it('words each cluster error as what failed, without address or account', () => {
    const original = status();
    const shown = publicEntityStatus(original);
    expect(shown.clusters).toEqual([
      {
        name: 'production',
        reachable: true,
        stale: true,
        error:
          "cluster production: the plugin's service account is not allowed to do this (403)",
      },
      // not a cluster's own words: kept
      {
        name: 'edge',
        reachable: false,
        stale: true,
        error: "No cluster named 'edge' is configured",
      },
      { name: 'staging', reachable: true, stale: false },
    ]);
    expect(shown.reasons[0].message).toBe(
      "Cluster production cannot be reached (the plugin's service account is not allowed to do this (403)); Deployment web is shown as last seen at 2026-12-06T10:00:00.000Z",
    );
    expect(shown.workloads[0].reasons[0].message).toBe(
      shown.reasons[0].message,
    );
    expect(JSON.stringify(shown)).not.toMatch(
      /serviceaccount|10\.0\.0\.12|https:/,
    );
    // the cached status is not changed
    expect(original).toEqual(status());
  });

  it('returns a status without cluster errors as it is', () => {
    const s = status();
    s.clusters = [{ name: 'staging', reachable: true, stale: false }];
    expect(publicEntityStatus(s)).toBe(s);
  });

  it('words the summary made from the same status', () => {
    const s = status();
    const summary = publicSummary(
      {
        entityRef: s.entityRef,
        lifecycle: s.lifecycle,
        health: s.health,
        reasons: s.reasons,
        updatedAt: s.updatedAt,
      },
      s,
    );
    expect(JSON.stringify(summary)).not.toMatch(/serviceaccount|10\.0\.0\.12/);
    expect(summary.reasons[1]).toBe(s.reasons[1]);
  });
});
