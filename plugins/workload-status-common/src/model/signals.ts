/**
 * The Signals channel the backend publishes on when an entity's status
 * changes. The message carries only the ref: the client refetches through
 * the permission-checked status route, so a signal leaks nothing.
 * @public
 */
export const ENTITY_CHANGED_CHANNEL = 'workload-status:entity';

/** A type, not an interface: Signals messages must be JSON objects. @public */
export type EntityChangedMessage = {
  entityRef: string;
};
