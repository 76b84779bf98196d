/*
 * Kubernetes resource quantities (`250m`, `250000n`, `128Mi`, `1.5G`,
 * `12e6`), read into the two units the status model uses: CPU in
 * millicores, memory in bytes. The grammar is apimachinery's
 * (resource.Quantity): a signed decimal number, then an optional binary
 * suffix (Ki..Ei), decimal suffix (n, u, m, k, M, G, T, P, E) or decimal
 * exponent (e3, E-6). Anything else is unreadable: undefined, never NaN.
 */

/** A quantity's length bound: real ones are a dozen characters. */
const MAX_QUANTITY_LENGTH = 64;

const QUANTITY =
  /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?[0-9]+)?$/;

const BINARY: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
const DECIMAL: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

/** The quantity's value in base units (cores, bytes); undefined when unreadable. @public */
export function parseQuantity(text: unknown): number | undefined {
  if (typeof text === 'number') return Number.isFinite(text) ? text : undefined;
  if (typeof text !== 'string' || text.length > MAX_QUANTITY_LENGTH)
    return undefined;
  const m = QUANTITY.exec(text.trim());
  if (!m) return undefined;
  const number = Number(m[1]);
  const suffix = m[2] ?? '';
  let value: number;
  if (!suffix) value = number;
  else if (BINARY[suffix]) value = number * BINARY[suffix];
  else if (DECIMAL[suffix]) value = number * DECIMAL[suffix];
  else value = number * 10 ** Number(suffix.slice(1));
  return Number.isFinite(value) ? value : undefined;
}

/** `250m` -> 250, `250000n` -> 0.25, `2` -> 2000. @public */
export function parseCpuMillicores(text: unknown): number | undefined {
  const cores = parseQuantity(text);
  // below a nanocore is rounding noise of the division, not usage
  return cores === undefined ? undefined : Math.round(cores * 1e9) / 1e6;
}

/** `128Mi` -> 134217728; fractions of a byte round up, as the apiserver does. @public */
export function parseMemoryBytes(text: unknown): number | undefined {
  const bytes = parseQuantity(text);
  return bytes === undefined ? undefined : Math.ceil(bytes - 1e-9);
}
