/*
 * Starting what the versus benchmark measures: the clusters child, the
 * catalog and config of the bench backend, the backend child, and the
 * guest sign-in that gives the driver a user's token.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../../../..');
const TRANSFORM = require.resolve('@backstage/cli/config/nodeTransform.cjs');

export const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

export function freePort(): Promise<number> {
  return new Promise(resolve => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export async function until<T>(
  what: string,
  seconds: number,
  probe: () => Promise<T | undefined>,
): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(1000);
  }
}

export function spawnNode(
  args: string[],
  env: Record<string, string>,
  logFile?: string,
): ChildProcess {
  const child = spawn(process.execPath, ['-r', TRANSFORM, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', logFile ? 'pipe' : 'inherit'],
  });
  if (logFile) {
    const out = createWriteStream(logFile);
    child.stdout!.pipe(out);
    child.stderr!.pipe(out);
  }
  return child;
}

export interface ClustersInfo {
  clusters: Array<{ name: string; url: string }>;
  token: string;
  statsUrl: string;
  kubernetesIds: string[];
}

export async function startClusters(clusters: number, pods: number) {
  const child = spawnNode(
    ['--max-old-space-size=8192', path.join(__dirname, 'clusters.ts')],
    { VERSUS_CLUSTERS: String(clusters), VERSUS_PODS: String(pods) },
  );
  const info = await new Promise<ClustersInfo>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', d => {
      out += d;
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve(JSON.parse(out.slice(0, nl)));
    });
    child.on('exit', code => reject(new Error(`clusters exited with ${code}`)));
  });
  return { child, info };
}

export function writeConfig(
  dir: string,
  port: number,
  info: ClustersInfo,
): string {
  const entities = info.kubernetesIds.map(id => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: id, annotations: { 'backstage.io/kubernetes-id': id } },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'group:default/bench',
    },
  }));
  const entitiesFile = path.join(dir, 'entities.yaml');
  writeFileSync(
    entitiesFile,
    entities.map(e => JSON.stringify(e)).join('\n---\n'),
  );
  const config = {
    app: { baseUrl: `http://127.0.0.1:${port}` },
    backend: {
      baseUrl: `http://127.0.0.1:${port}`,
      listen: { port, host: '127.0.0.1' },
      database: { client: 'better-sqlite3', connection: ':memory:' },
    },
    auth: {
      environment: 'development',
      providers: {
        guest: {
          userEntityRef: 'user:default/guest',
          // not in this catalog: its claims, as the demo's guest has them
          // (a platform member: the demo policy's cluster details)
          ownershipEntityRefs: ['user:default/guest', 'group:default/platform'],
          dangerouslyAllowOutsideDevelopment: true,
        },
      },
    },
    catalog: {
      rules: [{ allow: ['Component'] }],
      locations: [{ type: 'file', target: entitiesFile }],
    },
    kubernetes: {
      serviceLocatorMethod: { type: 'multiTenant' },
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: info.clusters.map(c => ({
            name: c.name,
            url: c.url,
            authProvider: 'serviceAccount',
            serviceAccountToken: info.token,
          })),
        },
      ],
    },
    permission: { enabled: true },
  };
  const configFile = path.join(dir, 'app-config.yaml');
  writeFileSync(configFile, JSON.stringify(config, null, 2));
  return configFile;
}

export async function guestToken(base: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/guest/refresh?env=development`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  if (!res.ok) throw new Error(`guest sign-in: ${res.status}`);
  const body = (await res.json()) as { backstageIdentity: { token: string } };
  return body.backstageIdentity.token;
}
