/**
 * A seeded pseudo-random source (mulberry32): generated names, uids and
 * behaviour jitter are the same on every run of a scenario.
 */
const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789'; // the apiserver's generateName alphabet (no vowels)

export class Random {
  private state: number;

  constructor(seed: number | string) {
    this.state = typeof seed === 'number' ? seed >>> 0 : hashString(seed);
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }

  /** A generateName-style suffix. */
  suffix(length: number): string {
    let s = '';
    for (let i = 0; i < length; i++)
      s += NAME_ALPHABET[this.int(NAME_ALPHABET.length)];
    return s;
  }

  hex(length: number): string {
    let s = '';
    for (let i = 0; i < length; i++) s += '0123456789abcdef'[this.int(16)];
    return s;
  }

  /** A version-4 UUID as the apiserver assigns to metadata.uid. */
  uuid(): string {
    const h = this.hex(32).split('');
    h[12] = '4';
    h[16] = '89ab'[this.int(4)];
    const s = h.join('');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(
      16,
      20,
    )}-${s.slice(20)}`;
  }
}

export function hashString(text: string): number {
  // FNV-1a, 32 bit: what Kubernetes uses for pod-template-hash (ComputeHash).
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** A stable short hash in the apiserver's safe alphabet (rand.SafeEncodeString of the FNV hash). */
const hashCache = new WeakMap<object, string>();

export function templateHash(value: unknown): string {
  // Stored objects are immutable, so a template's hash can be remembered by identity.
  if (value && typeof value === 'object') {
    const cached = hashCache.get(value);
    if (cached) return cached;
    const computed = computeTemplateHash(value);
    hashCache.set(value, computed);
    return computed;
  }
  return computeTemplateHash(value);
}

function computeTemplateHash(value: unknown): string {
  const digits = String(hashString(JSON.stringify(value)));
  let out = '';
  for (const ch of digits)
    out += NAME_ALPHABET[Number(ch) % NAME_ALPHABET.length];
  return out.slice(0, 10);
}
