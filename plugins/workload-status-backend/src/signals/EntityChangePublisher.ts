import type { LoggerService } from '@backstage/backend-plugin-api';
import type { SignalsService } from '@backstage/plugin-signals-node';
import {
  ENTITY_CHANGED_CHANNEL,
  type EntityChangedMessage,
} from '@workload-status/backstage-plugin-workload-status-common';

export { ENTITY_CHANGED_CHANNEL };

/**
 * Publishes "entity X changed" through Backstage Signals, at most once per
 * entity per debounce window (a rollout changes a status many times a
 * second). The message carries only the ref: clients refetch through the
 * permission-checked route, so nothing leaks to users who may not read it.
 */
export class EntityChangePublisher {
  private readonly pending = new Set<string>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly options: {
      signals: SignalsService;
      debounceMs: number;
      logger: LoggerService;
    },
  ) {}

  entityChanged(entityRef: string) {
    this.pending.add(entityRef);
    if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.options.debounceMs);
      this.timer.unref?.();
    }
  }

  /** Publishes what is pending now. */
  async flush() {
    clearTimeout(this.timer);
    this.timer = undefined;
    const refs = [...this.pending];
    this.pending.clear();
    for (const entityRef of refs) {
      try {
        await this.options.signals.publish({
          recipients: { type: 'broadcast' },
          channel: ENTITY_CHANGED_CHANNEL,
          message: { entityRef } satisfies EntityChangedMessage,
        });
      } catch (e) {
        this.options.logger.warn(`Could not publish a status signal: ${e}`);
      }
    }
  }

  stop() {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
  }
}
