/*
 * The Signals channel the backend publishes on when an entity's status
 * changes (plugins/workload-status-backend/src/signals/EntityChangePublisher.ts).
 * The message carries only the ref; the client refetches through the
 * permission-checked status route. Kept in step with the backend by hand
 * until the name moves to the common package.
 */

/** @public */
export const ENTITY_CHANGED_CHANNEL = 'workload-status:entity';

/** A type, not an interface: Signals messages must be JSON objects. @public */
export type EntityChangedMessage = {
  entityRef: string;
};

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
