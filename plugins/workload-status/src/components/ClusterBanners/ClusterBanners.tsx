import { Box } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { ClusterState } from '@internal/plugin-workload-status-common';
import { formatRelative, formatTimestamp } from '../../format/relativeTime';

function dataAge(cluster: ClusterState, now: number): string {
  const age = formatRelative(cluster.lastSyncAt, now);
  return age
    ? `Showing its last known data, from ${age}.`
    : 'No data has been received from it yet.';
}

function ClusterBanner(props: { cluster: ClusterState; now: number }) {
  const { cluster, now } = props;
  const problem = cluster.reachable ? 'has stale data' : 'cannot be reached';
  return (
    <Alert
      severity={cluster.reachable ? 'warning' : 'error'}
      title={formatTimestamp(cluster.lastSyncAt)}
    >
      Cluster <strong>{cluster.name}</strong> {problem}
      {cluster.error ? ` (${cluster.error})` : ''}. {dataAge(cluster, now)} Its
      workloads show as Exception until it answers again.
    </Alert>
  );
}

/** A banner for each cluster that is unreachable or whose data is stale. */
export function ClusterBanners(props: { clusters: ClusterState[] }) {
  const now = Date.now();
  const troubled = props.clusters.filter(c => !c.reachable || c.stale);
  if (troubled.length === 0) return null;
  return (
    <Box display="flex" flexDirection="column" style={{ gap: 8 }}>
      {troubled.map(cluster => (
        <ClusterBanner key={cluster.name} cluster={cluster} now={now} />
      ))}
    </Box>
  );
}
