import { useMemo, useState } from 'react';
import {
  Box,
  MenuItem,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
  makeStyles,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import {
  Content,
  EmptyState,
  Header,
  InfoCard,
  Link,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ANNOTATION_KUBERNETES_CLUSTER,
  ANNOTATION_KUBERNETES_NAMESPACE,
  EntityStatusSummary,
  HEALTH_ORDER,
  Health,
  Reason,
} from '@workload-status/backstage-plugin-workload-status-common';
import { errorMessage } from '../../api/errorMessage';
import { useOwnedEntities } from '../../hooks/useOwnedEntities';
import { useEntitySummaries } from '../../hooks/useEntitySummaries';
import { HEALTH_WORDS, StatusChip } from '../StatusChip';

const useStyles = makeStyles(theme => ({
  filters: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
    marginBottom: theme.spacing(2),
  },
  select: { minWidth: 160 },
  nowrap: { whiteSpace: 'nowrap' },
}));

/** No filter: no cluster, namespace, kind or health is spelt `*`. */
const ALL = '*';

/** One row: an owned entity and, once loaded and readable, its summary. */
export interface OverviewRow {
  entityRef: string;
  entity: Entity;
  summary?: EntityStatusSummary;
  clusters: string[];
  namespaces: string[];
}

/**
 * Where an entity's workloads are: what the summary found, else what the
 * entity's annotations pin it to.
 */
function placesOf(
  entity: Entity,
  summary: EntityStatusSummary | undefined,
  field: 'clusters' | 'namespaces',
): string[] {
  const found = summary?.[field];
  if (found?.length) return found;
  const annotation =
    entity.metadata.annotations?.[
      field === 'clusters'
        ? ANNOTATION_KUBERNETES_CLUSTER
        : ANNOTATION_KUBERNETES_NAMESPACE
    ];
  return annotation ? [annotation] : [];
}

/** Worst first; entities without a status last; then by name. */
export function bySeverity(a: OverviewRow, b: OverviewRow): number {
  const rank = (r: OverviewRow) =>
    r.summary ? HEALTH_ORDER.indexOf(r.summary.health) : HEALTH_ORDER.length;
  return (
    rank(a) - rank(b) ||
    a.entity.metadata.name.localeCompare(b.entity.metadata.name) ||
    a.entityRef.localeCompare(b.entityRef)
  );
}

/**
 * The reason that explains the row's health, or none: a warning on a
 * healthy entity (a cluster it may not even run in was not read yet) is
 * not why it is green, and read as a top reason it says something is wrong.
 */
export function reasonBehind(
  summary: Pick<EntityStatusSummary, 'health' | 'reasons'>,
): Reason | undefined {
  const { health, reasons } = summary;
  if (health === 'error') {
    return (
      reasons.find(r => r.severity === 'error') ??
      reasons.find(r => r.severity !== 'info')
    );
  }
  if (health === 'warning' || health === 'unknown') {
    return reasons.find(r => r.severity !== 'info') ?? reasons[0];
  }
  return undefined;
}

function statusPath(entity: Entity): string {
  const namespace = entity.metadata.namespace ?? 'default';
  return `/catalog/${encodeURIComponent(namespace)}/${encodeURIComponent(
    entity.kind.toLocaleLowerCase('en-US'),
  )}/${encodeURIComponent(entity.metadata.name)}/status`;
}

function distinct(values: string[]): string[] {
  return [...new Set(values)].sort((a, b) => a.localeCompare(b));
}

function FilterSelect(props: {
  label: string;
  allLabel: string;
  value: string;
  options: Array<{ value: string; label: string }>;
  onChange: (value: string) => void;
}) {
  const classes = useStyles();
  const chosen = props.options.find(o => o.value === props.value);
  // the name holds the shown choice too, so that a voice command saying
  // what is on screen reaches the control
  const name = `${props.label}: ${chosen?.label ?? props.allLabel}`;
  return (
    <TextField
      select
      label={props.label}
      value={chosen ? props.value : ALL}
      className={classes.select}
      onChange={e => props.onChange(e.target.value)}
      SelectProps={{ SelectDisplayProps: { 'aria-label': name } }}
    >
      <MenuItem value={ALL}>{props.allLabel}</MenuItem>
      {props.options.map(o => (
        <MenuItem key={o.value} value={o.value}>
          {o.label}
        </MenuItem>
      ))}
    </TextField>
  );
}

