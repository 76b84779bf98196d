import type { LoggerService } from '@backstage/backend-plugin-api';
import type { OperatorLogLine } from '@workload-status/backstage-plugin-workload-status-common';
import { redactedWithin } from '../../redaction/redactedWithin';
import type { ActionRecord, ActionRecordStore } from './ActionRecordStore';
import type { ActionRecordSettings } from './ActionRecordSettings';
import { actionLogLine } from './actionLogLine';

/** What an action route knows when the action has ended. */
export interface EndedAction {
  entityRef: string;
  actor: string;
  cluster: string;
  namespace: string;
  kind: string;
  name: string;
  action: string;
  /** absent: it succeeded */
  error?: unknown;
}

/** Stored error texts are cut here: a reason, not a log. */
export const MAX_ERROR_CHARS = 1000;
/** records of each outcome merged into one operator log */
const LINES_PER_OUTCOME = 100;

// errors whose messages are written for users (see publicErrors.ts); any
// other (a driver's, a library's) is stored as the bare fact of a failure
const USER_FACING_ERRORS = new Set([
  'InputError',
  'NotAllowedError',
  'NotFoundError',
  'ConflictError',
  'ServiceUnavailableError',
  'TooManyRequestsError',
]);

/**
 * Keeps the plugin's own actions in its database and gives them to the
 * entity's operator log. Recording never fails an action: a database that
 * cannot be written loses the record (with a warning), not the action.
 * The bounds (age, records per entity) are applied by a scheduler task
 * (scheduleActionRecordPruning), as the job history's.
 */
export class ActionRecorder {
  constructor(
    private readonly options: {
      store: ActionRecordStore;
      settings: ActionRecordSettings;
      logger: LoggerService;
      now: () => number;
    },
  ) {}

  async record(ended: EndedAction): Promise<void> {
    const { error, ...rest } = ended;
    const record: ActionRecord = {
      ...rest,
      at: new Date(this.options.now()).toISOString(),
      outcome: error === undefined ? 'succeeded' : 'failed',
      ...(error === undefined ? {} : { error: storedErrorText(error) }),
    };
    try {
      await this.options.store.insert(record);
    } catch (e) {
      this.options.logger.warn(
        `The record of action ${record.action} on ${record.kind} ${record.namespace}/${record.name} in cluster ${record.cluster} was not stored: ${e}`,
      );
    }
  }

  /** The entity's recorded actions as operator log lines. */
  async lines(entityRef: string): Promise<OperatorLogLine[]> {
    const records = await this.options.store.listForEntity(
      entityRef,
      LINES_PER_OUTCOME,
    );
    return records.map(actionLogLine);
  }

  /** Applies the bounds now; never throws. */
  async prune(): Promise<number> {
    const { settings, store, logger, now } = this.options;
    try {
      return await store.prune({
        before: new Date(now() - settings.maxAgeMs).toISOString(),
        maxPerEntity: settings.maxPerEntity,
      });
    } catch (e) {
      logger.warn(`Pruning the action records failed: ${e}`);
      return 0;
    }
  }
}

/**
 * The text kept of a failure: its user-facing message, redacted and then
 * cut (a secret straddling the cut is seen whole by the redactor), with an
 * ellipsis when cut.
 */
export function storedErrorText(error: unknown): string {
  const err = error as { name?: unknown; message?: unknown };
  if (
    typeof err?.name !== 'string' ||
    !USER_FACING_ERRORS.has(err.name) ||
    typeof err.message !== 'string'
  ) {
    return 'the action failed (the backend log has the details)';
  }
  const own = err.message.split('; caused by ')[0];
  const kept = redactedWithin(own, MAX_ERROR_CHARS);
  return own.length > MAX_ERROR_CHARS ? `${kept}…` : kept;
}
