/**
 * An index from a key to the set of ids filed under it (labels to uids,
 * owners to children, subjects to events, objects to entities). Empty sets
 * are dropped, so the index holds nothing for keys that no longer match.
 */
export type SetIndex = Map<string, Set<string>>;

export function addToIndex(index: SetIndex, key: string, id: string) {
  let set = index.get(key);
  if (!set) {
    set = new Set();
    index.set(key, set);
  }
  set.add(id);
}

export function removeFromIndex(index: SetIndex, key: string, id: string) {
  const set = index.get(key);
  if (!set) return;
  set.delete(id);
  if (set.size === 0) index.delete(key);
}
