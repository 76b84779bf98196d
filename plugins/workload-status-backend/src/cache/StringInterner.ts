/**
 * One copy of each of a few strings that many objects repeat (kinds,
 * namespaces, container names): every parse gives each object its own
 * copy otherwise. The table is dropped and restarted past its bound, so
 * churn cannot grow it; strings handed out before stay valid.
 */
export class StringInterner {
  private table = new Map<string, string>();

  constructor(private readonly maxEntries = 10_000) {}

  get size() {
    return this.table.size;
  }

  intern(s: string): string {
    const found = this.table.get(s);
    if (found !== undefined) return found;
    if (this.table.size >= this.maxEntries) this.table = new Map();
    this.table.set(s, s);
    return s;
  }
}
