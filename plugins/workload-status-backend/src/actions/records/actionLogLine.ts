import type { OperatorLogLine } from '@workload-status/backstage-plugin-workload-status-common';
import type { ActionRecord } from './ActionRecordStore';

/** The operator name of the plugin's own lines in an operator log. */
export const OWN_OPERATOR = 'workload-status';

const DONE: Record<string, string> = {
  suspend: 'stopped',
  resume: 'resumed',
  run: 'ran',
  delete: 'deleted',
  restart: 'restarted',
  scale: 'scaled',
  stop: 'stopped',
  start: 'started',
  rollback: 'rolled back',
  'delete-pod': 'deleted',
};

/**
 * A recorded action as an operator log line: an error when it failed (with
 * the cluster's reason), information when it succeeded, saying who and when.
 */
export function actionLogLine(record: ActionRecord): OperatorLogLine {
  const what = `${record.kind} ${record.namespace}/${record.name}`;
  const message =
    record.outcome === 'failed'
      ? `${record.actor} could not ${record.action} ${what}`
      : `${record.actor} ${DONE[record.action] ?? record.action} ${what}`;
  return {
    cluster: record.cluster,
    operator: OWN_OPERATOR,
    pod: '',
    time: record.at,
    level: record.outcome === 'failed' ? 'error' : 'info',
    message,
    ...(record.error ? { error: record.error } : {}),
    object: {
      kind: record.kind,
      namespace: record.namespace,
      name: record.name,
      cluster: record.cluster,
    },
    raw: `${record.at} ${message}${record.error ? `: ${record.error}` : ''}`,
    action: {
      action: record.action,
      actor: record.actor,
      outcome: record.outcome,
    },
  };
}
