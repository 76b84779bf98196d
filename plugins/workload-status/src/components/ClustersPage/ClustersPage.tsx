import {
  Box,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
  makeStyles,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import ErrorIcon from '@material-ui/icons/Error';
import HourglassIcon from '@material-ui/icons/HourglassEmpty';
import RemoveIcon from '@material-ui/icons/RemoveCircleOutline';
import {
  Content,
  EmptyState,
  Header,
  InfoCard,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import {
  ClusterHealth,
  ResourceTypeHealth,
  ResourceWatchState,
} from '@workload-status/backstage-plugin-workload-status-common';
import { errorMessage } from '../../api/errorMessage';
import { formatRelative, formatTimestamp } from '../../format/relativeTime';
import { useClusters } from '../../hooks/useClusters';

const useStyles = makeStyles(theme => ({
  state: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    fontWeight: theme.typography.fontWeightBold as number,
  },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(0.5),
    margin: theme.spacing(0, 0, 2, 0),
    '& dt': { fontWeight: theme.typography.fontWeightBold as number },
    '& dd': { margin: 0 },
  },
  error: { wordBreak: 'break-word' },
  nowrap: { whiteSpace: 'nowrap' },
}));

/** A cluster in one word: what an operator asks first. */
function clusterState(c: ClusterHealth): 'Up' | 'Down' | 'Stale' | 'Syncing' {
  if (!c.reachable) return c.lastError || c.synced ? 'Down' : 'Syncing';
  if (!c.synced) return 'Syncing';
  return c.stale ? 'Stale' : 'Up';
}

const STATE_ICONS = {
  Up: CheckCircleIcon,
  Down: ErrorIcon,
  Stale: HourglassIcon,
  Syncing: HourglassIcon,
};

const WATCH_WORDS: Record<
  ResourceWatchState,
  { word: string; icon: typeof CheckCircleIcon }
> = {
  watching: { word: 'Watching', icon: CheckCircleIcon },
  listing: { word: 'Listing', icon: HourglassIcon },
  failing: { word: 'Failing', icon: ErrorIcon },
  absent: { word: 'Not installed', icon: RemoveIcon },
};

/** A state as icon and word: never colour alone. */
function StateWord(props: { word: string; icon: typeof CheckCircleIcon }) {
  const classes = useStyles();
  const Icon = props.icon;
  return (
    <span className={classes.state}>
      <Icon fontSize="small" aria-hidden />
      {props.word}
    </span>
  );
}

function When(props: { time?: string; now: number }) {
  const age = formatRelative(props.time, props.now);
  if (!age) return <>never</>;
  return (
    <time dateTime={props.time} title={formatTimestamp(props.time)}>
      {age}
    </time>
  );
}

function yesNo(value: boolean) {
  return value ? 'yes' : 'no';
}

