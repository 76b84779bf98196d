import type { WorkloadStatusSettings } from '../cluster/types';
import type { ReflectorOptions } from './Reflector';

/**
 * The reflector options that come from settings: paging, watch timeouts,
 * backoff and the byte bounds. Every reflector of the plugin (status
 * inputs, events, namespaces) calls its cluster under the same bounds.
 */
export function reflectorSettings(
  s: WorkloadStatusSettings,
): Pick<
  ReflectorOptions,
  | 'pageSize'
  | 'watchTimeoutSeconds'
  | 'backoff'
  | 'inactivityTimeoutMs'
  | 'minWatchDurationMs'
  | 'maxResponseBytes'
  | 'maxWatchLineBytes'
> {
  return {
    pageSize: s.pageSize,
    watchTimeoutSeconds: s.watchTimeoutSeconds,
    backoff: s.backoff,
    inactivityTimeoutMs: s.watchInactivityTimeoutMs,
    minWatchDurationMs: s.minWatchDurationMs,
    maxResponseBytes: s.maxResponseBytes,
    maxWatchLineBytes: s.maxWatchLineBytes,
  };
}
