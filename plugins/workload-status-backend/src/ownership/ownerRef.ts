import { parseEntityRef } from '@backstage/catalog-model';

// Backstage's entity name and namespace rules (63 characters), and a kind.
// One bounded character class each: linear on any input.
const NAME = /^[A-Za-z0-9][-A-Za-z0-9_.]{0,62}$/;
const KIND = /^[A-Za-z][A-Za-z0-9]{0,62}$/;
// `kind:namespace/name` at its longest
const MAX_REF_LENGTH = 64 * 3;

/**
 * An owner as a lowercase entity ref (`group:default/team-shop`), the form
 * in which the catalog's relations and users' ownership refs are compared.
 * A bare name is a Group in the default namespace, as Backstage reads
 * `spec.owner`; `defaultNamespace` is the namespace such a bare name is
 * in. Returns undefined for anything that is not a valid ref: the value
 * may come from a cluster's labels or annotations, which are not trusted
 * to be well-formed.
 */
export function toOwnerRef(
  value: unknown,
  defaultNamespace = 'default',
): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (!text || text.length > MAX_REF_LENGTH) return undefined;
  let ref: { kind: string; namespace: string; name: string };
  try {
    ref = parseEntityRef(text, { defaultKind: 'group', defaultNamespace });
  } catch {
    return undefined;
  }
  if (!KIND.test(ref.kind) || !NAME.test(ref.namespace) || !NAME.test(ref.name))
    return undefined;
  return `${ref.kind}:${ref.namespace}/${ref.name}`.toLocaleLowerCase('en-US');
}