function ResourceTable(props: {
  cluster: string;
  /** the cluster's own error: a type failing the same way says so briefly */
  clusterError?: string;
  resources: ResourceTypeHealth[];
  now: number;
}) {
  const classes = useStyles();
  const heading = (text: string, align?: 'right') => (
    <TableCell
      component="th"
      scope="col"
      align={align}
      className={classes.nowrap}
    >
      {text}
    </TableCell>
  );
  return (
    <Table
      size="small"
      aria-label={`Resource types watched in ${props.cluster}`}
    >
      <TableHead>
        <TableRow>
          {heading('Resource type')}
          {heading('Watch')}
          {heading('Listed')}
          {heading('Objects', 'right')}
          {heading('Last news')}
          {heading('Error')}
        </TableRow>
      </TableHead>
      <TableBody>
        {props.resources.map(r => (
          <TableRow key={r.resource}>
            <TableCell component="th" scope="row">
              {r.resource} ({r.kind})
            </TableCell>
            <TableCell className={classes.nowrap}>
              <StateWord {...WATCH_WORDS[r.watch]} />
            </TableCell>
            <TableCell>
              {yesNo(r.synced)} ({r.lists} lists, {r.watches} watches)
            </TableCell>
            <TableCell align="right">{r.objects}</TableCell>
            <TableCell className={classes.nowrap}>
              <When time={r.lastSyncAt} now={props.now} />
            </TableCell>
            <TableCell className={classes.error}>
              {r.lastError && r.lastError === props.clusterError
                ? "the cluster's last error"
                : r.lastError ?? ''}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function ClusterCard(props: { cluster: ClusterHealth; now: number }) {
  const classes = useStyles();
  const { cluster, now } = props;
  const state = clusterState(cluster);
  const failing = cluster.resources.filter(r => r.watch === 'failing').length;
  return (
    // a named region per cluster: found by its name, as a reader would
    <section
      aria-label={`Cluster ${cluster.name}`}
      id={`cluster-${cluster.name}`}
    >
      <InfoCard
        title={
          <Box display="flex" alignItems="center" style={{ gap: 12 }}>
            <span>{cluster.name}</span>
            <StateWord word={state} icon={STATE_ICONS[state]} />
          </Box>
        }
        subheader={
          failing
            ? `${failing} of ${cluster.resources.length} resource types failing`
            : `${cluster.resources.length} resource types watched`
        }
      >
        <>
          <dl className={classes.facts}>
            <dt>Reachable</dt>
            <dd>{yesNo(cluster.reachable)}</dd>
            <dt>Synced</dt>
            <dd>
              {yesNo(cluster.synced)}
              {cluster.synced
                ? ''
                : ' (not every resource type has been listed yet)'}
            </dd>
            <dt>Last sync</dt>
            <dd>
              <When time={cluster.lastSyncAt} now={now} />
              {cluster.stale && cluster.lastSyncAt
                ? ' (stale: statuses show its last known objects as Exception)'
                : ''}
            </dd>
            {cluster.lastError && (
              <>
                <dt>Last error</dt>
                <dd className={classes.error}>{cluster.lastError}</dd>
              </>
            )}
          </dl>
          <ResourceTable
            cluster={cluster.name}
            clusterError={cluster.lastError}
            resources={cluster.resources}
            now={now}
          />
        </>
      </InfoCard>
    </section>
  );
}

/** The clusters and their watches, or why they cannot be shown. */
export function ClustersContent(props: { refreshIntervalMs?: number }) {
  const { clusters, loading, forbidden, error } = useClusters({
    refreshIntervalMs: props.refreshIntervalMs,
  });
  if (loading) return <Progress />;
  if (forbidden) {
    return (
      <EmptyState
        missing="info"
        title="You may not read cluster health"
        description="The clusters page needs the Kubernetes plugin's kubernetes.clusters.read permission; ask your Backstage administrator for it. Each entity's Status tab still says whether its clusters answer."
      />
    );
  }
  if (error && !clusters) return <ResponseErrorPanel error={error} />;
  if (!clusters?.length) {
    return (
      <EmptyState
        missing="content"
        title="No clusters are watched"
        description="Configure clusters under kubernetes.clusterLocatorMethods in app-config."
      />
    );
  }
  const now = Date.now();
  return (
    <Box display="flex" flexDirection="column" style={{ gap: 16 }}>
      {error && (
        <Alert severity="warning">
          Refreshing failed ({errorMessage(error)}); this is the last answer,
          retried shortly.
        </Alert>
      )}
      <Typography variant="body2">
        {clusters.filter(c => clusterState(c) === 'Up').length} of{' '}
        {clusters.length} clusters up. A cluster that is down turns the
        workloads it held into Exception, shown as last seen; entities with
        nothing there only get a note.
      </Typography>
      {clusters.map(c => (
        <ClusterCard key={c.name} cluster={c} now={now} />
      ))}
    </Box>
  );
}

/**
 * The clusters page: per cluster, whether it answers, whether every
 * resource type has been listed, when it last said something, and each
 * resource type's watch. Behind `kubernetes.clusters.read`.
 */
export function ClustersPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Clusters"
        subtitle="The Kubernetes clusters Workload Status watches, and how each watch is doing"
      />
      <Content>
        <ClustersContent />
      </Content>
    </Page>
  );
}
