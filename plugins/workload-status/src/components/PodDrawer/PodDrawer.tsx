import { useState } from 'react';
import {
  Box,
  Drawer,
  IconButton,
  Tab,
  Tabs,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
  makeStyles,
} from '@material-ui/core';
import CloseIcon from '@material-ui/icons/Close';
import { Alert } from '@material-ui/lab';
import {
  ContainerSummary,
  PodSummary,
} from '@workload-status/backstage-plugin-workload-status-common';
import {
  formatAge,
  formatRelative,
  formatTimestamp,
} from '../../format/relativeTime';
import { StatusChip } from '../StatusChip';
import { ReasonList } from '../ReasonList';
import { LogAccess } from '../LogAccess';
import { PodLog } from '../PodLog';
import { PodEvents } from '../PodEvents';
import { DeletePodButton } from '../DeletePodButton';

type DrawerTab = 'details' | 'log' | 'events';

const useStyles = makeStyles(theme => ({
  paper: { width: 960, maxWidth: '100%', padding: theme.spacing(3) },
  tabs: { borderBottom: `1px solid ${theme.palette.divider}` },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(0.5),
    margin: theme.spacing(2, 0),
    '& dt': { fontWeight: theme.typography.fontWeightBold },
    '& dd': { margin: 0 },
  },
  image: { wordBreak: 'break-all' },
}));

/** `waiting: CrashLoopBackOff`, with the message below when there is one. */
function ContainerState({ container }: { container: ContainerSummary }) {
  const head = container.reason
    ? `${container.state}: ${container.reason}`
    : container.state;
  const exit =
    container.state === 'terminated' && container.exitCode !== undefined
      ? ` (exit code ${container.exitCode})`
      : '';
  return (
    <>
      <Typography variant="body2">
        {head}
        {exit}
      </Typography>
      {container.message && (
        <Typography variant="caption" color="textSecondary">
          {container.message}
        </Typography>
      )}
    </>
  );
}

function LastTermination(props: { container: ContainerSummary; now: number }) {
  const last = props.container.lastTermination;
  if (!last) return <>-</>;
  const parts = [
    last.reason,
    last.exitCode !== undefined ? `exit code ${last.exitCode}` : undefined,
    formatRelative(last.finishedAt, props.now),
  ].filter(Boolean);
  return (
    <span title={formatTimestamp(last.finishedAt)}>{parts.join(', ')}</span>
  );
}

