import { isIPv6 } from 'node:net';

/*
 * What a user is told when a cluster call fails. The errors of node:http,
 * client-node and the API server carry the cluster's address (URL,
 * host:port, IP), the plugin's service account ("system:serviceaccount:
 * backstage:workload-status") and whatever the server wrote; a user who may
 * not read cluster details (kubernetes.clusters.read) is told only the
 * cluster's name and what failed. Operators find the full error in the
 * backend log.
 *
 * Every pattern below runs on text a cluster wrote, so each one is linear:
 * bounded quantifiers only, no two quantifiers competing for one character.
 */

/** What clusterFailureText says of a failure it cannot tell. */
export const UNKNOWN_FAILURE = 'the request failed';

const ANSWERED = /\banswered (\d{3})\b/;
const TIMED_OUT =
  /\btimed? ?out\b|\btimeout\b|ETIMEDOUT|ESOCKETTIMEDOUT|\bwithin \d{1,12} ?ms\b|\bsent nothing for\b/i;
const TLS =
  /certificate|\bCERT_|self[- ]signed|\bSSL\b|\bTLS\b|altnames|UNABLE_TO_VERIFY/i;
const UNREACHABLE =
  /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN|EHOSTDOWN|ECONNRESET|\bsocket hang up\b/i;
const DROPPED = /closed prematurely|EPIPE|\bterminated\b|\baborted\b/i;
const UNUSABLE = /invalid json|too large|larger than|exceeds/i;

/** What failed, in words a user can act on: "unreachable", "timed out", "... (401)". */
export function clusterFailureText(error: unknown): string {
  const status = statusOf(error);
  if (status !== undefined) return statusText(status);
  const message = messageOf(error);
  const code = String((error as { code?: unknown })?.code ?? '');
  const text = `${code} ${message}`;
  if (TIMED_OUT.test(text)) return 'timed out';
  if (TLS.test(text)) {
    return 'the TLS connection failed (certificate not trusted or not matching)';
  }
  if (UNREACHABLE.test(text)) return 'unreachable';
  if (DROPPED.test(text)) return 'the connection was dropped';
  if (UNUSABLE.test(text)) {
    return 'the API server sent an answer the plugin cannot use';
  }
  return UNKNOWN_FAILURE;
}

/** `cluster production: unreachable`, the text a user sees for a failed call. */
export function publicClusterError(cluster: string, error: unknown): string {
  return `cluster ${cluster}: ${clusterFailureText(error)}`;
}

/** The HTTP status of a failed call, when the server answered. */
export function statusOf(error: unknown): number | undefined {
  const e = error as { statusCode?: unknown; code?: unknown };
  for (const value of [e?.statusCode, e?.code]) {
    if (typeof value === 'number' && value >= 100 && value <= 599) {
      return value;
    }
  }
  // a cluster's state keeps only the message: "GET /api/v1/pods answered 403: ..."
  const m = ANSWERED.exec(messageOf(error));
  return m ? Number(m[1]) : undefined;
}

function statusText(status: number): string {
  switch (status) {
    case 401:
      return "the API server refused the plugin's credentials (401)";
    case 403:
      return "the plugin's service account is not allowed to do this (403)";
    case 404:
      return 'not found (404)';
    case 429:
      return 'the API server is throttling the plugin (429)';
    default:
      return status >= 500
        ? `the API server failed (${status})`
        : `the API server refused the request (${status})`;
  }
}

// what of a message is looked at: the kind of failure is said early
const MAX_CLASSIFIED = 4096;

function messageOf(error: unknown): string {
  const message =
    typeof error === 'string'
      ? error
      : (error as { message?: unknown })?.message;
  const text = typeof message === 'string' ? message : String(error ?? '');
  return text.slice(0, MAX_CLASSIFIED);
}

/** What stands in for a removed address or account name. */
export const ADDRESS = '[address]';
export const ACCOUNT = '[account]';

// scheme://anything-up-to-a-space; the scheme is at most 32 characters
const URL_PATTERN = /\b[A-Za-z][A-Za-z0-9+.-]{0,31}:\/\/[^\s"'<>`]*/g;
// 10.0.0.1, 10.0.0.1:6443
const IPV4 = /(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5})?(?![\w.])/g;
// [fd00::1]:6443, fe80::1, 2001:db8:0:0:0:0:0:1 (confirmed by isIPv6)
const IPV6 =
  /(?<![\w:])\[?((?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4})(?:%[\w.]{1,16})?\]?(?::\d{1,5})?(?![\w:])/g;
// api.prod.internal:6443, localhost:8080
const HOST_PORT =
  /(?<![\w.-])(?:[A-Za-z0-9-]{1,63}\.){0,8}[A-Za-z][A-Za-z0-9-]{0,62}:\d{1,5}(?![\w.])/g;
// "lookup api.prod.internal on ...", "getaddrinfo ENOTFOUND api.prod.internal"
const RESOLVED_NAME =
  /\b(lookup|ENOTFOUND|EAI_AGAIN|Host:|host) [^\s,;:'"]{1,253}/g;
// system:serviceaccount:ns:name, system:node:ip-10-0-0-1
const SYSTEM_ACCOUNT = /\bsystem:(?:serviceaccount|node):[^\s"',;)]{1,300}/g;
// User "jane@corp", Group "ops", serviceaccount "ns/name"
const QUOTED_ACCOUNT =
  /\b(User|user|Group|group|serviceaccounts?|ServiceAccount) "[^"\n]{1,256}"/g;

// an error message is short; a longer one is cut before it is scrubbed
const MAX_SCRUBBED = 4096;

/**
 * Text without addresses (URLs, IPs, host:port, resolved names) and account
 * names, for a message that must keep the rest (a kubelet's "container
 * \"app\" is waiting to start"). Texts longer than 4 KiB are cut.
 */
export function scrubInternalDetail(text: string): string {
  const bounded =
    text.length > MAX_SCRUBBED ? `${text.slice(0, MAX_SCRUBBED)}…` : text;
  return bounded
    .replace(URL_PATTERN, ADDRESS)
    .replace(SYSTEM_ACCOUNT, ACCOUNT)
    .replace(QUOTED_ACCOUNT, (_m, who: string) => `${who} "${ACCOUNT}"`)
    .replace(RESOLVED_NAME, (_m, word: string) => `${word} ${ADDRESS}`)
    .replace(IPV6, (m, core: string) => (isIPv6(core) ? ADDRESS : m))
    .replace(IPV4, ADDRESS)
    .replace(HOST_PORT, ADDRESS);
}
