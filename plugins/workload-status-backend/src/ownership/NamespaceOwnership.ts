import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { NotAllowedError, ServiceUnavailableError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ENTITY_REASON_CODES,
  KubeObject,
  Reason,
} from '@workload-status/backstage-plugin-workload-status-common';
import type { WorkloadStatusSettings } from '../cluster/types';
import type { EntityStatusService } from '../status/EntityStatusService';
import type { ClusterListener } from '../status/StatusPipeline';
import { EntityOwners } from './EntityOwners';
import { NamespaceOwnerCaches } from './NamespaceOwnerCaches';
import type { OwnershipSettings } from './OwnershipSettings';
import { OwnerGroups } from './OwnerGroups';

/** Who owns a namespace, and who says so. */
export type NamespaceOwner =
  | { owner: string; source: 'app-config' | 'label' | 'annotation' }
  /** no owner: refused whatever the entity */
  | { owner?: undefined; problem: string }
  /** the cluster's namespaces are not listed yet */
  | { owner?: undefined; pending: true };

type Verdict =
  | { result: 'allowed' }
  | { result: 'refused'; why: string }
  /** something is not read yet: the cluster's namespaces or the owner's groups */
  | { result: 'unknown' };

/** Per cluster, past this many namespaces not owned the rest share one reason. */
const MAX_REASONS_PER_CLUSTER = 20;

/** The part of the status service ownership drives. */
type Statuses = Pick<
  EntityStatusService,
  'markDirty' | 'markClusterDirty' | 'resync' | 'addReasonSource'
>;

/**
 * The second trust anchor, beside the permission policy: an entity may
 * read the logs of, and act on, only the objects in namespaces that its
 * owner owns (the owner itself, a group it is a member of, or a parent of
 * one). Who owns a namespace is not the catalog's to say: app-config
 * (`workloadStatus.ownership.namespaces`) says so first, else the
 * Namespace's owner label or annotation in the cluster. Objects in other
 * namespaces are still shown, with a `NamespaceNotOwned` warning.
 *
 * With `workloadStatus.ownership: trust-catalog` everything is allowed, as
 * before this check existed.
 */
export class NamespaceOwnership {
  readonly entityOwners = new EntityOwners();
  private readonly groups?: OwnerGroups;
  private readonly caches?: NamespaceOwnerCaches;
  private statuses?: Statuses;
  /** `namespace` and `cluster/namespace` -> owner ref, from app-config */
  private readonly configured = new Map<string, string>();

  constructor(
    private readonly options: {
      settings: OwnershipSettings;
      clusterSettings: WorkloadStatusSettings;
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
    },
  ) {
    const s = options.settings;
    if (s.mode === 'trust-catalog') return;
    for (const n of s.namespaces) {
      this.configured.set(
        n.cluster ? `${n.cluster}/${n.namespace}` : n.namespace,
        n.owner,
      );
    }
    this.groups = new OwnerGroups({
      catalog: options.catalog,
      auth: options.auth,
      logger: options.logger,
      maxRefs: s.maxOwnerRefs,
    });
    this.caches = new NamespaceOwnerCaches({
      settings: options.clusterSettings,
      ownerKey: s.namespaceOwnerKey,
      logger: options.logger,
      onChange: cluster => this.statuses?.markClusterDirty(cluster),
    });
  }

  get enforced(): boolean {
    return this.options.settings.mode !== 'trust-catalog';
  }

  /**
   * Watches the namespaces of the pipeline's clusters and adds the
   * warnings to the statuses, recomputed when ownership changes.
   */
  attach(pipeline: {
    addClusterListener(listener: ClusterListener): void;
    statuses: Statuses;
  }) {
    if (!this.caches) return;
    this.statuses = pipeline.statuses;
    pipeline.addClusterListener(this.caches);
    pipeline.statuses.addReasonSource((entityRef, cluster, objects) =>
      this.reasons(entityRef, cluster, objects),
    );
  }