function ContainersTable(props: { pod: PodSummary; now: number }) {
  const classes = useStyles();
  const { pod, now } = props;
  return (
    <Table size="small" aria-label={`Containers of ${pod.name}`}>
      <TableHead>
        <TableRow>
          <TableCell>Container</TableCell>
          <TableCell>State</TableCell>
          <TableCell>Ready</TableCell>
          <TableCell>Restarts</TableCell>
          <TableCell>Last termination</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {pod.containers.map(c => (
          <TableRow key={`${c.init ? 'init' : 'main'}/${c.name}`}>
            <TableCell>
              <Typography variant="body2">
                {c.name}
                {c.init ? ' (init)' : ''}
              </Typography>
              <Typography
                variant="caption"
                color="textSecondary"
                className={classes.image}
              >
                {c.image}
              </Typography>
            </TableCell>
            <TableCell>
              <ContainerState container={c} />
            </TableCell>
            <TableCell>{c.ready ? 'Yes' : 'No'}</TableCell>
            <TableCell>{c.restarts}</TableCell>
            <TableCell>
              <LastTermination container={c} now={now} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function PodDetails(props: { pod: PodSummary; now: number }) {
  const classes = useStyles();
  const { pod, now } = props;
  return (
    <>
      <dl className={classes.facts}>
        <dt>Namespace</dt>
        <dd>{pod.namespace}</dd>
        <dt>Node</dt>
        <dd>{pod.node ?? 'not scheduled'}</dd>
        <dt>Ready</dt>
        <dd>{pod.ready}</dd>
        <dt>Age</dt>
        <dd title={formatTimestamp(pod.createdAt)}>
          {formatAge(pod.createdAt, now) ?? 'unknown'}
        </dd>
        {pod.revision && (
          <>
            <dt>Revision</dt>
            <dd>
              {pod.revision}
              {pod.current === false ? ' (old revision)' : ''}
            </dd>
          </>
        )}
      </dl>
      {pod.reasons.length > 0 && (
        <Box mb={2}>
          <Typography variant="h6" component="h3">
            Why
          </Typography>
          <ReasonList reasons={pod.reasons} />
        </Box>
      )}
      <Typography variant="h6" component="h3">
        Containers
      </Typography>
      <ContainersTable pod={pod} now={now} />
    </>
  );
}

/**
 * The details of one pod: its facts, its reasons and its containers' states,
 * and (given the entity and cluster) its service log and its events in tabs.
 * `gone` says the pod has left the cluster since the drawer was opened; the
 * drawer then keeps its last known state rather than closing under the
 * reader's eyes. The chosen tab and the log settings are kept per pod name,
 * so a status refresh changes neither.
 */
export function PodDrawer(props: {
  pod?: PodSummary;
  gone?: boolean;
  open: boolean;
  onClose: () => void;
  /** with `cluster`: the Log and Events tabs */
  entityRef?: string;
  cluster?: string;
}) {
  const classes = useStyles();
  const { pod, gone, open, onClose, entityRef, cluster } = props;
  const [tab, setTab] = useState<{ pod?: string; value: DrawerTab }>({
    value: 'details',
  });
  const now = Date.now();
  const titleId = pod
    ? `pod-drawer-title-${pod.namespace}-${pod.name}`
    : undefined;
  const current: DrawerTab = tab.pod === pod?.name ? tab.value : 'details';
  const diagnostics = !!entityRef && !!cluster;
  const tabId = (value: DrawerTab) => `pod-drawer-tab-${value}`;
  const panelId = (value: DrawerTab) => `pod-drawer-panel-${value}`;
  return (
    <Drawer
      anchor="right"
      open={open && !!pod}
      onClose={onClose}
      PaperProps={{
        className: classes.paper,
        role: 'dialog',
        'aria-labelledby': titleId,
      }}
    >
      {pod && (
        <>
          <Box
            display="flex"
            alignItems="center"
            justifyContent="space-between"
          >
            <Typography variant="h5" id={titleId}>
              Pod {pod.name}
            </Typography>
            <Box display="flex" alignItems="center" style={{ gap: 8 }}>
              {diagnostics && !gone && (
                <DeletePodButton
                  entityRef={entityRef!}
                  pod={{
                    cluster: cluster!,
                    namespace: pod.namespace,
                    name: pod.name,
                  }}
                />
              )}
              <IconButton aria-label="Close" onClick={onClose}>
                <CloseIcon />
              </IconButton>
            </Box>
          </Box>
          {gone && (
            <Alert severity="info">
              This pod no longer exists; showing its last known state.
            </Alert>
          )}
          <Box mt={1}>
            <StatusChip
              lifecycle={pod.lifecycle}
              health={pod.health}
              reasons={pod.reasons}
            />
          </Box>
          {diagnostics && (
            <Tabs
              value={current}
              onChange={(_e, value: DrawerTab) =>
                setTab({ pod: pod.name, value })
              }
              aria-label={`Pod ${pod.name}`}
              className={classes.tabs}
              indicatorColor="primary"
            >
              <Tab
                label="Details"
                value="details"
                id={tabId('details')}
                aria-controls={panelId('details')}
              />
              <Tab
                label="Log"
                value="log"
                id={tabId('log')}
                aria-controls={panelId('log')}
              />
              <Tab
                label="Events"
                value="events"
                id={tabId('events')}
                aria-controls={panelId('events')}
              />
            </Tabs>
          )}
          <div
            role={diagnostics ? 'tabpanel' : undefined}
            id={panelId(current)}
            aria-labelledby={diagnostics ? tabId(current) : undefined}
          >
            {current === 'details' && <PodDetails pod={pod} now={now} />}
            {current === 'log' && entityRef && cluster && (
              <Box mt={1}>
                <LogAccess entityRef={entityRef}>
                  <PodLog
                    key={pod.name}
                    entityRef={entityRef}
                    cluster={cluster}
                    pod={pod}
                  />
                </LogAccess>
              </Box>
            )}
            {current === 'events' && entityRef && cluster && (
              <Box mt={2}>
                <PodEvents
                  entityRef={entityRef}
                  cluster={cluster}
                  podName={pod.name}
                />
              </Box>
            )}
          </div>
        </>
      )}
    </Drawer>
  );
}
