import type {
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { Knex } from 'knex';
import { EntityNotifier } from './EntityNotifier';
import { NotificationClaimStore } from './NotificationClaimStore';
import { readNotificationSettings } from './NotificationSettings';

/**
 * The owners' notifier, or undefined when `workloadStatus.notifications.enabled`
 * is false (then nothing of it runs, not even its table's pruning).
 */
export function createEntityNotifier(options: {
  config: RootConfigService;
  /** the plugin's migrated database */
  database: () => Promise<Knex>;
  notifications: NotificationService;
  logger: LoggerService;
  now: () => number;
}): EntityNotifier | undefined {
  const settings = readNotificationSettings(options.config);
  if (!settings.enabled) return undefined;
  return new EntityNotifier({
    settings,
    claims: new NotificationClaimStore(options.database),
    notifications: options.notifications,
    logger: options.logger,
    now: options.now,
  });
}
