/**
 * Status model, status engine and permissions shared by the Workload Status
 * plugins. Isomorphic: no Node or browser APIs.
 *
 * @packageDocumentation
 */
export * from './model/types';
export * from './model/health';
export * from './model/diagnostics';
export * from './model/timeline';
export * from './model/signals';
export * from './model/rollup';
export * from './permissions';
export * from './annotations';
export * from './engine';
