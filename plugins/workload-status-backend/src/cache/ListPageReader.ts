import type { KubeObject } from '@workload-status/backstage-plugin-workload-status-common';

/** The list metadata a reflector pages and watches with. */
export interface ListMetadata {
  resourceVersion?: string;
  continue?: string;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

/**
 * Where an item without its managedFields is put together before it is
 * decoded: one buffer for the process (items are parsed one at a time, in
 * one thread); a larger item is decoded in two parts.
 */
const ITEM_SCRATCH = Buffer.allocUnsafe(64 * 1024);

/** One item of a LIST page, parsed only when asked. */
export interface ListPageItem {
  /**
   * Its `metadata.uid` and `metadata.resourceVersion` when both are
   * strings, read from its bytes without parsing the rest (a relist
   * need not parse what it already holds); undefined otherwise.
   */
  version(): { uid: string; resourceVersion: string } | undefined;
  /**
   * The item parsed, its `metadata.managedFields` left an empty list (no
   * projection keeps them, and parsing them made half of a sync's
   * garbage); undefined when it is not a JSON object or array.
   */
  parse(): KubeObject | undefined;
}

/** A LIST answer that is not the JSON object it should be. */
export class InvalidListError extends Error {}

/**
 * Reads a LIST answer (`{"metadata": ..., "items": [...]}`) one item at a
 * time from its bytes: each item is found by its brackets and parsed alone,
 * so a reader can yield to the event loop between items. One JSON.parse of
 * a 5 MB page of pods holds the loop for ~100 ms, and turns all of it into
 * garbage at once.
 *
 * Item boundaries are ASCII bytes outside strings, so the item slices are
 * whole UTF-8 text. Strings are skipped with indexOf (native) and their
 * escapes counted; what is between is read byte by byte. Anything that
 * does not parse as JSON throws an InvalidListError.
 */
export class ListPageReader {
  private metadataValue: ListMetadata = {};
  private done = false;

  constructor(private readonly body: Buffer) {}

  /** The list's metadata: complete once `items()` is exhausted. */
  get metadata(): ListMetadata {
    if (!this.done) throw new Error('read every item before the metadata');
    return this.metadataValue;
  }

  /** The items parsed, one by one. */
  *items(): Generator<KubeObject> {
    for (const entry of this.entries()) {
      const item = entry.parse();
      if (item) yield item;
    }
  }

  /** The items found, one by one, each parsed only if asked. */
  *entries(): Generator<ListPageItem> {
    const b = this.body;
    let i = this.skipSpace(0);
    this.expect(i, OPEN_OBJECT);
    i = this.skipSpace(i + 1);
    if (b[i] === CLOSE_OBJECT) {
      this.finish(i + 1);
      return;
    }
    for (;;) {
      this.expect(i, QUOTE);
      const keyEnd = this.stringEnd(i);
      const key = this.parse(i, keyEnd) as string;
      i = this.skipSpace(keyEnd);
      this.expect(i, COLON);
      i = this.skipSpace(i + 1);
      if (key === 'items' && b[i] === OPEN_ARRAY) {
        i = this.skipSpace(i + 1);
        if (b[i] === CLOSE_ARRAY) {
          i += 1;
        } else {
          for (;;) {
            const end = this.valueEnd(i);
            yield this.entry(i, end);
            i = this.skipSpace(end);
            if (b[i] === CLOSE_ARRAY) {
              i += 1;
              break;
            }
            this.expect(i, COMMA);
            i = this.skipSpace(i + 1);
          }
        }
      } else {
        const end = this.valueEnd(i);
        if (key === 'metadata') {
          const m = this.parse(i, end) as Record<string, unknown> | null;
          this.metadataValue = {
            resourceVersion:
              typeof m?.resourceVersion === 'string'
                ? m.resourceVersion
                : undefined,
            continue: typeof m?.continue === 'string' ? m.continue : undefined,
          };
        }
        i = end;
      }
      i = this.skipSpace(i);
      if (b[i] === CLOSE_OBJECT) {
        this.finish(i + 1);
        return;
      }
      this.expect(i, COMMA);
      i = this.skipSpace(i + 1);
    }
  }

  private entry(start: number, end: number): ListPageItem {
    return {
      version: () => this.versionAt(start),
      parse: () => {
        const item = this.parseWithoutManagedFields(start, end);
        return item && typeof item === 'object'
          ? (item as KubeObject)
          : undefined;
      },
    };
  }

  /** The uid and resourceVersion of the item at `start`, as JSON.parse would read them. */
  private versionAt(
    start: number,
  ): { uid: string; resourceVersion: string } | undefined {
    try {
      const metadata = this.member(start, 'metadata');
      if (metadata === undefined) return undefined;
      const uid = this.stringMember(metadata, 'uid');
      const resourceVersion = this.stringMember(metadata, 'resourceVersion');
      return uid !== undefined && resourceVersion !== undefined
        ? { uid, resourceVersion }
        : undefined;
    } catch {
      // not the object it should be: the full parse will say so
      return undefined;
    }
  }

  private stringMember(objectStart: number, name: string): string | undefined {
    const at = this.member(objectStart, name);
    if (at === undefined || this.body[at] !== QUOTE) return undefined;
    return this.parse(at, this.stringEnd(at)) as string;
  }

