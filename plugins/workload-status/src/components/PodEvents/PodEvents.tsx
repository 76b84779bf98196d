import { LinearProgress } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import { workloadStatusApiRef } from '../../api/types';
import { errorMessage } from '../../api/errorMessage';
import { EventsTable } from '../EventsTable';

/** The events about one pod, warnings first. */
export function PodEvents(props: {
  entityRef: string;
  cluster: string;
  podName: string;
}) {
  const api = useApi(workloadStatusApiRef);
  const { entityRef, cluster, podName } = props;
  const { value, loading, error } = useAsync(
    () => api.getEvents(entityRef, { objectKind: 'Pod', objectName: podName }),
    [api, entityRef, podName],
  );
  if (loading && !value) return <LinearProgress aria-label="Loading events" />;
  if (error) {
    return (
      <Alert severity="error" role="alert">
        Could not read the events of pod {podName}: {errorMessage(error)}
      </Alert>
    );
  }
  const events = (value?.items ?? []).filter(e => e.cluster === cluster);
  return (
    <EventsTable
      events={events}
      label={`Events of pod ${podName}`}
      showObject={false}
      emptyText="No events for this pod (Kubernetes keeps events for about an hour)."
    />
  );
}
