/*
 * Where a status request's milliseconds go, by subtraction: the same
 * backend answers, one after the other, requests that stop at successive
 * layers of the path, and the CPU each costs is read from /proc:
 *  - the health route: the root router (helmet, CORS, compression, access
 *    log) and nothing else;
 *  - the permission backend's authorize route called directly with the
 *    user's token: the permission round trip as the permission backend sees
 *    it (token check, policy, one more access-log line);
 *  - a cluster list, theirs and ours: the plugin router, the user's token, one
 *    authorization (ours to the permission backend: a token issued on
 *    behalf of the user, a loopback HTTP request) and a small body;
 *  - our status: all of that, one entity's status and its serialisation.
 */
import { call, measure } from './measure';

export interface RequestPathRow {
  layer: string;
  /** backend CPU per request, ms */
  cpuMs: number;
  /** median wall time per request, ms */
  p50: number;
}

export async function measureRequestPath(options: {
  pid: number;
  statsUrl: string;
  base: string;
  token: string;
  entityRefs: string[];
  requests: number;
}): Promise<RequestPathRow[]> {
  const { base, token, entityRefs, requests } = options;
  const layers: Array<[string, (i: number) => Promise<number>]> = [
    [
      'root router only (health)',
      () => call(`${base}/.backstage/health/v1/liveness`, token),
    ],
    [
      'permission backend, called directly',
      i =>
        call(`${base}/api/permission/authorize`, token, {
          items: [
            {
              id: String(i),
              permission: {
                type: 'resource',
                name: 'workload-status.entity.read',
                attributes: { action: 'read' },
                resourceType: 'catalog-entity',
              },
              resourceRef: entityRefs[i % entityRefs.length],
            },
          ],
        }),
    ],
    // the same shape in Backstage's Kubernetes backend: what any plugin
    // route that checks one permission for a user pays
    [
      'theirs: cluster list (auth + 1 authorization)',
      () => call(`${base}/api/kubernetes/clusters`, token),
    ],
    [
      'ours: cluster list (auth + 1 authorization)',
      () => call(`${base}/api/workload-status/v1/clusters`, token),
    ],
    [
      'ours: entity status',
      i => {
        const ref = entityRefs[i % entityRefs.length];
        const [, k, ns, n] = /^([^:]+):([^/]+)\/(.+)$/.exec(ref)!;
        return call(
          `${base}/api/workload-status/v1/entities/${ns}/${k}/${n}/status`,
          token,
        );
      },
    ],
  ];
  const rows: RequestPathRow[] = [];
  for (const [layer, request] of layers) {
    // under a profiler (VERSUS_PROFILE), quiet gaps tell the layers apart
    if (process.env.VERSUS_PROFILE) await new Promise(r => setTimeout(r, 3000));
    for (let i = 0; i < 20; i++) await request(i); // warm-up
    const times: number[] = [];
    const sample = await measure(options.pid, options.statsUrl, async () => {
      let bytes = 0;
      for (let i = 0; i < requests; i++) {
        const t0 = performance.now();
        bytes += await request(i);
        times.push(performance.now() - t0);
      }
      return bytes;
    });
    times.sort((a, b) => a - b);
    rows.push({
      layer,
      cpuMs: (sample.cpuSeconds * 1000) / requests,
      p50: times[Math.floor(times.length / 2)],
    });
  }
  return rows;
}
