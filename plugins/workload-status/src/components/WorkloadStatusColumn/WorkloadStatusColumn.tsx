import useAsync from 'react-use/esm/useAsync';
import { Tooltip, Typography, makeStyles } from '@material-ui/core';
import { TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { CatalogTableRow } from '@backstage/plugin-catalog';
import {
  EntityStatusSummary,
  HEALTH_ORDER,
  Health,
  hasKubernetesAnnotations,
  isRollupRef,
} from '@workload-status/backstage-plugin-workload-status-common';
import { workloadStatusApiRef } from '../../api/types';
import { summaryBatcherFor } from '../../api/SummaryBatcher';
import { StatusChip } from '../StatusChip';
import { countsInWords } from '../RollupContent/countsInWords';
import { legibleColour } from '../../theme/legibleColour';

const useStyles = makeStyles(theme => ({
  // the theme's error red is below AA contrast as text on white
  unavailable: { color: legibleColour(theme, theme.palette.error.main) },
}));

function WorkloadStatusCell(props: {
  entityRef: string;
  onSummary: (summary: EntityStatusSummary) => void;
}) {
  const { entityRef, onSummary } = props;
  const classes = useStyles();
  const api = useApi(workloadStatusApiRef);
  const batcher = summaryBatcherFor(api);
  const { value, loading, error } = useAsync(
    () => batcher.load(entityRef),
    [batcher, entityRef],
  );
  if (loading) {
    return (
      <Typography variant="caption" aria-label="Loading status">
        …
      </Typography>
    );
  }
  if (error) {
    return (
      <Tooltip title={error.message}>
        <Typography
          variant="caption"
          className={classes.unavailable}
          tabIndex={0}
        >
          Status unavailable
        </Typography>
      </Tooltip>
    );
  }
  if (!value) return null;
  // Recorded on every render: the catalog may rebuild its columns (and so
  // this column's sort state) while the loaded value stays the same.
  onSummary(value);
  const chip = (
    <StatusChip
      lifecycle={value.lifecycle}
      health={value.health}
      reasons={value.reasons}
      since={value.since}
    />
  );
  if (!value.counts) return chip;
  // a System or Group: how many of its members are in each state
  return (
    <>
      {chip}{' '}
      <Typography variant="caption" data-testid="rollup-counts">
        {countsInWords(value.counts)}
      </Typography>
    </>
  );
}

/**
 * A catalog table column with each entity's workload status: a chip with the
 * reasons in its tooltip; on System and Group rows, their rollup with counts
 * per health. All rows of a page are fetched in one request.
 * Sorting puts the worst first; it orders the rows whose status has loaded
 * (those shown so far), the others go last.
 * @public
 */
export function createWorkloadStatusColumn(
  options: { title?: string } = {},
): TableColumn<CatalogTableRow> {
  const healthByRef = new Map<string, Health>();
  const rank = (row: CatalogTableRow): number => {
    const health = healthByRef.get(row.resolved.entityRef);
    return health ? HEALTH_ORDER.indexOf(health) : HEALTH_ORDER.length;
  };
  const record = (summary: EntityStatusSummary) => {
    healthByRef.set(summary.entityRef, summary.health);
  };
  return {
    title: options.title ?? 'Status',
    field: 'workloadStatus',
    // a chip on one line; the name beside it keeps its width
    cellStyle: { whiteSpace: 'nowrap' },
    customSort: (a, b) => rank(a) - rank(b),
    // Systems and Groups show their rollup (the worst of their members)
    render: row =>
      hasKubernetesAnnotations(row.entity) ||
      isRollupRef(row.resolved.entityRef) ? (
        <WorkloadStatusCell
          entityRef={row.resolved.entityRef}
          onSummary={summary =>
            record({ ...summary, entityRef: row.resolved.entityRef })
          }
        />
      ) : null,
  };
}
