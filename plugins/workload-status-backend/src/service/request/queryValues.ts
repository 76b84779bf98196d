import { InputError } from '@backstage/errors';

/** A caller's value quoted in an error message, cut to a readable length. */
export function quoted(value: string): string {
  return value.length > 64 ? `${value.slice(0, 64)}...` : value;
}

/** A query parameter given at most once; InputError when repeated. */
export function singleQueryValue(
  query: Record<string, unknown>,
  key: string,
): string | undefined {
  const value = query[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    throw new InputError(`Query parameter ${key} must be given once`);
  }
  return value;
}
