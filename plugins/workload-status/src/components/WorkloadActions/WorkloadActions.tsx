import { ReactNode, useState } from 'react';
import {
  Button,
  ListItemText,
  Menu,
  MenuItem,
  TextField,
} from '@material-ui/core';
import ArrowDropDownIcon from '@material-ui/icons/ArrowDropDown';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  EntityStatus,
  WorkloadAction,
  WorkloadActionResponse,
  WorkloadStatus,
  workloadStatusWorkloadRestartPermission,
  workloadStatusWorkloadRollbackPermission,
  workloadStatusWorkloadScalePermission,
  workloadStatusWorkloadStopPermission,
} from '@workload-status/backstage-plugin-workload-status-common';
import { errorMessage } from '../../api/errorMessage';
import { useWorkloadAction } from '../../hooks/useWorkloadAction';
import { ConfirmActionDialog } from '../CronJobActions/ConfirmActionDialog';

type Action = Exclude<WorkloadAction, 'delete-pod'>;

interface ActionText {
  item: string;
  title: (w: WorkloadStatus) => string;
  body: (w: WorkloadStatus) => ReactNode;
  confirm: string;
  done: (r: WorkloadActionResponse) => string;
}

const what = (w: { kind: string; name: string }) => `${w.kind} ${w.name}`;

const TEXTS: Record<Action, ActionText> = {
  restart: {
    item: 'Restart',
    title: w => `Restart ${what(w)}?`,
    body: () =>
      'New pods replace the running ones, by its rollout strategy (as kubectl rollout restart does).',
    confirm: 'Restart',
    done: r => `${what(r.object)} is restarting: new pods replace the old.`,
  },
  scale: {
    item: 'Scale…',
    title: w => `Scale ${what(w)}`,
    body: w =>
      `It runs ${
        w.replicas?.desired ?? 0
      } replicas now. How many should it run?`,
    confirm: 'Scale',
    done: r => `${what(r.object)} scaled to ${r.replicas} replicas.`,
  },
  stop: {
    item: 'Stop',
    title: w => `Stop ${what(w)}?`,
    body: w =>
      `It is scaled to zero: its ${
        w.replicas?.desired ?? ''
      } pods stop. Start brings the same number back.`,
    confirm: 'Stop',
    done: r => `${what(r.object)} stopped: scaled to zero.`,
  },
  start: {
    item: 'Start',
    title: w => `Start ${what(w)}?`,
    body: () =>
      'It is scaled back to the replicas it had when it was stopped here.',
    confirm: 'Start',
    done: r => `${what(r.object)} started with ${r.replicas} replicas.`,
  },
  rollback: {
    item: 'Roll back',
    title: w => `Roll back ${what(w)}?`,
    body: w =>
      `Its pod template goes back to the previous revision${
        w.revision ? ` (before revision ${w.revision})` : ''
      }, as kubectl rollout undo does; new pods replace the running ones.`,
    confirm: 'Roll back',
    done: r => `${what(r.object)} is rolling back to its previous revision.`,
  },
};

// the backend's refusal of a start with nothing remembered
const NOTHING_REMEMBERED = /no replica count is remembered/;

/**
 * The actions menu of one Deployment, StatefulSet or DaemonSet: restart,
 * scale, stop or start, roll back. An action the permission policy does
 * not allow is not offered; one that does not apply now is disabled with
 * the reason. Each asks first; the answer's status goes to `onStatus`.
 * Start asks how many replicas when the workload was scaled to zero
 * outside this plugin (nothing remembered).
 */
