import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import express from 'express';
import Router from 'express-promise-router';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import request from 'supertest';
import { LogStreamLimit } from '../diagnostics/logs/LogStreamLimit';
import { logRequestError } from '../diagnostics/logs/PodLogReader';
import { LOG_NOTE, LogRouteServices, registerLogRoutes } from './logRoutes';
import { publicErrorHandler } from './publicErrors';

const SETTINGS = {
  defaultTailLines: 500,
  maxTailLines: 10_000,
  maxBytes: 2 * 1024 * 1024,
  followTimeoutMs: 400,
  maxFollowStreams: 100,
  operatorTailLines: 1000,
  maxStreamsPerUser: 2,
  readTimeoutMs: 300,
  maxBuildStepReads: 30,
  operatorMaxPods: 10,
  operatorMaxBytes: 8 * 1024 * 1024,
  operatorCacheTtlMs: 10_000,
  operatorCacheMaxEntries: 100,
  operatorCacheMaxBytes: 32 * 1024 * 1024,
};
const POD_LOG =
  '/v1/entities/default/component/web/pods/production/shop/web-1/log';

/**
 * A log that sends one partial line and then trickles nothing until the
 * request is aborted, as a cluster that holds the connection does; the
 * reader ends its stream on abort, as PodLogReader does.
 */
function tricklingLog(signal: AbortSignal) {
  const stream = new Readable({ read() {} });
  stream.push('first line\nsecond, not finis');
  signal.addEventListener('abort', () => stream.push(null), { once: true });
  return stream;
}

function app(openPodLog: (signal: AbortSignal) => Promise<Readable>) {
  const streams = new LogStreamLimit(SETTINGS);
  const logs = {
    settings: SETTINGS,
    streams,
    podLogs: {
      openPodLog: async (
        _e: string,
        _r: unknown,
        _q: unknown,
        signal: AbortSignal,
      ) => ({
        target: {
          cluster: 'production',
          namespace: 'shop',
          pod: 'web-1',
          container: 'app',
        },
        stream: await openPodLog(signal),
      }),
    },
  } as unknown as LogRouteServices;
  const router = Router();
  const permissions = mockServices.permissions.mock();
  permissions.authorize.mockResolvedValue([{ result: 'DENY' } as any]);
  registerLogRoutes(router, '/v1/entities/:namespace/:kind/:name', {
    httpAuth: mockServices.httpAuth(),
    authorizer: { assertAllowed: async () => {} } as any,
    permissions,
    logs,
  });
  router.use(
    publicErrorHandler({
      httpAuth: mockServices.httpAuth(),
      permissions,
      logger: mockServices.logger.mock(),
    }),
  );
  const server = express()
    .use(router)
    .use(
      MiddlewareFactory.create({
        config: new ConfigReader({}),
        logger: mockServices.logger.mock(),
      }).error(),
    );
  return { server, streams };
}

describe('log routes: time and caller bounds', () => {
  const mallory = mockCredentials.user.header('user:default/mallory');
  const alice = mockCredentials.user.header('user:default/alice');

  it('ends a log that is not followed at readTimeout and says it is incomplete', async () => {
    const { server, streams } = app(async signal => tricklingLog(signal));
    const started = Date.now();
    const res = await request(server)
      .get(POD_LOG)
      .set('Authorization', mallory);
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(res.text).toBe(
      `first line\nsecond, not finis\n${LOG_NOTE} The log is incomplete: the cluster did not send all of it within 300 ms (workloadStatus.logs.readTimeout).\n`,
    );
    expect(streams.openBy('user:default/mallory')).toBe(0);
  });

  it('ends a follow stream at followTimeout with a line that says why', async () => {
    const { server } = app(async signal => tricklingLog(signal));
    const res = await request(server)
      .get(`${POD_LOG}?follow=true`)
      .set('Authorization', mallory);
    expect(res.text).toMatch(
      /\n\[workload-status\] The stream was closed after 400 ms \(workloadStatus.logs.followTimeout\); follow the log again to go on.\n$/,
    );
  });

  it('refuses a caller past maxStreamsPerUser with 429, and serves the others', async () => {
    const { server, streams } = app(async signal => tricklingLog(signal));
    const listening = http.createServer(server).listen(0);
    const { port } = listening.address() as AddressInfo;
    const open = (auth: string) =>
      new Promise<{ client: http.ClientRequest; status?: number }>(resolve => {
        const client = http.get(
          {
            port,
            path: `${POD_LOG}?follow=true`,
            headers: { Authorization: auth },
          },
          res => resolve({ client, status: res.statusCode }),
        );
      });
    try {
      const held = [await open(mallory), await open(mallory)];
      expect(held.map(h => h.status)).toEqual([200, 200]);
      const refused = await request(listening)
        .get(POD_LOG)
        .set('Authorization', mallory);
      expect(refused.status).toBe(429);
      expect(refused.body.error).toMatchObject({
        name: 'TooManyRequestsError',
        message: expect.stringContaining(
          'workloadStatus.logs.maxStreamsPerUser',
        ),
      });
      // another user is not held back by mallory's streams
      const other = await open(alice);
      expect(other.status).toBe(200);
      other.client.destroy();
      held.forEach(h => h.client.destroy());
      const deadline = Date.now() + 2000;
      while (streams.openBy('user:default/mallory') && Date.now() < deadline) {
        await new Promise(r => setTimeout(r, 20));
      }
      expect(streams.openBy('user:default/mallory')).toBe(0);
    } finally {
      await new Promise(r => listening.close(r));
    }
  });

  it('frees the slot of a request that fails, and answers the public error', async () => {
    const { server, streams } = app(async () => {
      throw logRequestError(
        403,
        'pods "web-1" is forbidden: User "system:serviceaccount:backstage:workload-status" cannot get resource "pods/log" in https://10.0.0.12:6443',
        {
          cluster: 'production',
          namespace: 'shop',
          pod: 'web-1',
          container: 'app',
        },
      );
    });
    const res = await request(server)
      .get(POD_LOG)
      .set('Authorization', mallory);
    expect(res.status).toBe(503);
    expect(res.body.error.message).toBe(
      "Cannot read the log of container app of pod shop/web-1: cluster production: the plugin's service account is not allowed to do this (403); check its service account's RBAC for pods/log",
    );
    expect(streams.openBy('user:default/mallory')).toBe(0);
  });
});
