import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { boundedInteger } from '../settings/settingValues';
import { isLabelName } from '../cluster/kubernetesNames';
import { toOwnerRef } from './ownerRef';

const KEY = 'workloadStatus.ownership';
export const DEFAULT_NAMESPACE_OWNER_KEY = 'backstage.io/owner';
export const DEFAULT_MAX_OWNER_REFS = 20_000;

/** A namespace's owner set in app-config; it wins over the cluster's label. */
export interface ConfiguredNamespaceOwner {
  /** undefined: the namespace of that name in every cluster */
  cluster?: string;
  namespace: string;
  /** a lowercase entity ref */
  owner: string;
}

/** `workloadStatus.ownership`, with defaults applied. */
export type OwnershipSettings =
  | {
      /** the catalog's claims decide (the behaviour before namespace ownership) */
      mode: 'trust-catalog';
    }
  | {
      /** logs and actions only in namespaces the entity's owner owns */
      mode: 'namespace-owner';
      /** the Namespace label or annotation that names its owner */
      namespaceOwnerKey: string;
      namespaces: ConfiguredNamespaceOwner[];
      /** most users and groups whose memberships and parents are kept */
      maxOwnerRefs: number;
    };

export function readOwnershipSettings(config: Config): OwnershipSettings {
  const raw = config.getOptional(KEY);
  if (raw === undefined) {
    return {
      mode: 'namespace-owner',
      namespaceOwnerKey: DEFAULT_NAMESPACE_OWNER_KEY,
      namespaces: [],
      maxOwnerRefs: DEFAULT_MAX_OWNER_REFS,
    };
  }
  if (typeof raw === 'string') {
    if (raw !== 'trust-catalog') {
      throw new InputError(
        `Invalid config at ${KEY}: '${raw}' is neither 'trust-catalog' nor an object`,
      );
    }
    return { mode: 'trust-catalog' };
  }
  const c = config.getConfig(KEY);
  const namespaceOwnerKey =
    c.getOptionalString('namespaceOwnerKey') ?? DEFAULT_NAMESPACE_OWNER_KEY;
  if (!isQualifiedName(namespaceOwnerKey)) {
    throw new InputError(
      `Invalid config at ${KEY}.namespaceOwnerKey: '${namespaceOwnerKey}' is not a Kubernetes label key`,
    );
  }
  const maxOwnerRefs = boundedInteger(
    c.getOptionalNumber('maxOwnerRefs'),
    `${KEY}.maxOwnerRefs`,
    DEFAULT_MAX_OWNER_REFS,
    1_000_000,
  );
  const namespaces: ConfiguredNamespaceOwner[] = [];
  const seen = new Set<string>();
  (c.getOptionalConfigArray('namespaces') ?? []).forEach((entry, i) => {
    const at = `${KEY}.namespaces[${i}]`;
    const cluster = entry.getOptionalString('cluster');
    const namespace = entry.getString('namespace');
    if (!isLabelName(namespace)) {
      throw new InputError(
        `Invalid config at ${at}.namespace: '${namespace}' is not a namespace name`,
      );
    }
    const ownerText = entry.getString('owner');
    const owner = toOwnerRef(ownerText);
    if (!owner) {
      throw new InputError(
        `Invalid config at ${at}.owner: '${ownerText}' is not an entity ref`,
      );
    }
    const key = `${cluster ?? '*'}/${namespace}`;
    if (seen.has(key)) {
      throw new InputError(
        `Invalid config at ${at}: namespace ${namespace}${
          cluster ? ` of cluster ${cluster}` : ''
        } is listed twice`,
      );
    }
    seen.add(key);
    namespaces.push({ ...(cluster ? { cluster } : {}), namespace, owner });
  });
  return {
    mode: 'namespace-owner',
    namespaceOwnerKey,
    namespaces,
    maxOwnerRefs,
  };
}

/**
 * A label or annotation key: an optional DNS subdomain prefix and `/`,
 * then a name of up to 63 characters (apimachinery's qualified name).
 */
function isQualifiedName(key: string): boolean {
  const slash = key.indexOf('/');
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  const name = slash < 0 ? key : key.slice(slash + 1);
  if (
    prefix !== undefined &&
    (prefix.length === 0 ||
      prefix.length > 253 ||
      !prefix.split('.').every(isLabelName))
  ) {
    return false;
  }
  return (
    name.length > 0 &&
    name.length <= 63 &&
    /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(name)
  );
}
