import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { ConfigReader } from '@backstage/config';
import {
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { kubernetesClustersReadPermission } from '@backstage/plugin-kubernetes-common';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express from 'express';
import Router from 'express-promise-router';
import request from 'supertest';
import { publicErrorHandler, withInternalDetail } from './publicErrors';
import { TooManyRequestsError } from './TooManyRequestsError';

const SECRET_DETAIL =
  'GET https://10.0.0.12:6443/api/v1/namespaces/shop/pods/web/log answered 403: pods "web" is forbidden: User "system:serviceaccount:backstage:workload-status" cannot get resource "pods/log"';

/** An app whose routes throw `errors[name]`, behind the handler and the backend's own. */
function app(clustersReadable: () => boolean) {
  const logged: string[] = [];
  const logger = mockServices.logger.mock();
  for (const level of ['error', 'warn', 'info'] as const) {
    logger[level].mockImplementation((message: string, meta?: unknown) => {
      logged.push(`${message} ${meta instanceof Error ? meta.message : ''}`);
    });
  }
  const authorize = jest.fn(async (requests: any[]) =>
    requests.map(r => ({
      result:
        r.permission.name === kubernetesClustersReadPermission.name &&
        !clustersReadable()
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
    })),
  );
  const permissions = { authorize, authorizeConditional: jest.fn() } as any;
  const router = Router();
  const errors: Record<string, () => unknown> = {
    attached: () =>
      withInternalDetail(
        new ServiceUnavailableError(
          "Cannot read the log of container app of pod shop/web: cluster production: the plugin's service account is not allowed to do this (403)",
        ),
        SECRET_DETAIL,
      ),
    database: () =>
      withInternalDetail(
        new ServiceUnavailableError('The job history could not be read'),
        'connect ECONNREFUSED 10.9.9.9:5432 for user "backstage"',
        'logOnly',
      ),
    inMessage: () =>
      new NotFoundError(
        'No log: Get "https://10.0.3.7:10250/containerLogs/shop/web": dial tcp 10.0.3.7:10250',
      ),
    caused: () =>
      new ServiceUnavailableError(
        'Cannot run the Job',
        new Error('connect ECONNREFUSED 10.0.0.12:6443'),
      ),
    library: () => new Error('SQLITE_ERROR: no such table: job_runs'),
    notAnError: () => 'a string thrown',
    plain: () => new InputError('Invalid limit'),
    tooMany: () => new TooManyRequestsError('You have 4 log requests open'),
  };
  router.get('/:name', async req => {
    throw errors[req.params.name]();
  });
  router.use(
    publicErrorHandler({
      httpAuth: mockServices.httpAuth(),
      permissions,
      logger,
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
  return { server, logged, authorize };
}

describe('publicErrorHandler', () => {
  const user = mockCredentials.user.header('user:default/mallory');

  it('keeps the cluster detail from a caller who may not read clusters, and logs it', async () => {
    const { server, logged } = app(() => false);
    const res = await request(server)
      .get('/attached')
      .set('Authorization', user);
    expect(res.status).toBe(503);
    expect(res.body.error).toEqual({
      name: 'ServiceUnavailableError',
      message:
        "Cannot read the log of container app of pod shop/web: cluster production: the plugin's service account is not allowed to do this (403)",
    });
    expect(JSON.stringify(res.body)).not.toMatch(/10\.0\.0\.12|serviceaccount/);
    expect(logged.join('\n')).toContain(SECRET_DETAIL);
  });

  it('adds the detail for a caller who holds kubernetes.clusters.read', async () => {
    const { server } = app(() => true);
    const res = await request(server)
      .get('/attached')
      .set('Authorization', user);
    expect(res.status).toBe(503);
    expect(res.body.error.message).toContain(SECRET_DETAIL);
  });

  it('never shows a database error, whoever asks', async () => {
    const { server, logged, authorize } = app(() => true);
    const res = await request(server)
      .get('/database')
      .set('Authorization', user);
    expect(res.status).toBe(503);
    expect(res.body.error.message).toBe('The job history could not be read');
    expect(authorize).not.toHaveBeenCalled();
    expect(logged.join('\n')).toContain('10.9.9.9:5432');
  });

  it('takes addresses out of any public error, and a cause out of the answer', async () => {
    const { server, logged } = app(() => false);
    const notFound = await request(server)
      .get('/inMessage')
      .set('Authorization', user);
    expect(notFound.status).toBe(404);
    expect(notFound.body.error.message).toBe(
      'No log: Get "[address]": dial tcp [address]',
    );
    const caused = await request(server)
      .get('/caused')
      .set('Authorization', user);
    expect(caused.status).toBe(503);
    expect(caused.body.error).toEqual({
      name: 'ServiceUnavailableError',
      message: 'Cannot run the Job',
    });
    expect(logged.join('\n')).toContain('10.0.0.12:6443');
  });

  it("turns a library's error into a 500 that says where to look", async () => {
    const { server, logged } = app(() => true);
    for (const path of ['/library', '/notAnError']) {
      const res = await request(server).get(path).set('Authorization', user);
      expect(res.status).toBe(500);
      expect(res.body.error.message).toMatch(
        /^The request failed; the backend log has the details \(logId=[0-9a-f]{16}\)$/,
      );
      const logId = /logId=(\w+)/.exec(res.body.error.message)![1];
      expect(logged.find(l => l.includes(logId))).toBeDefined();
    }
    expect(logged.join('\n')).toContain('no such table: job_runs');
  });

  it('leaves plain public errors alone, without asking for permissions', async () => {
    const { server, authorize } = app(() => false);
    const input = await request(server)
      .get('/plain')
      .set('Authorization', user);
    expect([input.status, input.body.error.message]).toEqual([
      400,
      'Invalid limit',
    ]);
    const tooMany = await request(server)
      .get('/tooMany')
      .set('Authorization', user);
    expect(tooMany.status).toBe(429);
    expect(tooMany.body.error.name).toBe('TooManyRequestsError');
    expect(authorize).not.toHaveBeenCalled();
  });
});