export function WorkloadActions(props: {
  entityRef: string;
  workload: WorkloadStatus & { cluster: string };
  onStatus: (status: EntityStatus) => void;
}) {
  const { entityRef, workload, onStatus } = props;
  const alertApi = useApi(alertApiRef);
  const act = useWorkloadAction(entityRef, workload);
  const allowed = {
    restart: usePermission({
      permission: workloadStatusWorkloadRestartPermission,
      resourceRef: entityRef,
    }).allowed,
    scale: usePermission({
      permission: workloadStatusWorkloadScalePermission,
      resourceRef: entityRef,
    }).allowed,
    stop: usePermission({
      permission: workloadStatusWorkloadStopPermission,
      resourceRef: entityRef,
    }).allowed,
    rollback: usePermission({
      permission: workloadStatusWorkloadRollbackPermission,
      resourceRef: entityRef,
    }).allowed,
  };
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  // kept after the dialog closes so its text does not vanish while it fades
  const [pending, setPending] = useState<Action | undefined>();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [replicas, setReplicas] = useState('');
  const [askReplicas, setAskReplicas] = useState(false);

  const desired = workload.replicas?.desired;
  const stopped = desired === 0;
  const scalable = workload.kind !== 'DaemonSet';
  const items: Array<{ action: Action; disabled?: string }> = [];
  if (allowed.restart) {
    items.push({
      action: 'restart',
      disabled: stopped ? 'Scaled to zero: start it instead' : undefined,
    });
  }
  if (allowed.scale && scalable) items.push({ action: 'scale' });
  if (allowed.stop && scalable)
    items.push({ action: stopped ? 'start' : 'stop' });
  if (allowed.rollback && workload.kind === 'Deployment') {
    items.push({
      action: 'rollback',
      disabled:
        !workload.revision || workload.revision === '1'
          ? 'No earlier revision to go back to'
          : undefined,
    });
  }
  if (items.length === 0) return null;

  const ask = (action: Action) => {
    setAnchor(null);
    setError(undefined);
    setAskReplicas(false);
    setReplicas(action === 'scale' ? String(desired ?? '') : '');
    setPending(action);
    setOpen(true);
  };
  const needsReplicas =
    pending === 'scale' || (pending === 'start' && askReplicas);
  const replicaCount = Number(replicas);
  const replicasValid =
    replicas.trim() !== '' &&
    Number.isInteger(replicaCount) &&
    replicaCount >= (pending === 'scale' ? 0 : 1);

  const confirm = async () => {
    if (!pending) return;
    setBusy(true);
    setError(undefined);
    try {
      const response = await act(
        pending,
        needsReplicas ? { replicas: replicaCount } : undefined,
      );
      onStatus(response.status);
      alertApi.post({
        message: response.changed
          ? TEXTS[pending].done(response)
          : `Nothing to change: ${what(workload)} was already ${
              pending === 'stop' ? 'stopped' : 'at that size'
            }.`,
        severity: response.changed ? 'success' : 'info',
        display: 'transient',
      });
      setOpen(false);
    } catch (e) {
      const message = errorMessage(e);
      if (
        pending === 'start' &&
        e instanceof ResponseError &&
        e.statusCode === 400 &&
        NOTHING_REMEMBERED.test(message)
      ) {
        // not a failure: a question the dialog asks in place of its text
        setAskReplicas(true);
        setError(undefined);
      } else {
        setError(`${TEXTS[pending].item.replace('…', '')} failed. ${message}`);
      }
    } finally {
      setBusy(false);
    }
  };

  const text = pending ? TEXTS[pending] : undefined;
  const menuId = `workload-actions-menu-${workload.namespace}-${workload.name}`;
  return (
    <>
      <Button
        variant="outlined"
        size="small"
        color="primary"
        endIcon={<ArrowDropDownIcon />}
        aria-haspopup="menu"
        aria-controls={anchor ? menuId : undefined}
        aria-label={`Actions on ${what(workload)}`}
        onClick={e => setAnchor(e.currentTarget)}
        data-testid={`workload-actions-${workload.cluster}-${workload.namespace}-${workload.name}`}
      >
        Actions
      </Button>
      <Menu
        id={menuId}
        anchorEl={anchor}
        keepMounted={false}
        open={!!anchor}
        onClose={() => setAnchor(null)}
      >
        {items.map(({ action, disabled }) => (
          <MenuItem
            key={action}
            disabled={!!disabled}
            onClick={() => ask(action)}
            data-testid={`workload-action-${action}`}
          >
            <ListItemText primary={TEXTS[action].item} secondary={disabled} />
          </MenuItem>
        ))}
      </Menu>
      <ConfirmActionDialog
        open={open}
        title={text?.title(workload) ?? ''}
        confirmLabel={text?.confirm ?? ''}
        confirmDisabled={needsReplicas && !replicasValid}
        busy={busy}
        error={error}
        onConfirm={confirm}
        onCancel={() => !busy && setOpen(false)}
        testId={pending ? `workload-${pending}-dialog` : 'workload-dialog'}
      >
        {pending === 'start' && askReplicas
          ? `${what(
              workload,
            )} was scaled to zero outside this plugin, so the number of replicas it had is not known. How many should it start with?`
          : text?.body(workload)}
        {needsReplicas && (
          <TextField
            id={`workload-${pending}-replicas`}
            type="number"
            label="Replicas"
            margin="dense"
            fullWidth
            value={replicas}
            disabled={busy}
            onChange={e => setReplicas(e.target.value)}
            inputProps={{
              min: pending === 'scale' ? 0 : 1,
              step: 1,
              'data-testid': `workload-${pending}-dialog-replicas`,
            }}
          />
        )}
      </ConfirmActionDialog>
    </>
  );
}
