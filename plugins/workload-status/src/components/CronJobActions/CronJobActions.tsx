import { ReactElement, ReactNode, useState } from 'react';
import { Box, Button, Typography } from '@material-ui/core';
import PauseIcon from '@material-ui/icons/Pause';
import PlayArrowIcon from '@material-ui/icons/PlayArrow';
import PlayCircleOutlineIcon from '@material-ui/icons/PlayCircleOutline';
import DeleteForeverIcon from '@material-ui/icons/DeleteForever';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  CronJobAction,
  CronJobActionResponse,
  EntityStatus,
  workloadStatusCronJobDeletePermission,
  workloadStatusCronJobRunPermission,
  workloadStatusCronJobSuspendPermission,
} from '@workload-status/backstage-plugin-workload-status-common';
import { ClusterObjectRef, workloadStatusApiRef } from '../../api/types';
import { errorMessage } from '../../api/errorMessage';
import { ConfirmActionDialog } from './ConfirmActionDialog';

interface ActionText {
  button: string;
  icon: ReactElement;
  title: (name: string) => string;
  body: (name: string) => ReactNode;
  confirm: string;
  done: (response: CronJobActionResponse) => string;
}

const TEXTS: Record<CronJobAction, ActionText> = {
  suspend: {
    button: 'Stop',
    icon: <PauseIcon />,
    title: name => `Stop CronJob ${name}?`,
    body: () =>
      'No new runs will be scheduled until it is resumed. A run in progress goes on. Resume undoes this.',
    confirm: 'Stop',
    done: r => `CronJob ${r.cronJob.name} stopped: no new runs are scheduled.`,
  },
  resume: {
    button: 'Resume',
    icon: <PlayArrowIcon />,
    title: name => `Resume CronJob ${name}?`,
    body: () => 'Runs are scheduled again from the next scheduled time.',
    confirm: 'Resume',
    done: r => `CronJob ${r.cronJob.name} resumed.`,
  },
  run: {
    button: 'Run now',
    icon: <PlayCircleOutlineIcon />,
    title: name => `Run CronJob ${name} now?`,
    body: () =>
      'A Job is created from its template now, outside the schedule, and shows in the job history as manual.',
    confirm: 'Run now',
    done: r =>
      r.job
        ? `Job ${r.job.name} created from CronJob ${r.cronJob.name}.`
        : `CronJob ${r.cronJob.name} started a run.`,
  },
  delete: {
    button: 'Delete',
    icon: <DeleteForeverIcon />,
    title: name => `Delete CronJob ${name}?`,
    body: name => (
      <>
        This deletes CronJob <strong>{name}</strong> from the cluster, with its
        Jobs and their pods. It cannot be undone here: the CronJob comes back
        only if your deployment tooling applies it again. To pause runs, use
        Stop instead.
      </>
    ),
    confirm: 'Delete CronJob',
    done: r => `CronJob ${r.cronJob.name} deleted.`,
  },
};

/**
 * Stop, Resume, Run now and Delete for one CronJob, each shown only when the
 * permission policy allows it, each behind a confirmation. Delete asks for
 * the CronJob's name. The answer's status is shown at once through
 * `onStatus`; the dialog's state lives here, so status refreshes while it is
 * open do not close it.
 */
export function CronJobActions(props: {
  entityRef: string;
  cronJob: ClusterObjectRef;
  suspended: boolean;
  onStatus: (status: EntityStatus) => void;
}) {
  const { entityRef, cronJob, suspended, onStatus } = props;
  const api = useApi(workloadStatusApiRef);
  const alertApi = useApi(alertApiRef);
  const canSuspend = usePermission({
    permission: workloadStatusCronJobSuspendPermission,
    resourceRef: entityRef,
  });
  const canRun = usePermission({
    permission: workloadStatusCronJobRunPermission,
    resourceRef: entityRef,
  });
  const canDelete = usePermission({
    permission: workloadStatusCronJobDeletePermission,
    resourceRef: entityRef,
  });
  // The action stays set after the dialog closes, so its text does not
  // vanish during the closing transition.
  const [pending, setPending] = useState<CronJobAction | undefined>();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();

  const ask = (action: CronJobAction) => {
    setError(undefined);
    setPending(action);
    setOpen(true);
  };
  const cancel = () => {
    if (!busy) setOpen(false);
  };
  const confirm = async () => {
    if (!pending) return;
    setBusy(true);
    setError(undefined);
    try {
      const response = await api.cronJobAction(entityRef, pending, cronJob);
      onStatus(response.status);
      alertApi.post({
        message: response.changed
          ? TEXTS[pending].done(response)
          : `Nothing to change: CronJob ${response.cronJob.name} was already ${
              pending === 'suspend' ? 'stopped' : 'running'
            }.`,
        severity: response.changed ? 'success' : 'info',
        display: 'transient',
      });
      setOpen(false);
    } catch (e) {
      setError(
        `${TEXTS[pending].button} failed for CronJob ${
          cronJob.name
        }. ${errorMessage(e)}`,
      );
    } finally {
      setBusy(false);
    }
  };

  const toggle: CronJobAction = suspended ? 'resume' : 'suspend';
  const buttons: Array<{ action: CronJobAction; testId: string }> = [];
  if (canSuspend.allowed)
    buttons.push({ action: toggle, testId: `cronjob-${toggle}` });
  if (canRun.allowed) buttons.push({ action: 'run', testId: 'cronjob-run' });
  if (buttons.length === 0 && !canDelete.allowed) return null;

  const text = pending ? TEXTS[pending] : undefined;
  return (
    <Box
      display="flex"
      flexWrap="wrap"
      alignItems="center"
      role="group"
      aria-label={`Actions on CronJob ${cronJob.name}`}
      style={{ gap: 8 }}
      my={1}
    >
      {buttons.map(({ action, testId }) => (
        <Button
          key={action}
          variant="outlined"
          color="primary"
          size="small"
          startIcon={TEXTS[action].icon}
          onClick={() => ask(action)}
          aria-haspopup="dialog"
          data-testid={testId}
        >
          {TEXTS[action].button}
        </Button>
      ))}
      {canDelete.allowed && (
        <Box ml={buttons.length > 0 ? 4 : 0}>
          <Button
            variant="outlined"
            color="secondary"
            size="small"
            startIcon={TEXTS.delete.icon}
            onClick={() => ask('delete')}
            aria-haspopup="dialog"
            aria-label={`Delete CronJob ${cronJob.name}`}
            data-testid="cronjob-delete"
          >
            Delete
          </Button>
        </Box>
      )}
      {suspended && (
        <Typography variant="caption" color="textSecondary">
          Stopped: no runs are scheduled.
        </Typography>
      )}
      <ConfirmActionDialog
        open={open}
        title={text?.title(cronJob.name) ?? ''}
        confirmLabel={text?.confirm ?? ''}
        destructive={pending === 'delete'}
        typeToConfirm={pending === 'delete' ? cronJob.name : undefined}
        busy={busy}
        error={error}
        onConfirm={confirm}
        onCancel={cancel}
        testId={pending ? `cronjob-${pending}-dialog` : 'cronjob-dialog'}
      >
        {text?.body(cronJob.name)}
      </ConfirmActionDialog>
    </Box>
  );
}
