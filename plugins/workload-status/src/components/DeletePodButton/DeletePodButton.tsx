import { useState } from 'react';
import { Button } from '@material-ui/core';
import DeleteIcon from '@material-ui/icons/Delete';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  EntityStatus,
  workloadStatusPodDeletePermission,
} from '@workload-status/backstage-plugin-workload-status-common';
import { ClusterObjectRef } from '../../api/types';
import { errorMessage } from '../../api/errorMessage';
import { useDeletePod } from '../../hooks/useDeletePod';
import { ConfirmActionDialog } from '../CronJobActions/ConfirmActionDialog';

/**
 * Deletes one pod, after asking; offered only when the permission policy
 * allows it. Its controller makes a new pod: the usual cure of a pod that
 * is stuck. The answer's status goes to `onStatus` when given.
 */
export function DeletePodButton(props: {
  entityRef: string;
  pod: ClusterObjectRef;
  onStatus?: (status: EntityStatus) => void;
}) {
  const { entityRef, pod, onStatus } = props;
  const alertApi = useApi(alertApiRef);
  const deletePod = useDeletePod(entityRef);
  const { allowed } = usePermission({
    permission: workloadStatusPodDeletePermission,
    resourceRef: entityRef,
  });
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  if (!allowed) return null;

  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const response = await deletePod(pod);
      onStatus?.(response.status);
      alertApi.post({
        message: `Pod ${pod.name} deleted: its controller starts a new one.`,
        severity: 'success',
        display: 'transient',
      });
      setOpen(false);
    } catch (e) {
      setError(`Deleting pod ${pod.name} failed. ${errorMessage(e)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button
        variant="outlined"
        color="secondary"
        size="small"
        startIcon={<DeleteIcon />}
        onClick={() => {
          setError(undefined);
          setOpen(true);
        }}
        aria-haspopup="dialog"
        aria-label={`Delete pod ${pod.name}`}
        data-testid="pod-delete"
      >
        Delete pod
      </Button>
      <ConfirmActionDialog
        open={open}
        title={`Delete pod ${pod.name}?`}
        confirmLabel="Delete pod"
        destructive
        busy={busy}
        error={error}
        onConfirm={confirm}
        onCancel={() => !busy && setOpen(false)}
        testId="pod-delete-dialog"
      >
        The pod stops now and its controller (Deployment, StatefulSet, …) starts
        a new one in its place. A pod no controller owns is not replaced.
      </ConfirmActionDialog>
    </>
  );
}