  /**
   * Where the value of the object at `objectStart`'s member `name` starts;
   * the last one of that name, as JSON.parse keeps the last, or the first.
   */
  private member(
    objectStart: number,
    name: string,
    which: 'first' | 'last' = 'last',
  ): number | undefined {
    const b = this.body;
    if (b[objectStart] !== OPEN_OBJECT) return undefined;
    let found: number | undefined;
    let i = this.skipSpace(objectStart + 1);
    if (b[i] === CLOSE_OBJECT) return undefined;
    for (;;) {
      this.expect(i, QUOTE);
      const keyEnd = this.stringEnd(i);
      const matches = this.keyIs(i, keyEnd, name);
      i = this.skipSpace(keyEnd);
      this.expect(i, COLON);
      i = this.skipSpace(i + 1);
      if (matches) {
        if (which === 'first') return i;
        found = i;
      }
      i = this.skipSpace(this.valueEnd(i));
      if (b[i] === CLOSE_OBJECT) return found;
      this.expect(i, COMMA);
      i = this.skipSpace(i + 1);
    }
  }

  /** Whether the key string at [start, end) is `name` (escapes decoded). */
  private keyIs(start: number, end: number, name: string): boolean {
    const b = this.body;
    for (let k = start + 1; k < end - 1; k++) {
      if (b[k] === BACKSLASH) return this.parse(start, end) === name;
    }
    if (end - start - 2 !== name.length) return false;
    for (let k = 0; k < name.length; k++) {
      if (b[start + 1 + k] !== name.charCodeAt(k)) return false;
    }
    return true;
  }

  private finish(end: number) {
    if (this.skipSpace(end) !== this.body.length) {
      throw new InvalidListError('Text after the end of the list');
    }
    this.done = true;
  }

  /**
   * The item at [start, end) parsed with its metadata.managedFields (when
   * a list) left empty: they are often half of a pod's JSON, and every
   * object parsed from them was garbage at once (docs/benchmarks.md).
   */
  private parseWithoutManagedFields(start: number, end: number): unknown {
    let at: number | undefined;
    try {
      // the first of each: an apiserver writes metadata before spec and
      // status, and managedFields last in it, so little is walked. (Of a
      // duplicate key JSON.parse keeps the last; emptying an earlier one
      // changes nothing it keeps.)
      const metadata = this.member(start, 'metadata', 'first');
      at =
        metadata === undefined
          ? undefined
          : this.member(metadata, 'managedFields', 'first');
    } catch {
      at = undefined; // the full parse says what is wrong
    }
    if (at === undefined || this.body[at] !== OPEN_ARRAY) {
      return this.parse(start, end);
    }
    const after = this.valueEnd(at);
    try {
      const length = at - start + 2 + (end - after);
      if (length > ITEM_SCRATCH.length) {
        const before = this.body.toString('utf8', start, at);
        return JSON.parse(
          `${before}[]${this.body.toString('utf8', after, end)}`,
        );
      }
      // the item's bytes with `[]` for managedFields, decoded once: one
      // string for JSON.parse, not two parts and their concatenation
      // (cut at ASCII bytes, so no character is split)
      const head = this.body.copy(ITEM_SCRATCH, 0, start, at);
      ITEM_SCRATCH[head] = OPEN_ARRAY;
      ITEM_SCRATCH[head + 1] = CLOSE_ARRAY;
      this.body.copy(ITEM_SCRATCH, head + 2, after, end);
      return JSON.parse(ITEM_SCRATCH.toString('utf8', 0, length));
    } catch {
      throw new InvalidListError(`Invalid JSON at byte ${start}`);
    }
  }

  private parse(start: number, end: number): unknown {
    try {
      return JSON.parse(this.body.toString('utf8', start, end));
    } catch {
      throw new InvalidListError(`Invalid JSON at byte ${start}`);
    }
  }

  private expect(i: number, byte: number) {
    if (this.body[i] !== byte) {
      throw new InvalidListError(
        `Expected '${String.fromCharCode(byte)}' at byte ${i}`,
      );
    }
  }

  private skipSpace(from: number): number {
    const b = this.body;
    let i = from;
    while (
      i < b.length &&
      (b[i] === 0x20 || b[i] === 0x0a || b[i] === 0x0d || b[i] === 0x09)
    ) {
      i += 1;
    }
    return i;
  }

  /** The index after the string that opens at `start`. */
  private stringEnd(start: number): number {
    const b = this.body;
    let i = start + 1;
    for (;;) {
      const quote = b.indexOf(QUOTE, i);
      if (quote < 0) throw new InvalidListError('Unterminated string');
      let slashes = 0;
      while (b[quote - 1 - slashes] === BACKSLASH) slashes += 1;
      if (slashes % 2 === 0) return quote + 1;
      i = quote + 1;
    }
  }

  /** The index after the value (object, array, string, literal) at `start`. */
  private valueEnd(start: number): number {
    const b = this.body;
    const first = b[start];
    if (first === QUOTE) return this.stringEnd(start);
    if (first !== OPEN_OBJECT && first !== OPEN_ARRAY) {
      // a number, true, false or null: up to the next delimiter
      let i = start;
      while (
        i < b.length &&
        b[i] !== COMMA &&
        b[i] !== CLOSE_OBJECT &&
        b[i] !== CLOSE_ARRAY &&
        b[i] > 0x20
      ) {
        i += 1;
      }
      if (i === start) throw new InvalidListError(`No value at byte ${start}`);
      return i;
    }
    let depth = 0;
    let i = start;
    while (i < b.length) {
      const c = b[i];
      if (c === QUOTE) {
        i = this.stringEnd(i);
        continue;
      }
      if (c === OPEN_OBJECT || c === OPEN_ARRAY) depth += 1;
      else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
        depth -= 1;
        if (depth === 0) return i + 1;
      }
      i += 1;
    }
    throw new InvalidListError('Unterminated object or array');
  }
}
