import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  ANNOTATION_KUBERNETES_CLUSTER,
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_LABEL_SELECTOR,
  ANNOTATION_KUBERNETES_NAMESPACE,
} from '@workload-status/backstage-plugin-workload-status-common';
import type { ServiceLocatorMethod } from '../cluster/types';
import { LabelSelector } from './LabelSelector';

/** How an entity finds its objects. */
export interface EntityMatch {
  entityRef: string;
  /** set when the annotations are invalid; the entity matches nothing */
  error?: string;
  selector?: LabelSelector;
  namespace?: string;
  /** cluster names to look in; undefined means every cluster */
  clusters?: string[];
  /**
   * The `kubernetes-cluster` annotation, whatever the locator: the cluster
   * the entity says its objects are in (the status rules of down clusters
   * read it even where the locator looks everywhere).
   */
  annotatedCluster?: string;
}

/**
 * Reads an entity's annotations with the Kubernetes plugin's semantics:
 * selector = `kubernetes-label-selector`, else
 * `backstage.io/kubernetes-id=<kubernetes-id or metadata.name>`; optional
 * namespace; clusters by the service locator method (multiTenant: all;
 * singleTenant: the `kubernetes-cluster` annotation when present;
 * catalogRelation: the entity's dependsOn relations to resources).
 */
export class EntityMatcher {
  constructor(private readonly locator: ServiceLocatorMethod) {}

  match(entity: Entity): EntityMatch {
    // refs compare case-insensitively, as in the catalog
    const entityRef = stringifyEntityRef(entity).toLocaleLowerCase('en-US');
    const annotations = entity.metadata.annotations ?? {};
    const id = annotations[ANNOTATION_KUBERNETES_ID];
    const selectorText = annotations[ANNOTATION_KUBERNETES_LABEL_SELECTOR];
    const namespace = annotations[ANNOTATION_KUBERNETES_NAMESPACE] || undefined;
    const match: EntityMatch = {
      entityRef,
      namespace,
      clusters: this.clustersOf(entity),
      annotatedCluster: annotations[ANNOTATION_KUBERNETES_CLUSTER] || undefined,
    };
    // no annotations: not tied to Kubernetes, so no workloads (NotFound)
    if (!id && !selectorText) return match;
    try {
      match.selector = selectorText
        ? LabelSelector.parse(selectorText)
        : LabelSelector.parse(`${ANNOTATION_KUBERNETES_ID}=${id}`);
      if (match.selector.requirements.length === 0) {
        throw new InputError(
          `Invalid label selector '${selectorText}': empty (it would select every object)`,
        );
      }
      // The catalog author decides the selector: one that pins no label
      // value would claim other teams' objects in every namespace.
      if (!match.selector.pinsLabelValue()) {
        throw new InputError(
          `Label selector '${selectorText}' pins no label value, so it would select the objects of every namespace; it needs at least one key=value, key==value or key in (a,b) requirement`,
        );
      }
    } catch (e) {
      match.error = `Entity ${entityRef} has an unusable ${
        selectorText
          ? ANNOTATION_KUBERNETES_LABEL_SELECTOR
          : ANNOTATION_KUBERNETES_ID
      } annotation: ${(e as Error).message}`;
      match.selector = undefined;
    }
    return match;
  }

  private clustersOf(entity: Entity): string[] | undefined {
    if (this.locator === 'singleTenant') {
      const cluster =
        entity.metadata.annotations?.[ANNOTATION_KUBERNETES_CLUSTER];
      return cluster ? [cluster] : undefined;
    }
    if (this.locator === 'catalogRelation') {
      return (entity.relations ?? [])
        .filter(
          r =>
            r.type === 'dependsOn' &&
            r.targetRef.toLocaleLowerCase('en-US').startsWith('resource:'),
        )
        .map(r => r.targetRef.slice(r.targetRef.indexOf('/') + 1));
    }
    return undefined;
  }
}
