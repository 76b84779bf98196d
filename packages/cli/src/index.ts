/**
 * The `workload-status` command line.
 *
 * @packageDocumentation
 */
export { runCli, USAGE } from './run';
export type { CliIo } from './run';
export { parseObjects, InputError } from './loadObjects';
export { formatTable } from './formatTable';
