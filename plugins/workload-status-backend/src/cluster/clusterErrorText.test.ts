import { cpuTimed } from '../__testUtils__/hostileTexts';
import { ClusterRequestError } from './ClusterConnection';
import {
  clusterFailureText,
  publicClusterError,
  scrubInternalDetail,
  statusOf,
} from './clusterErrorText';

const ACCOUNT_403 =
  'GET /api/v1/pods?limit=500 answered 403: pods is forbidden: User "system:serviceaccount:backstage:workload-status" cannot list resource "pods" in API group "" at the cluster scope';

describe('clusterFailureText', () => {
  it.each([
    [
      new ClusterRequestError('GET /api answered 401: Unauthorized', 401),
      "the API server refused the plugin's credentials (401)",
    ],
    [
      ACCOUNT_403,
      "the plugin's service account is not allowed to do this (403)",
    ],
    [{ code: 404, body: '{}' }, 'not found (404)'],
    [{ statusCode: 429 }, 'the API server is throttling the plugin (429)'],
    [
      'GET /api/v1/pods answered 503: etcdserver: request timed out',
      'the API server failed (503)',
    ],
    [{ statusCode: 418 }, 'the API server refused the request (418)'],
    [
      'Request to cluster production failed: connect ECONNREFUSED 10.0.0.12:6443',
      'unreachable',
    ],
    [
      Object.assign(new Error('getaddrinfo ENOTFOUND api.prod.internal'), {
        code: 'ENOTFOUND',
      }),
      'unreachable',
    ],
    ['No response from production within 2000 ms', 'timed out'],
    ['Watch /api/v1/pods sent nothing for 120000 ms', 'timed out'],
    [
      'Request to cluster production failed: self-signed certificate in certificate chain',
      'the TLS connection failed (certificate not trusted or not matching)',
    ],
    ['Watch /api/v1/pods closed prematurely', 'the connection was dropped'],
    [
      'Invalid JSON from /api/v1/pods',
      'the API server sent an answer the plugin cannot use',
    ],
    ['something else entirely', 'the request failed'],
  ])('case %#: %j', (error, text) => {
    expect(clusterFailureText(error)).toBe(text);
  });

  it('names the cluster', () => {
    expect(publicClusterError('production', ACCOUNT_403)).toBe(
      "cluster production: the plugin's service account is not allowed to do this (403)",
    );
  });

  it('reads the status from a status code, a client-node code or the message', () => {
    expect(statusOf(new ClusterRequestError('x', 500))).toBe(500);
    expect(statusOf({ code: 403 })).toBe(403);
    expect(statusOf({ code: 'ECONNRESET' })).toBeUndefined();
    expect(statusOf(ACCOUNT_403)).toBe(403);
  });
});

describe('scrubInternalDetail', () => {
  it.each([
    [
      'Get "https://10.0.3.7:10250/containerLogs/shop/web/app": dial tcp 10.0.3.7:10250: connect: connection refused',
      'Get "[address]": dial tcp [address]: connect: connection refused',
    ],
    [
      'dial tcp: lookup api.prod.internal on 10.96.0.10:53: no such host',
      'dial tcp: lookup [address] on [address]: no such host',
    ],
    [
      'connect ECONNREFUSED [fd00:10::1]:6443 and fe80::1ff:fe23:4567:890a',
      'connect ECONNREFUSED [address] and [address]',
    ],
    [
      'proxy kube-apiserver.kube-system.svc:443 failed',
      'proxy [address] failed',
    ],
    [
      ACCOUNT_403,
      ACCOUNT_403.replace(
        'system:serviceaccount:backstage:workload-status',
        '[account]',
      ),
    ],
    [
      'User "jane@corp.example" cannot get resource "pods/log"; serviceaccount "backstage/reader" not found; node system:node:ip-10-0-0-1 denied',
      'User "[account]" cannot get resource "pods/log"; serviceaccount "[account]" not found; node [account] denied',
    ],
  ])('%s', (text, expected) => {
    expect(scrubInternalDetail(text)).toBe(expected);
  });

  it('keeps what a user needs: names, times, statuses', () => {
    for (const text of [
      'container "app" in pod "checkout-7d9f8-abcde" is waiting to start: ContainerCreating',
      'previous terminated container "web" in pod "web-5d9c7-x2k4q" not found',
      'Cluster production cannot be reached; Deployment web is shown as last seen at 2026-12-06T10:00:00.000Z',
      'cluster production: the API server failed (503)',
    ]) {
      expect(scrubInternalDetail(text)).toBe(text);
    }
    // the account is gone, the rest of a forbidden message stays
    expect(scrubInternalDetail(ACCOUNT_403)).toContain(
      'cannot list resource "pods"',
    );
    expect(scrubInternalDetail(ACCOUNT_403)).not.toContain('serviceaccount:');
  });

  it('takes time in proportion to its input, whatever the input', () => {
    const hostile = [
      'a'.repeat(2 * 1024 * 1024),
      'a-'.repeat(1024 * 1024),
      'a.'.repeat(1024 * 1024),
      '1.'.repeat(1024 * 1024),
      ':'.repeat(2 * 1024 * 1024),
      'a:'.repeat(1024 * 1024),
      'http://'.repeat(300_000),
      'system:serviceaccount:'.repeat(100_000),
      'User "'.repeat(300_000),
      'lookup '.repeat(300_000),
      '[::'.repeat(700_000),
    ];
    for (const text of hostile) {
      // the main thread's CPU time, as the other hostile-input bounds: a
      // loaded CI run once took over 200 ms of wall clock for linear work
      const { ms } = cpuTimed(() => {
        scrubInternalDetail(text);
        clusterFailureText(text);
      });
      expect({ input: text.slice(0, 12), fast: ms < 200 }).toEqual({
        input: text.slice(0, 12),
        fast: true,
      });
    }
  });
});
