import type { Server } from 'node:http';
import request from 'supertest';

/** The plugin's routes of a test backend, called as one caller or another. */
export function pluginRequests(server: Server) {
  const api = (path: string) => `/api/workload-status${path}`;
  return {
    get: (authorization: string, path: string) =>
      request(server).get(api(path)).set('Authorization', authorization),
    post: (authorization: string, path: string) =>
      request(server).post(api(path)).set('Authorization', authorization),
    del: (authorization: string, path: string) =>
      request(server).delete(api(path)).set('Authorization', authorization),
  };
}

/**
 * Polls `read` until `done` says yes (real time: the watches deliver);
 * throws with `what` and the last value when it never does.
 */
export async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(
        `${what}: never happened; last ${JSON.stringify(value).slice(0, 800)}`,
      );
    }
    await new Promise(r => setTimeout(r, 50));
  }
}
