/**
 * Service ref and extension points of the Workload Status backend.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './extensions';
export * from './serviceRef';