  async stop() {
    await this.caches?.stop();
  }

  /** Says at start what decides ownership: an opt-out is worth a warning. */
  logMode() {
    const s = this.options.settings;
    if (s.mode === 'trust-catalog') {
      this.options.logger.warn(
        'workloadStatus.ownership is trust-catalog: whoever may register a catalog entity decides which cluster objects it owns, and its owners read their logs and act on them (namespace ownership is not checked)',
      );
      return;
    }
    this.options.logger.info(
      `Namespace ownership: logs and actions only in namespaces owned by the entity's owner (${s.namespaces.length} set in app-config, else the ${s.namespaceOwnerKey} label or annotation of the Namespace)`,
    );
  }

  /** An entity read from the catalog (the entity source calls this for each). */
  entityRead(entity: Entity, entityRef: string) {
    if (this.entityOwners.record(entity)) this.statuses?.markDirty([entityRef]);
  }

  entityRemoved(entityRef: string) {
    this.entityOwners.forget(entityRef);
  }

  /**
   * Reads the owners' groups again (after each catalog read); statuses are
   * recomputed when memberships or parents changed. Never throws.
   */
  async refresh() {
    if (!this.groups) return;
    try {
      if (await this.groups.refresh(this.entityOwners.all())) {
        this.statuses?.resync();
      }
    } catch (e) {
      this.options.logger.warn(
        `Namespace ownership: reading the owners' groups from the catalog failed (the last ones read stay in use): ${e}`,
      );
    }
  }

  /** Who owns a namespace: app-config first, else the cluster's label or annotation. */
  ownerOf(cluster: string, namespace: string): NamespaceOwner {
    const configured =
      this.configured.get(`${cluster}/${namespace}`) ??
      this.configured.get(namespace);
    if (configured) return { owner: configured, source: 'app-config' };
    const state = this.caches?.state(cluster) ?? { state: 'pending' };
    if (state.state === 'pending') return { pending: true };
    if (state.state === 'unreadable') {
      return {
        problem: `cannot be read: the plugin's service account may not list the cluster's namespaces`,
      };
    }
    const label = state.store.get(namespace);
    if (!label) return { problem: `is not among the cluster's namespaces` };
    if ('problem' in label) return { problem: label.problem };
    return { owner: label.owner, source: label.from };
  }

  /**
   * Throws NotAllowedError unless the entity may read logs of and act on
   * objects in the namespace; ServiceUnavailableError when ownership is not
   * known within the request timeout (the cluster's namespaces not listed
   * yet, or the catalog not answering for the owner's groups).
   */
  async authorize(entityRef: string, cluster: string, namespace: string) {
    if (!this.enforced) return;
    await this.readMissing(entityRef, cluster);
    const verdict = this.check(entityRef, cluster, namespace);
    if (verdict.result === 'allowed') return;
    if (verdict.result === 'unknown') {
      throw new ServiceUnavailableError(
        `Who owns namespace ${namespace} of cluster ${cluster} is not known yet; try again shortly`,
      );
    }
    throw new NotAllowedError(
      `Logs and actions of ${entityRef} are refused in namespace ${namespace} of cluster ${cluster}: ${verdict.why}`,
    );
  }

  /** Of `namespaces`, those where the entity may read logs and act (unknown ones are left out). */
  async allowedNamespaces(
    entityRef: string,
    cluster: string,
    namespaces: Iterable<string>,
  ): Promise<Set<string>> {
    const all = new Set(namespaces);
    if (!this.enforced) return all;
    await this.readMissing(entityRef, cluster);
    return new Set(
      [...all].filter(
        ns => this.check(entityRef, cluster, ns).result === 'allowed',
      ),
    );
  }

