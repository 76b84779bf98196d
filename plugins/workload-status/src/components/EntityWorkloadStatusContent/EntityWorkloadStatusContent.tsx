import {
  Box,
  Grid,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import {
  ClusterState,
  StatusCore,
  WorkloadStatus,
} from '@internal/plugin-workload-status-common';
import { useEntityStatus } from '../../hooks/useEntityStatus';
import { ReasonList, StatusChip } from '../StatusChip';

/** The components of the first seed, in its order, with their labels. */
const COMPONENT_ORDER: Array<[keyof WorkloadStatus['components'], string]> = [
  ['build', 'Build'],
  ['deployment', 'Deployment'],
  ['pods', 'Pod'],
  ['cronjob', 'CronJob'],
  ['job', 'Job'],
  ['pod', 'Pod'],
];

function ClusterBanner({ cluster }: { cluster: ClusterState }) {
  if (cluster.reachable && !cluster.stale) return null;
  const since = cluster.lastSyncAt
    ? `data from ${new Date(cluster.lastSyncAt).toLocaleString()}`
    : 'no data yet';
  return (
    <Alert severity="warning" role="alert">
      Cluster <strong>{cluster.name}</strong> is{' '}
      {cluster.reachable ? 'stale' : 'unreachable'} ({since})
      {cluster.error ? `: ${cluster.error}` : ''}
    </Alert>
  );
}

function ComponentChips({ workload }: { workload: WorkloadStatus }) {
  return (
    <Box display="flex" flexWrap="wrap" style={{ gap: 8 }}>
      {COMPONENT_ORDER.map(([key, label]) => {
        const component = workload.components[key] as StatusCore | undefined;
        if (!component) return null;
        return (
          <StatusChip
            key={key}
            label={label}
            lifecycle={component.lifecycle}
            health={component.health}
            reasons={component.reasons}
          />
        );
      })}
    </Box>
  );
}

function PodsTable({ workload }: { workload: WorkloadStatus }) {
  if (workload.pods.length === 0) return null;
  return (
    <Table size="small" aria-label={`Pods of ${workload.name}`}>
      <TableHead>
        <TableRow>
          <TableCell>Pod</TableCell>
          <TableCell>Status</TableCell>
          <TableCell>Ready</TableCell>
          <TableCell>Restarts</TableCell>
          <TableCell>Node</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {workload.pods.map(pod => (
          <TableRow key={pod.name}>
            <TableCell>{pod.name}</TableCell>
            <TableCell>
              <StatusChip
                lifecycle={pod.lifecycle}
                health={pod.health}
                reasons={pod.reasons}
              />
            </TableCell>
            <TableCell>{pod.ready}</TableCell>
            <TableCell>{pod.restarts}</TableCell>
            <TableCell>{pod.node ?? '-'}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function WorkloadCard({ workload }: { workload: WorkloadStatus }) {
  const where = [workload.cluster, workload.namespace].filter(Boolean).join(' / ');
  return (
    <InfoCard
      title={`${workload.kind} ${workload.name}`}
      subheader={where}
    >
      <Box mb={2}>
        <StatusChip
          lifecycle={workload.lifecycle}
          health={workload.health}
          reasons={workload.reasons}
        />
        {workload.replicas && (
          <Typography variant="body2" component="span" style={{ marginLeft: 16 }}>
            {workload.replicas.ready}/{workload.replicas.desired} ready,{' '}
            {workload.replicas.updated} updated
          </Typography>
        )}
      </Box>
      <ComponentChips workload={workload} />
      <Box mt={2}>
        <PodsTable workload={workload} />
      </Box>
    </InfoCard>
  );
}

/** The Status tab of an entity page. @public */
export function EntityWorkloadStatusContent() {
  const { status, loading, error } = useEntityStatus();
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!status) return null;
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <InfoCard title="Workload status">
          <Box display="flex" alignItems="center" style={{ gap: 16 }}>
            <StatusChip
              lifecycle={status.lifecycle}
              health={status.health}
              reasons={status.reasons}
            />
            <Typography variant="body2" color="textSecondary">
              Updated {new Date(status.updatedAt).toLocaleTimeString()}
            </Typography>
          </Box>
          <Box mt={2}>
            <ReasonList reasons={status.reasons} />
          </Box>
        </InfoCard>
      </Grid>
      {status.clusters.map(cluster => (
        <Grid item xs={12} key={`banner-${cluster.name}`}>
          <ClusterBanner cluster={cluster} />
        </Grid>
      ))}
      {status.workloads.length === 0 && (
        <Grid item xs={12}>
          <Typography>
            No Kubernetes workloads match this entity on any configured cluster.
          </Typography>
        </Grid>
      )}
      {status.workloads.map(w => (
        <Grid item xs={12} key={`${w.cluster}/${w.namespace}/${w.kind}/${w.name}`}>
          <WorkloadCard workload={w} />
        </Grid>
      ))}
    </Grid>
  );
}