function OverviewTable(props: { rows: OverviewRow[]; loading: boolean }) {
  const classes = useStyles();
  return (
    <Table size="small" aria-label="Statuses of the entities your groups own">
      <TableHead>
        <TableRow>
          <TableCell className={classes.nowrap}>Status</TableCell>
          <TableCell className={classes.nowrap}>Entity</TableCell>
          <TableCell className={classes.nowrap}>Kind</TableCell>
          <TableCell className={classes.nowrap}>Top reason</TableCell>
          <TableCell className={classes.nowrap}>Clusters</TableCell>
          <TableCell className={classes.nowrap}>Namespaces</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.rows.map(row => {
          const { entity, summary } = row;
          const top = summary && reasonBehind(summary);
          return (
            <TableRow key={row.entityRef} data-testid="team-overview-row">
              <TableCell className={classes.nowrap}>
                {summary && (
                  <StatusChip
                    lifecycle={summary.lifecycle}
                    health={summary.health}
                    reasons={summary.reasons}
                  />
                )}
                {!summary && (
                  <Typography variant="caption">
                    {props.loading ? 'Loading…' : 'No status'}
                  </Typography>
                )}
              </TableCell>
              <TableCell className={classes.nowrap}>
                <Link to={statusPath(entity)}>
                  {entity.metadata.title ?? entity.metadata.name}
                </Link>
              </TableCell>
              <TableCell className={classes.nowrap}>{entity.kind}</TableCell>
              <TableCell>{top ? `${top.code}: ${top.message}` : '—'}</TableCell>
              <TableCell className={classes.nowrap}>
                {row.clusters.join(', ') || '—'}
              </TableCell>
              <TableCell className={classes.nowrap}>
                {row.namespaces.join(', ') || '—'}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}

/** The owned entities' statuses, worst first, with filters. */
export function TeamOverviewContent(props: { refreshIntervalMs?: number }) {
  const classes = useStyles();
  const owned = useOwnedEntities();
  const entities = useMemo(() => owned.entities ?? [], [owned.entities]);
  const refs = useMemo(
    () => entities.map(e => stringifyEntityRef(e)),
    [entities],
  );
  const { summaries, loading, error, live } = useEntitySummaries(refs, {
    refreshIntervalMs: props.refreshIntervalMs,
  });
  const [cluster, setCluster] = useState(ALL);
  const [namespace, setNamespace] = useState(ALL);
  const [kind, setKind] = useState(ALL);
  const [health, setHealth] = useState(ALL);

  const rows = useMemo(
    () =>
      entities
        .map((entity, i): OverviewRow => {
          const summary = summaries.get(refs[i]);
          return {
            entityRef: refs[i],
            entity,
            summary,
            clusters: placesOf(entity, summary, 'clusters'),
            namespaces: placesOf(entity, summary, 'namespaces'),
          };
        })
        .sort(bySeverity),
    [entities, refs, summaries],
  );

  if (owned.loading) return <Progress />;
  if (owned.error) return <ResponseErrorPanel error={owned.error} />;
  if (!entities.length) {
    return (
      <EmptyState
        missing="content"
        title="Your groups own no entity with Kubernetes annotations"
        description="Entities show here when you or one of your groups owns them (spec.owner) and they carry backstage.io/kubernetes-id or backstage.io/kubernetes-label-selector, or are Systems and Groups."
      />
    );
  }

  const shown = rows.filter(
    r =>
      (cluster === ALL || r.clusters.includes(cluster)) &&
      (namespace === ALL || r.namespaces.includes(namespace)) &&
      (kind === ALL || r.entity.kind === kind) &&
      (health === ALL || r.summary?.health === health),
  );
  const healths = new Set(
    rows.flatMap(r => (r.summary ? [r.summary.health] : [])),
  );
  const options = (values: string[]) =>
    values.map(v => ({ value: v, label: v }));

  return (
    <InfoCard
      title="Entities your groups own"
      subheader={
        live
          ? 'Worst first; updated as they change'
          : 'Worst first; refreshed every few seconds'
      }
    >
      <Box>
        <div className={classes.filters} role="group" aria-label="Filters">
          <FilterSelect
            label="Cluster"
            allLabel="All clusters"
            value={cluster}
            options={options(distinct(rows.flatMap(r => r.clusters)))}
            onChange={setCluster}
          />
          <FilterSelect
            label="Namespace"
            allLabel="All namespaces"
            value={namespace}
            options={options(distinct(rows.flatMap(r => r.namespaces)))}
            onChange={setNamespace}
          />
          <FilterSelect
            label="Kind"
            allLabel="All kinds"
            value={kind}
            options={options(distinct(rows.map(r => r.entity.kind)))}
            onChange={setKind}
          />
          <FilterSelect
            label="Health"
            allLabel="All healths"
            value={health}
            options={HEALTH_ORDER.filter(h => healths.has(h)).map(
              (h: Health) => ({ value: h, label: HEALTH_WORDS[h] }),
            )}
            onChange={setHealth}
          />
        </div>
        {error && (
          <Alert severity="error" role="alert">
            Could not read the statuses: {errorMessage(error)}
          </Alert>
        )}
        <Typography variant="body2" role="status">
          {shown.length === rows.length
            ? `${rows.length} entities`
            : `${shown.length} of ${rows.length} entities`}
        </Typography>
        <OverviewTable rows={shown} loading={loading} />
      </Box>
    </InfoCard>
  );
}

/**
 * The team overview: every entity that the signed-in user's groups own and
 * that has a workload status, worst first, filterable by cluster, namespace,
 * kind and health, kept fresh like the Status tab.
 */
export function TeamOverviewPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Workload status"
        subtitle="What your groups own, and how it runs on Kubernetes"
      />
      <Content>
        <div data-workload-status="team-overview">
          <TeamOverviewContent />
        </div>
      </Content>
    </Page>
  );
}
