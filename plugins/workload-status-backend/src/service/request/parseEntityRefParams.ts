import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';

// The catalog's own rules for kind, namespace and name
// (catalog-model's KubernetesValidatorFunctions, case-insensitive here).
const KIND = /^[a-zA-Z][a-zA-Z0-9]{0,62}$/;
const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/i;
const NAME = /^[a-z0-9A-Z]([-_.a-z0-9A-Z]{0,61}[a-z0-9A-Z])?$/;

/**
 * `{namespace, kind, name}` path parameters to a canonical (lower-case)
 * entity ref, or an InputError naming the bad part.
 */
export function parseEntityRefParams(params: {
  namespace?: string;
  kind?: string;
  name?: string;
}): string {
  const { namespace = '', kind = '', name = '' } = params;
  if (!KIND.test(kind)) {
    throw new InputError(`Invalid entity kind '${kind}'`);
  }
  if (!NAMESPACE.test(namespace)) {
    throw new InputError(`Invalid entity namespace '${namespace}'`);
  }
  if (!NAME.test(name)) {
    throw new InputError(`Invalid entity name '${name}'`);
  }
  // ASCII only (checked above): the plain lower case is the locale one,
  // without an ICU lookup on every request
  return stringifyEntityRef({ kind, namespace, name }).toLowerCase();
}
