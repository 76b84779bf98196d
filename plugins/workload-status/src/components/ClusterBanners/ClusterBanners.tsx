import { Box } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { ClusterState } from '@workload-status/backstage-plugin-workload-status-common';
import { Link } from '@backstage/core-components';
import { formatRelative, formatTimestamp } from '../../format/relativeTime';
import { useClustersPageLink } from '../../hooks/useClustersPageLink';

function dataAge(cluster: ClusterState, now: number): string {
  const age = formatRelative(cluster.lastSyncAt, now);
  return age
    ? `Showing its last known data, from ${age}.`
    : 'No data has been received from it yet.';
}

function ClusterBanner(props: {
  cluster: ClusterState;
  now: number;
  clustersPage?: string;
}) {
  const { cluster, now, clustersPage } = props;
  const problem = cluster.reachable ? 'has stale data' : 'cannot be reached';
  return (
    <Alert
      severity={cluster.reachable ? 'warning' : 'error'}
      title={formatTimestamp(cluster.lastSyncAt)}
    >
      Cluster <strong>{cluster.name}</strong> {problem}
      {cluster.error ? ` (${cluster.error})` : ''}. {dataAge(cluster, now)} Its
      workloads show as Exception until it answers again.
      {clustersPage && (
        <>
          {' '}
          {/* the alert's own text colour, underlined: a blue link on the
              alert's dark red is neither legible nor told apart (WCAG 1.4.1) */}
          <Link to={clustersPage} color="inherit" underline="always">
            See the clusters page
          </Link>
          .
        </>
      )}
    </Alert>
  );
}

/**
 * A banner for each cluster that is unreachable or whose data is stale and
 * that holds (or may hold) the entity's objects. A cluster the backend says
 * does not affect the entity (`affectsEntity: false`: it had nothing there)
 * gets no banner: its note is among the reasons, a grey line.
 */
export function ClusterBanners(props: { clusters: ClusterState[] }) {
  const now = Date.now();
  const clustersPage = useClustersPageLink();
  const troubled = props.clusters.filter(
    c => (!c.reachable || c.stale) && c.affectsEntity !== false,
  );
  if (troubled.length === 0) return null;
  return (
    <Box display="flex" flexDirection="column" style={{ gap: 8 }}>
      {troubled.map(cluster => (
        <ClusterBanner
          key={cluster.name}
          cluster={cluster}
          now={now}
          clustersPage={clustersPage}
        />
      ))}
    </Box>
  );
}
