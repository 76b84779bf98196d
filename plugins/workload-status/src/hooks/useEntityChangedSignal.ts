import { useEffect, useRef } from 'react';
import { useApiHolder } from '@backstage/core-plugin-api';
import { signalApiRef } from '@backstage/plugin-signals-react';
import {
  ENTITY_CHANGED_CHANNEL,
  EntityChangedMessage,
  isAboutEntity,
} from '../api/entityChangedSignal';

/**
 * Calls `onChange` for every "entity changed" signal about one of
 * `entityRefs`. Returns whether Backstage Signals is installed.
 *
 * It subscribes with a callback rather than reading `useSignal`'s
 * `lastSignal`: that keeps one message, and React batches state updates,
 * so when the backend publishes several entities in one flush every
 * message but the last is lost to the page (a Status tab missed its own
 * entity's change when another entity's signal came right after it).
 */
export function useEntityChangedSignal(
  entityRefs: readonly string[],
  onChange: () => void,
): boolean {
  const signals = useApiHolder().get(signalApiRef);
  const refs = useRef(entityRefs);
  refs.current = entityRefs;
  const callback = useRef(onChange);
  callback.current = onChange;

  useEffect(() => {
    if (!signals) return undefined;
    const { unsubscribe } = signals.subscribe<EntityChangedMessage>(
      ENTITY_CHANGED_CHANNEL,
      message => {
        if (refs.current.some(ref => isAboutEntity(message, ref))) {
          callback.current();
        }
      },
    );
    return unsubscribe;
  }, [signals]);

  return Boolean(signals);
}
