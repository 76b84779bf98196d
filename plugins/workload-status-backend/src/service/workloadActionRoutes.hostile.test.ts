import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { kubernetesClustersReadPermission } from '@backstage/plugin-kubernetes-common';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express from 'express';
import Router from 'express-promise-router';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import request from 'supertest';
import { ActionRecorder } from '../actions/records/ActionRecorder';
import { ActionRecordStore } from '../actions/records/ActionRecordStore';
import { WorkloadActions } from '../actions/WorkloadActions';
import { ClusterConnection } from '../cluster/ClusterConnection';
import {
  hasLoneSurrogate,
  hugeTexts,
  leaked,
  secretTexts,
  shortSecretLines,
} from '../__testUtils__/hostileTexts';
import { EntityAuthorizer } from './EntityAuthorizer';
import { publicErrorHandler } from './publicErrors';
import { registerWorkloadActionRoutes } from './workloadActionRoutes';

/**
 * Plays the apiserver as a stranger answering a workload action: it
 * serves the Deployment, then refuses the patch with an error body of its
 * choice (every planted secret, megabytes, a secret where a cut falls).
 * The error the browser gets, through the real routes, the real
 * WorkloadActions over client-node and the plugin's error handlers, holds
 * no secret and is bounded, for a caller who may read cluster details
 * (who gets the cluster's words) and for one who may not; so does the
 * failure kept in the operator log.
 */
jest.setTimeout(120_000);

const ENTITY_PATH = '/v1/entities/:namespace/:kind/:name';
const RESTART =
  '/v1/entities/default/component/shop/workloads/production/shop/deployments/web/restart';
const USER = mockCredentials.user.header('user:default/alice');
/** our words around the cluster's (at most 300 characters of them) */
const MAX_ANSWER_CHARS = 600;
const UID = 'uid-web';

const deploymentObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop', uid: UID },
  spec: { replicas: 2 },
};

/** The apiserver's answer to the patch: a code and a body. */
let refusal: { code: number; body: string } = { code: 500, body: '' };

function statusBody(code: number, message: string) {
  return JSON.stringify({ kind: 'Status', code, message });
}

