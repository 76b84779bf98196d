import type { EntityChangedMessage } from '@workload-status/backstage-plugin-workload-status-common';

export {
  ENTITY_CHANGED_CHANNEL,
  type EntityChangedMessage,
} from '@workload-status/backstage-plugin-workload-status-common';

/** True when a message is about the given entity (refs compare case-insensitively). */
export function isAboutEntity(
  message: EntityChangedMessage | null | undefined,
  entityRef: string,
): boolean {
  return (
    typeof message?.entityRef === 'string' &&
    message.entityRef.toLocaleLowerCase('en-US') ===
      entityRef.toLocaleLowerCase('en-US')
  );
}
