import { InputError } from '@backstage/errors';

export type Requirement =
  | { key: string; op: 'in'; values: string[] }
  | { key: string; op: 'notin'; values: string[] }
  | { key: string; op: 'exists' }
  | { key: string; op: '!exists' };

/**
 * A parsed Kubernetes label selector (the string form `kubectl -l` takes:
 * `a=b,c!=d,e in (f,g),h notin (i),j,!k`). Equality is an `in` with one
 * value. `key` is a canonical text form, equal for equal selectors, so
 * entities with the same selector share one index entry.
 */
export class LabelSelector {
  readonly requirements: Requirement[];
  readonly key: string;

  static parse(text: string): LabelSelector {
    return new LabelSelector(parseRequirements(text));
  }

  private constructor(requirements: Requirement[]) {
    this.requirements = requirements;
    this.key = requirements
      .map(r => {
        switch (r.op) {
          case 'exists':
            return r.key;
          case '!exists':
            return `!${r.key}`;
          default:
            return `${r.key} ${r.op} (${[...r.values].sort().join(',')})`;
        }
      })
      .sort()
      .join(',');
  }

  /** True for labels the selector selects; the empty selector selects all. */
  matches(labels: Record<string, string> | undefined): boolean {
    const l = labels ?? {};
    for (const r of this.requirements) {
      const has = Object.prototype.hasOwnProperty.call(l, r.key);
      switch (r.op) {
        case 'exists':
          if (!has) return false;
          break;
        case '!exists':
          if (has) return false;
          break;
        case 'in':
          if (!has || !r.values.includes(l[r.key])) return false;
          break;
        case 'notin':
          if (has && r.values.includes(l[r.key])) return false;
          break;
        default:
          return false;
      }
    }
    return true;
  }

  /**
   * True when some requirement names the values a label must have (`a=b`,
   * `a==b`, `a in (b,c)`). A selector without one (`!a`, `a`, `a!=b`,
   * `a notin (b)`) is satisfied by objects that merely lack or differ: it
   * selects nearly every object of every namespace, so an entity may not
   * claim objects with it.
   */
  pinsLabelValue(): boolean {
    return this.requirements.some(r => r.op === 'in');
  }

  /**
   * The narrowest `key=value` pairs an object must carry one of to match,
   * used to find candidate objects (and candidate selectors) in an index.
   * Undefined when no requirement pins a value (then a wider scan is needed).
   */
  candidateLabels(): { key: string; values: string[] } | undefined {
    let best: { key: string; values: string[] } | undefined;
    for (const r of this.requirements) {
      if (r.op === 'in' && (!best || r.values.length < best.values.length)) {
        best = { key: r.key, values: r.values };
      }
    }
    return best;
  }
}

// https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set
const NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const PREFIX =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function checkKey(key: string, text: string): string {
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (
    !NAME.test(name) ||
    (prefix !== undefined && (prefix.length > 253 || !PREFIX.test(prefix)))
  ) {
    throw new InputError(
      `Invalid label selector '${text}': '${key}' is not a valid label key`,
    );
  }
  return key;
}

function checkValue(value: string, text: string): string {
  if (value !== '' && !NAME.test(value)) {
    throw new InputError(
      `Invalid label selector '${text}': '${value}' is not a valid label value`,
    );
  }
  return value;
}

/** Splits on commas outside parentheses. */
function splitTerms(text: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth += 1;
    if (ch === ')') depth -= 1;
    if (depth < 0 || depth > 1) {
      throw new InputError(
        `Invalid label selector '${text}': unbalanced parentheses`,
      );
    }
    if (ch === ',' && depth === 0) {
      terms.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  if (depth !== 0) {
    throw new InputError(
      `Invalid label selector '${text}': unbalanced parentheses`,
    );
  }
  terms.push(current);
  return terms;
}

function parseRequirements(text: string): Requirement[] {
  if (text.length > 4096) {
    throw new InputError('Invalid label selector: longer than 4096 characters');
  }
  if (text.trim() === '') return [];
  return splitTerms(text).map(raw => {
    const term = raw.trim();
    if (!term) {
      throw new InputError(`Invalid label selector '${text}': empty term`);
    }
    const set = /^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(term);
    if (set) {
      const values = set[3].split(',').map(v => checkValue(v.trim(), text));
      if (values.length === 0 || (values.length === 1 && values[0] === '')) {
        throw new InputError(
          `Invalid label selector '${text}': '${term}' has an empty value set`,
        );
      }
      return {
        key: checkKey(set[1], text),
        op: set[2] as 'in' | 'notin',
        values,
      };
    }
    const eq = /^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(term);
    if (eq) {
      return {
        key: checkKey(eq[1], text),
        op: eq[2] === '!=' ? 'notin' : 'in',
        values: [checkValue(eq[3], text)],
      };
    }
    if (term.startsWith('!')) {
      return { key: checkKey(term.slice(1).trim(), text), op: '!exists' };
    }
    if (/^\S+$/.test(term)) return { key: checkKey(term, text), op: 'exists' };
    throw new InputError(
      `Invalid label selector '${text}': cannot parse '${term}'`,
    );
  });
}
