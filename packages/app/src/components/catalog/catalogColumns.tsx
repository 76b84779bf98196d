import {
  CatalogTable,
  CatalogTableColumnsFunc,
} from '@backstage/plugin-catalog';
import { createWorkloadStatusColumn } from '@internal/plugin-workload-status';

/*
 * The catalog's default columns, with the workload status after the name for
 * the kinds that run on Kubernetes.
 */
export const catalogColumns: CatalogTableColumnsFunc = context => {
  const defaults = CatalogTable.defaultColumnsFunc(context);
  const kind = context.filters.kind?.value?.toLocaleLowerCase('en-US');
  if (kind !== 'component' && kind !== 'system' && kind !== 'resource') {
    return defaults;
  }
  const [name, ...rest] = defaults;
  return [name, createWorkloadStatusColumn(), ...rest];
};
