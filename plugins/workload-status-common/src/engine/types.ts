/*
 * Input and internal types of the status engine. The output types (ObjectStatus,
 * WorkloadStatus, Reason, ...) are the status model in ../model/types.ts.
 */
import type { Health, Lifecycle, ObjectRef, Reason } from '../model/types';

/** An owner reference as the API server writes it. @public */
export interface KubeOwnerReference {
  apiVersion?: string;
  kind?: string;
  name?: string;
  uid?: string;
  controller?: boolean;
}

/**
 * A Kubernetes object as read from the API or a file, or its projection.
 * Nothing in it is trusted: every field may be missing or of the wrong type.
 * @public
 */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    generation?: number;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: Array<KubeOwnerReference>;
    creationTimestamp?: string;
    deletionTimestamp?: string;
  };
  spec?: any;
  status?: any;
  [k: string]: unknown;
}

/** What the caller supplies: the engine has no clock of its own. @public */
export interface EvaluationContext {
  now: Date;
  /**
   * What running containers use (metrics.k8s.io), for the memory-limit
   * warning; without it the engine judges objects alone.
   */
  usage?: PodUsageLookup;
}

/**
 * A pod's container usage by name, looked up by namespace and pod name
 * (PodMetrics carry no uid); undefined when nothing is known.
 * @public
 */
export type PodUsageLookup = (
  namespace: string,
  pod: string,
) => ReadonlyMap<string, import('../model/types').ContainerUsage> | undefined;

/** A rule's answer: the three things every status carries. @public */
export interface Verdict {
  lifecycle: Lifecycle;
  health: Health;
  reasons: Reason[];
}

/** What a kind rule is given. @public */
export interface RuleInput {
  obj: KubeObject;
  /** the object as a reason's `object` */
  ref: ObjectRef;
  /** epoch milliseconds */
  now: number;
  related: import('./related').RelatedObjects;
}

/** A step of the pipeline or a kind rule: `undefined` means "no opinion". @public */
export type Rule = (input: RuleInput) => Verdict | undefined;
