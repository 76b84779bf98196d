/*
 * The status engine's public surface. Pure and synchronous: no I/O, no clock
 * (time is an input), usable from the backend, the CLI and the browser.
 */
export type {
  EvaluationContext,
  KubeObject,
  KubeOwnerReference,
} from './types';
export { evaluateObject } from './evaluate';
export { evaluateWorkloads } from './workloads';
export { projectObject } from './projection';
export { SUPPORTED_KINDS } from './registry';
export { REASON_CODES } from './reasons';
export type { ReasonCode } from './reasons';
