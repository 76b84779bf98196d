/**
 * What every controller gets on each reconcile pass: the store, the current
 * simulated time, the seeded random source and the event recorder.
 */
import { ObjectStore } from '../store/objectStore';
import { Random } from '../random';
import { EventRecorder } from './eventRecorder';
import { KubeObject, OwnerReference } from '../types';

export interface ControllerContext {
  store: ObjectStore;
  /** Simulated time in ms. */
  now: number;
  random: Random;
  events: EventRecorder;
}

export interface Controller {
  readonly name: string;
  /** Level-triggered: looks at the whole state and moves it one step toward the spec. */
  reconcile(ctx: ControllerContext): void;
}

/** Annotations that tell the simulated kubelet and controllers how a workload behaves. */
export const BEHAVIOUR_ANNOTATION = 'simulator.workload-status.dev/behaviour';
export const READY_AFTER_ANNOTATION =
  'simulator.workload-status.dev/ready-after';
export const RUN_FOR_ANNOTATION = 'simulator.workload-status.dev/run-for';
export const LOGS_ANNOTATION = 'simulator.workload-status.dev/logs';
export const FAIL_TASK_ANNOTATION = 'simulator.workload-status.dev/fail-task';
/** A JSON array of strings: the exact log of every container of the pod (see logs/logLines.ts). */
export const LOG_LINES_ANNOTATION = 'simulator.workload-status.dev/log-lines';
/** What the main container writes to its termination-message file before it exits. */
export const TERMINATION_MESSAGE_ANNOTATION =
  'simulator.workload-status.dev/termination-message';

export function controllerRef(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid!,
    controller: true,
    blockOwnerDeletion: true,
  };
}

export function isControlledBy(obj: KubeObject, owner: KubeObject): boolean {
  return (obj.metadata.ownerReferences ?? []).some(
    r => r.controller && r.uid === owner.metadata.uid,
  );
}

export function ownedBy(
  ctx: ControllerContext,
  storage: string,
  owner: KubeObject,
): KubeObject[] {
  return ctx.store
    .list(storage, owner.metadata.namespace)
    .filter(o => isControlledBy(o, owner));
}

export function isTerminating(obj: KubeObject): boolean {
  return Boolean(obj.metadata.deletionTimestamp);
}

/** A condition list update that keeps lastTransitionTime when the status does not change. */
export function setCondition(
  conditions: any[],
  condition: {
    type: string;
    status: string;
    reason?: string;
    message?: string;
  },
  nowIso: string,
  extra: Record<string, unknown> = {},
): any[] {
  const existing = conditions.find(c => c.type === condition.type);
  const transitioned = !existing || existing.status !== condition.status;
  // Field order as the apiserver serialises conditions: type, status, probe/update time, transition, reason, message.
  const next: Record<string, any> = {
    type: condition.type,
    status: condition.status,
    ...extra,
    lastTransitionTime: transitioned ? nowIso : existing.lastTransitionTime,
    ...(condition.reason ? { reason: condition.reason } : {}),
    ...(condition.message ? { message: condition.message } : {}),
  };
  if (
    'lastUpdateTime' in extra &&
    existing &&
    !transitioned &&
    existing.reason === condition.reason &&
    existing.message === condition.message
  ) {
    next.lastUpdateTime = existing.lastUpdateTime ?? extra.lastUpdateTime;
  }
  const out = conditions.filter(c => c.type !== condition.type);
  const index = conditions.findIndex(c => c.type === condition.type);
  if (index >= 0) out.splice(index, 0, next);
  else out.push(next);
  return out;
}

/** Pod template -> pod/job object metadata copies: labels and annotations. */
export function templateMeta(template: any) {
  return {
    labels: { ...(template?.metadata?.labels ?? {}) },
    annotations: { ...(template?.metadata?.annotations ?? {}) },
  };
}
