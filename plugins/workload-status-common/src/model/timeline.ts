/*
 * The shape of the timeline route: every change of an entity's workloads'
 * lifecycle or health, and of the entity's own, as the backend recorded it
 * in its database.
 */
import type { Health, Lifecycle } from './types';

/**
 * What changed: the entity as a whole (`scope: 'entity'`) or one of its
 * workloads (`scope: 'workload'`, named by cluster, kind, namespace, name).
 * @public
 */
export interface TimelineSubject {
  scope: 'entity' | 'workload';
  cluster?: string;
  kind?: string;
  namespace?: string;
  name?: string;
}

/** One change of lifecycle or health. @public */
export interface TimelineEntry {
  /** stable id: the same change has the same id on every backend replica */
  id: string;
  /** RFC 3339: when the change was seen */
  at: string;
  subject: TimelineSubject;
  /** absent when the workload first appeared */
  from?: { lifecycle: Lifecycle; health: Health };
  to: { lifecycle: Lifecycle; health: Health };
  /** distinct reason codes of the new state, most severe first */
  reasonCodes: string[];
  /** the first (most severe) reason's message: redacted and cut short */
  message?: string;
}

/** GET .../timeline: newest first. @public */
export interface EntityTimelineResponse {
  items: TimelineEntry[];
}
