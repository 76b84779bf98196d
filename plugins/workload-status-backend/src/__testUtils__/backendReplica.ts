import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/** the demo backend's package: packages/backend */
export const BACKEND_DIR = path.resolve(
  __dirname,
  '../../../../packages/backend',
);

export interface BackendReplica {
  name: string;
  port: number;
  url: string;
  pid: number;
  logFile: string;
  /** the replica's log so far */
  log(): string;
  /** kill -9 of its whole process group: a crash, nothing flushed */
  kill(): void;
  /** SIGTERM, then SIGKILL after `graceMs` */
  stop(graceMs?: number): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (free when asked; bind it soon). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

/**
 * Starts the demo backend (packages/backend/src/index.ts) as scripts/e2e.sh
 * does: from source through Backstage's node transform, in its own process
 * group (so that kill() takes every child with it), with the repository's
 * app-config.yaml and then `configFile` on top.
 */
export function startBackendReplica(options: {
  name: string;
  port: number;
  configFile: string;
  logFile: string;
  env?: Record<string, string>;
}): BackendReplica {
  const out = fs.openSync(options.logFile, 'w');
  const child = spawn(
    process.execPath,
    [
      '--require',
      '@backstage/cli/config/nodeTransform.cjs',
      'src/index.ts',
      '--config',
      '../../app-config.yaml',
      '--config',
      options.configFile,
    ],
    {
      cwd: BACKEND_DIR,
      detached: true,
      stdio: ['ignore', out, out],
      env: { ...process.env, NODE_ENV: 'development', ...options.env },
    },
  );
  fs.closeSync(out);
  const pid = child.pid!;
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      // already gone
    }
  };
  return {
    name: options.name,
    port: options.port,
    url: `http://127.0.0.1:${options.port}`,
    pid,
    logFile: options.logFile,
    log: () => fs.readFileSync(options.logFile, 'utf8'),
    kill: () => signalGroup('SIGKILL'),
    stop: async (graceMs = 5000) => {
      if (exited) return;
      signalGroup('SIGTERM');
      const deadline = Date.now() + graceMs;
      while (!exited && Date.now() < deadline) {
        await new Promise(r => setTimeout(r, 100));
      }
      signalGroup('SIGKILL');
    },
  };
}

/** Waits until the replica says it is ready, or throws with its log's tail. */
export async function waitForReadiness(
  replica: BackendReplica,
  timeoutMs: number,
) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${replica.url}/.backstage/health/v1/readiness`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise(r => setTimeout(r, 500));
  }
  throw new Error(
    `${replica.name} did not become ready in ${timeoutMs} ms:\n${replica
      .log()
      .slice(-3000)}`,
  );
}
