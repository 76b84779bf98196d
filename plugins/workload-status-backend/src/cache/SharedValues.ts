/**
 * One frozen copy of each distinct JSON value handed to it: the parts that
 * many objects repeat (the pods of one ReplicaSet have the same labels,
 * owner and containers). The table is dropped and restarted past its
 * bounds (entries, and characters of their JSON, which it keeps as keys),
 * so neither churn nor large values can grow it; values handed out before
 * stay valid (their holders keep them), they are just no longer shared
 * with new ones.
 */
export class SharedValues<T extends object> {
  private table = new Map<string, Readonly<T>>();
  private keyChars = 0;

  constructor(
    private readonly maxEntries = 100_000,
    private readonly maxKeyChars = 16 * 1024 * 1024,
  ) {}

  get size() {
    return this.table.size;
  }

  share(value: T): Readonly<T> {
    const key = JSON.stringify(value);
    const found = this.table.get(key);
    if (found) return found;
    if (
      this.table.size >= this.maxEntries ||
      this.keyChars + key.length > this.maxKeyChars
    ) {
      this.table = new Map();
      this.keyChars = 0;
    }
    const copy = deepFreeze(JSON.parse(key));
    this.table.set(key, copy);
    this.keyChars += key.length;
    return copy;
  }
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) deepFreeze((value as any)[key]);
    Object.freeze(value);
  }
  return value;
}
