import useAsync from 'react-use/esm/useAsync';
import { Typography } from '@material-ui/core';
import { TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { CatalogTableRow } from '@backstage/plugin-catalog';
import {
  HEALTH_ORDER,
  hasKubernetesAnnotations,
} from '@internal/plugin-workload-status-common';
import { WorkloadStatusApi, workloadStatusApiRef } from '../../api/types';
import { SummaryBatcher } from '../../api/SummaryBatcher';
import { StatusChip } from '../StatusChip';

// One batcher per API instance: every cell of a page shares it, so a page
// of rows costs one summaries request.
const batchers = new WeakMap<WorkloadStatusApi, SummaryBatcher>();
function batcherFor(api: WorkloadStatusApi): SummaryBatcher {
  let batcher = batchers.get(api);
  if (!batcher) {
    batcher = new SummaryBatcher(api);
    batchers.set(api, batcher);
  }
  return batcher;
}
// The last batcher used, for sorting (which has no hooks to reach the API).
let lastBatcher: SummaryBatcher | undefined;

function WorkloadStatusCell({ entityRef }: { entityRef: string }) {
  const api = useApi(workloadStatusApiRef);
  const batcher = batcherFor(api);
  lastBatcher = batcher;
  const { value, loading, error } = useAsync(
    () => batcher.load(entityRef),
    [batcher, entityRef],
  );
  if (loading) return <Typography variant="caption">…</Typography>;
  if (error) {
    return (
      <Typography variant="caption" color="error" title={error.message}>
        unavailable
      </Typography>
    );
  }
  if (!value) return null;
  return (
    <StatusChip
      lifecycle={value.lifecycle}
      health={value.health}
      reasons={value.reasons}
    />
  );
}

function severityRank(entityRef: string): number {
  const health = lastBatcher?.peek(entityRef)?.health;
  return health ? HEALTH_ORDER.indexOf(health) : HEALTH_ORDER.length;
}

/**
 * A catalog table column with each entity's workload status, sorted by
 * severity (worst first).
 * @public
 */
export function createWorkloadStatusColumn(): TableColumn<CatalogTableRow> {
  return {
    title: 'Status',
    field: 'workloadStatus',
    customSort: (a, b) =>
      severityRank(a.resolved.entityRef) - severityRank(b.resolved.entityRef),
    render: row =>
      hasKubernetesAnnotations(row.entity) ? (
        <WorkloadStatusCell entityRef={row.resolved.entityRef} />
      ) : null,
  };
}
