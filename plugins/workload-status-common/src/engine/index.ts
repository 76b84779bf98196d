/*
 * The status engine's public surface. Pure and synchronous: no I/O, no clock
 * (time is an input), usable from the backend, the CLI and the browser.
 */
export type {
  PodUsageLookup,
  EvaluationContext,
  KubeObject,
  KubeOwnerReference,
} from './types';
export { evaluateObject } from './evaluate';
export { evaluateWorkloads } from './workloads';
export { projectObject } from './projection';
export { BASE_KINDS, KindRegistry, SUPPORTED_KINDS } from './registry';
export type { ComponentRole, KindFamily, KindRow, KindScope } from './registry';
export type { WatchedResource } from './kindRegistry';
export { WHOLE_FIELDS } from './kindProjections';
export type { KindProjection, Selection } from './kindProjections';
export type { Rule, RuleInput, Verdict } from './types';
export { REASON_CODES } from './reasons';
export type { ReasonCode } from './reasons';
export { isNearMemoryLimit, MEMORY_PRESSURE_RATIO } from './memoryPressure';
export {
  parseCpuMillicores,
  parseMemoryBytes,
  parseQuantity,
} from './quantity';
