import { InputError } from '@backstage/errors';
import type { LogSettings } from '../../cluster/types';
import { isLabelName } from '../../cluster/kubernetesNames';
import { quoted, singleQueryValue } from '../../service/request/queryValues';

/** What is read of one container's log; always bounded. */
export interface PodLogOptions {
  previous: boolean;
  tailLines: number;
  sinceSeconds?: number;
  /** RFC 3339 */
  sinceTime?: string;
  limitBytes: number;
  timestamps: boolean;
}

/** The settings a log request is checked against. */
type RequestLimits = Pick<
  LogSettings,
  'defaultTailLines' | 'maxTailLines' | 'maxBytes'
>;

/** A service or job log request, as the query string gives it. */
export interface LogRequest extends PodLogOptions {
  /** the container; absent: the pod's first container */
  container?: string;
  follow: boolean;
  download: boolean;
}

const PARAMS = [
  'container',
  'previous',
  'tailLines',
  'sinceSeconds',
  'sinceTime',
  'limitBytes',
  'timestamps',
  'follow',
  'download',
];
const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?(Z|[+-]\d\d:\d\d)$/;
// ten years: more than any container lives, small enough for the kubelet
const MAX_SINCE_SECONDS = 10 * 365 * 86_400;

/**
 * Parses the query of the service and job log routes. Everything is
 * checked before the cluster is called: a value out of the plugin's bounds,
 * a repeated or unknown parameter, or sinceSeconds with sinceTime is a 400.
 */
export function parseLogRequest(
  query: Record<string, unknown>,
  limits: RequestLimits,
): LogRequest {
  rejectUnknown(query, PARAMS);
  const container = singleQueryValue(query, 'container');
  if (container !== undefined && !isLabelName(container)) {
    throw new InputError(`Invalid container name '${quoted(container)}'`);
  }
  const sinceSeconds = integer(query, 'sinceSeconds', 1, MAX_SINCE_SECONDS);
  const sinceTime = singleQueryValue(query, 'sinceTime');
  if (sinceTime !== undefined) {
    if (!RFC3339.test(sinceTime) || Number.isNaN(Date.parse(sinceTime))) {
      throw new InputError(
        `Invalid sinceTime '${quoted(sinceTime)}': expected an RFC 3339 time`,
      );
    }
    if (sinceSeconds !== undefined) {
      throw new InputError(
        'At most one of sinceSeconds and sinceTime may be given',
      );
    }
  }
  const follow = boolean(query, 'follow');
  const download = boolean(query, 'download');
  if (follow && download) {
    throw new InputError('follow and download cannot be combined');
  }
  return {
    container,
    previous: boolean(query, 'previous'),
    tailLines: parseTailLines(query.tailLines, limits),
    sinceSeconds,
    sinceTime,
    limitBytes:
      integer(query, 'limitBytes', 1, limits.maxBytes) ?? limits.maxBytes,
    timestamps: boolean(query, 'timestamps'),
    follow,
    download,
  };
}

/** `tailLines`: 1..maxTailLines, default defaultTailLines. */
export function parseTailLines(
  value: unknown,
  limits: Pick<LogSettings, 'defaultTailLines' | 'maxTailLines'>,
): number {
  return (
    integer({ tailLines: value }, 'tailLines', 1, limits.maxTailLines) ??
    limits.defaultTailLines
  );
}

/** An integer query parameter within [min, max], or undefined. */
export function integer(
  query: Record<string, unknown>,
  key: string,
  min: number,
  max: number,
): number | undefined {
  const raw = singleQueryValue(query, key);
  if (raw === undefined) return undefined;
  // digits only: no 1e3, 0x10, ' 5', '5.0'
  if (!/^-?\d{1,16}$/.test(raw)) {
    throw new InputError(
      `Invalid ${key} '${quoted(raw)}': expected an integer`,
    );
  }
  const n = Number(raw);
  if (n < min || n > max) {
    throw new InputError(
      `Invalid ${key} ${quoted(raw)}: must be from ${min} to ${max}`,
    );
  }
  return n;
}

/** Rejects query parameters a route does not know. */
export function rejectUnknown(
  query: Record<string, unknown>,
  known: readonly string[],
) {
  for (const key of Object.keys(query)) {
    if (!known.includes(key)) {
      throw new InputError(
        `Unknown query parameter '${quoted(key)}' (known: ${known.join(', ')})`,
      );
    }
  }
}

function boolean(query: Record<string, unknown>, key: string): boolean {
  const raw = singleQueryValue(query, key);
  if (raw === undefined || raw === 'false') return false;
  if (raw === 'true') return true;
  throw new InputError(
    `Invalid ${key} '${quoted(raw)}': expected true or false`,
  );
}
