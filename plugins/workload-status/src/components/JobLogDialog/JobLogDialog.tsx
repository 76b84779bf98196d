import { LinearProgress } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import { ClusterObjectRef, workloadStatusApiRef } from '../../api/types';
import { errorMessage } from '../../api/errorMessage';
import { LogDialog } from '../LogDialog';
import { LogView, saveFile } from '../LogView';

/** How much of a run's log to show; the download has the same lines. */
const RUN_LOG_TAIL = 5000;

function JobLogContent(props: { entityRef: string; job: ClusterObjectRef }) {
  const api = useApi(workloadStatusApiRef);
  const { entityRef, job } = props;
  const { value, loading, error } = useAsync(
    () => api.getJobLog(entityRef, job, { tailLines: RUN_LOG_TAIL }),
    [api, entityRef, job.cluster, job.namespace, job.name],
  );
  if (loading) return <LinearProgress aria-label="Loading log" />;
  if (error) {
    return (
      <Alert severity="error" role="alert">
        Could not read the log of run {job.name}: {errorMessage(error)}
      </Alert>
    );
  }
  const text = (value ?? '').replace(/\r?\n$/, '');
  return (
    <LogView
      text={text}
      label={`Log of run ${job.name}`}
      testId="job-log"
      onDownload={() =>
        saveFile(new Blob([text], { type: 'text/plain' }), `${job.name}.log`)
      }
    />
  );
}

/** The log of one run of a CronJob (its newest pod). */
export function JobLogDialog(props: {
  entityRef: string;
  job?: ClusterObjectRef;
  onClose: () => void;
}) {
  const { entityRef, job, onClose } = props;
  return (
    <LogDialog
      open={!!job}
      titleId="job-log-dialog-title"
      title={job ? `Log of run ${job.name}` : ''}
      onClose={onClose}
    >
      {() => job && <JobLogContent entityRef={entityRef} job={job} />}
    </LogDialog>
  );
}
