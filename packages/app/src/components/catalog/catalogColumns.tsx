import {
  CatalogTable,
  CatalogTableColumnsFunc,
} from '@backstage/plugin-catalog';
import { createWorkloadStatusColumn } from '@workload-status/backstage-plugin-workload-status';

/** Kinds that run on Kubernetes, and those with a rollup of them. */
const KINDS_WITH_STATUS = new Set(['component', 'resource', 'system', 'group']);

/*
 * The catalog's default columns, with the workload status after the name for
 * the kinds that run on Kubernetes and for Systems and Groups (their rollup).
 */
export const catalogColumns: CatalogTableColumnsFunc = context => {
  const defaults = CatalogTable.defaultColumnsFunc(context);
  const kind = context.filters.kind?.value?.toLocaleLowerCase('en-US');
  if (!kind || !KINDS_WITH_STATUS.has(kind)) {
    return defaults;
  }
  // After the Name column (found by its field: titles are translated
  // elements; the first default column is a hidden title).
  const name = defaults.findIndex(
    column => column.field === 'resolved.entityRef',
  );
  const at = name === -1 ? 0 : name + 1;
  // With one more column the table would wrap names mid-word; a service's
  // name is what people scan for, so it keeps one line.
  const columns = defaults.map((column, i) =>
    i === name
      ? {
          ...column,
          cellStyle: {
            ...(typeof column.cellStyle === 'object' ? column.cellStyle : {}),
            whiteSpace: 'nowrap' as const,
          },
        }
      : column,
  );
  return [
    ...columns.slice(0, at),
    createWorkloadStatusColumn(),
    ...columns.slice(at),
  ];
};