  /**
   * The `NamespaceNotOwned` warnings of an entity's objects in one cluster.
   * From caches only: no catalog or cluster call. Nothing while ownership
   * is not known yet (a recompute follows when it is).
   */
  reasons(
    entityRef: string,
    cluster: string,
    objects: readonly KubeObject[],
  ): Reason[] {
    if (!this.enforced) return [];
    const namespaces = new Set<string>();
    for (const obj of objects) {
      const ns = obj.metadata?.namespace;
      if (ns) namespaces.add(ns);
    }
    const refused: Array<{ namespace: string; why: string }> = [];
    for (const namespace of [...namespaces].sort()) {
      const verdict = this.check(entityRef, cluster, namespace);
      if (verdict.result === 'refused') {
        refused.push({ namespace, why: verdict.why });
      }
    }
    const reasons: Reason[] = refused
      .slice(
        0,
        refused.length > MAX_REASONS_PER_CLUSTER
          ? MAX_REASONS_PER_CLUSTER - 1
          : MAX_REASONS_PER_CLUSTER,
      )
      .map(({ namespace, why }) => ({
        severity: 'warning',
        code: ENTITY_REASON_CODES.NamespaceNotOwned,
        message: `Namespace ${namespace} of cluster ${cluster}: ${why}. Its objects are shown; their logs and actions are refused`,
        object: { kind: 'Namespace', name: namespace, cluster },
        hint: "Logs and actions need the namespace to belong to the entity's owner or one of its groups (the namespace's owner label or annotation, or workloadStatus.ownership in app-config). If the entity should not claim these objects, fix its Kubernetes annotations.",
      }));
    if (refused.length > MAX_REASONS_PER_CLUSTER) {
      const rest = refused.slice(MAX_REASONS_PER_CLUSTER - 1);
      reasons.push({
        severity: 'warning',
        code: ENTITY_REASON_CODES.NamespaceNotOwned,
        message: `${rest.length} more namespaces of cluster ${cluster} (${rest
          .slice(0, 5)
          .map(r => r.namespace)
          .join(
            ', ',
          )}, ...) do not belong to the entity's owner. Their objects are shown; their logs and actions are refused`,
        object: { kind: 'Namespace', name: rest[0].namespace, cluster },
      });
    }
    return reasons;
  }

  /** Waits (bounded) for the cluster's namespaces and reads the owner's groups if new. */
  private async readMissing(entityRef: string, cluster: string) {
    await this.caches?.whenKnown(
      cluster,
      this.options.clusterSettings.requestTimeoutMs,
    );
    const owners = this.entityOwners.ownersOf(entityRef) ?? [];
    try {
      if (await this.groups?.ensure(owners)) this.statuses?.resync();
    } catch (e) {
      this.options.logger.warn(
        `Namespace ownership: reading the groups of ${owners.join(
          ', ',
        )} from the catalog failed: ${e}`,
      );
    }
  }

  private check(
    entityRef: string,
    cluster: string,
    namespace: string,
  ): Verdict {
    const ns = this.ownerOf(cluster, namespace);
    if ('pending' in ns) return { result: 'unknown' };
    if ('problem' in ns)
      return { result: 'refused', why: `it ${ns.problem}, so it has no owner` };
    const owners = this.entityOwners.ownersOf(entityRef) ?? [];
    if (!owners.length) {
      return {
        result: 'refused',
        why: `it belongs to ${ns.owner} (${describeSource(
          ns.source,
        )}), and the entity has no owner in the catalog`,
      };
    }
    let unknown = false;
    for (const owner of owners) {
      const groups = this.groups?.groupsOf(owner);
      if (!groups) unknown = true;
      else if (groups.has(ns.owner)) return { result: 'allowed' };
    }
    if (unknown) return { result: 'unknown' };
    return {
      result: 'refused',
      why: `it belongs to ${ns.owner} (${describeSource(
        ns.source,
      )}), not to the entity's owner ${owners.join(' or ')} or a group ${
        owners.length > 1 ? 'they belong' : 'it belongs'
      } to`,
    };
  }
}

function describeSource(source: 'app-config' | 'label' | 'annotation') {
  return source === 'app-config'
    ? 'workloadStatus.ownership in app-config'
    : `the namespace's owner ${source}`;
}