describe('workload action errors from a hostile apiserver, as the browser gets them', () => {
  const databases = TestDatabases.create({
    ids: ['SQLITE_3'],
    disableDocker: true,
  });
  const sockets = new Set<Socket>();
  let apiserver: http.Server;
  let clustersReadable = false;
  let app: express.Express;
  let recorder: ActionRecorder;

  beforeAll(async () => {
    apiserver = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        if (req.method === 'GET') {
          res.writeHead(200, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify(deploymentObject));
          return;
        }
        res.writeHead(refusal.code, { 'Content-Type': 'application/json' });
        res.end(refusal.body);
      });
    });
    apiserver.on('connection', s => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    await new Promise<void>(r => apiserver.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(apiserver.address() as AddressInfo).port}`;
    const connection = ClusterConnection.create(
      {
        name: 'production',
        url,
        source: 'config',
        authProvider: 'serviceAccount',
        serviceAccountToken: 't',
        skipTLSVerify: false,
        operators: [],
      },
      { requestTimeoutMs: 10_000 },
    );
    const workloadActions = new WorkloadActions({
      // the entity's tree holds the Deployment (the catalog and the caches
      // are not what this test is about)
      objects: {
        find: async () => deploymentObject,
        connection: () => connection,
      },
      clusterCaches: () => new Map(),
      getEntityStatus: async () => {
        throw new Error('not reached: every patch is refused');
      },
      requestTimeoutMs: 10_000,
      now: () => Date.UTC(2026, 11, 7, 10),
      maxReplicas: 100,
    });

    const knex = await databases.init('SQLITE_3');
    await knex.migrate.latest({
      directory: resolvePackagePath(
        '@workload-status/backstage-plugin-workload-status-backend',
        'migrations',
      ),
    });
    recorder = new ActionRecorder({
      store: new ActionRecordStore(async () => knex),
      settings: {
        maxPerEntity: 100_000,
        maxAgeMs: 3600_000,
        pruneIntervalMs: 60_000,
      },
      logger: mockServices.logger.mock(),
      now: () => Date.UTC(2026, 11, 7, 10),
    });

    const permissions = {
      authorize: async (requests: any[]) =>
        requests.map(r => ({
          result:
            r.permission.name === kubernetesClustersReadPermission.name &&
            !clustersReadable
              ? AuthorizeResult.DENY
              : AuthorizeResult.ALLOW,
        })),
      authorizeConditional: async () => [],
    } as any;
    const httpAuth = mockServices.httpAuth();
    const router = Router();
    router.use(express.json());
    registerWorkloadActionRoutes(router, ENTITY_PATH, {
      httpAuth,
      authorizer: new EntityAuthorizer(permissions),
      actionRecords: recorder,
      workloadActions,
      maxReplicas: 100,
    });
    router.use(
      publicErrorHandler({
        httpAuth,
        permissions,
        logger: mockServices.logger.mock(),
      }),
    );
    app = express()
      .use(router)
      .use(
        MiddlewareFactory.create({
          config: new ConfigReader({}),
          logger: mockServices.logger.mock(),
        }).error(),
      );
  });

  afterAll(async () => {
    sockets.forEach(s => s.destroy());
    await new Promise(r => apiserver.close(r));
  });

  /** What is wrong with a text the browser reads: empty when nothing. */
  function problems(text: string): string[] {
    const out = leaked(text).map(s => `leaks ${s}`);
    if (text.length > MAX_ANSWER_CHARS) out.push(`${text.length} characters`);
    if (hasLoneSurrogate(text)) out.push('broken UTF-16');
    return out;
  }

  /** The patch refused with `code` and `body`: what the browser reads. */
  async function refusedWith(code: number, body: string) {
    refusal = { code, body };
    const res = await request(app).post(RESTART).set('Authorization', USER);
    const message = String(res.body?.error?.message ?? '');
    // the cluster's refusal, not a refusal of the request
    expect({ status: res.status, message }).toEqual({
      status: expect.any(Number),
      message: expect.stringMatching(/[Cc]luster production/),
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    return message;
  }

  const REFUSALS = [409, 403, 422, 500];

  it.each([...secretTexts(), ...hugeTexts()].map(h => [h.name, h.text]))(
    '%s: redacted and bounded for every caller',
    async (_name, text) => {
      const found: string[] = [];
      for (const readable of [false, true]) {
        clustersReadable = readable;
        for (const code of REFUSALS) {
          for (const [shape, body] of [
            ['Status', statusBody(code, text)],
            ['not JSON', text],
          ]) {
            const message = await refusedWith(code, body);
            for (const p of problems(message))
              found.push(`${code} ${shape}, readable ${readable}: ${p}`);
          }
        }
      }
      expect(found).toEqual([]);
    },
  );

  it('leaks no secret that straddles the cut, wherever it falls', async () => {
    clustersReadable = true;
    const found: string[] = [];
    for (const { name, text } of shortSecretLines()) {
      for (let pad = 150; pad <= 320; pad += 2) {
        const message = `${'word '.repeat(pad / 5)}${'a'.repeat(
          pad % 5,
        )} ${text}`;
        const shown = await refusedWith(409, statusBody(409, message));
        for (const p of problems(shown).filter(x => x.startsWith('leaks')))
          found.push(`${name} at ${pad}: ${p}`);
      }
    }
    expect(found).toEqual([]);
  });

  it('shows the cluster words of an ordinary refusal', async () => {
    clustersReadable = true;
    const message = await refusedWith(
      422,
      statusBody(
        422,
        'Deployment.apps "web" is invalid: spec.template.metadata.annotations: Invalid value',
      ),
    );
    expect(message).toBe(
      'Cluster production refused to patch deployments Deployment shop/web: Deployment.apps "web" is invalid: spec.template.metadata.annotations: Invalid value',
    );
  });

  it('keeps the same redacted, bounded failures in the operator log', async () => {
    const lines = await recorder.lines('component:default/shop');
    expect(lines.length).toBeGreaterThan(0);
    expect(
      lines.flatMap(l => [
        ...problems(l.error ?? ''),
        ...leaked(l.message).map(s => `message leaks ${s}`),
      ]),
    ).toEqual([]);
  });
});
