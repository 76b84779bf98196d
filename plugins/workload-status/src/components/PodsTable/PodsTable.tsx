import { useRef, useState } from 'react';
import {
  Link,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
  makeStyles,
} from '@material-ui/core';
import { PodSummary } from '@workload-status/backstage-plugin-workload-status-common';
import {
  formatAge,
  formatRelative,
  formatTimestamp,
} from '../../format/relativeTime';
import { StatusChip } from '../StatusChip';
import { PodDrawer } from '../PodDrawer';
import { ContainerUsage } from './ContainerUsage';

// With the usage columns the table is wide: short facts and headings stay
// on one line rather than break inside a word ("Rea dy").
const useStyles = makeStyles({
  oneLine: { whiteSpace: 'nowrap' },
});

/** `7 (5m ago)`, as kubectl prints RESTARTS. */
function restartsText(pod: PodSummary, now: number): string {
  const last = formatRelative(pod.lastRestartAt, now);
  return pod.restarts > 0 && last
    ? `${pod.restarts} (${last})`
    : `${pod.restarts}`;
}

/**
 * The pods of a workload as `kubectl get pods` lists them, each opening a
 * drawer with its containers. The open pod is remembered by name, so a
 * refresh that brings new data keeps the drawer open and up to date.
 */
export function PodsTable(props: {
  pods: PodSummary[];
  label: string;
  /** with `cluster`: the drawer shows each pod's log and events */
  entityRef?: string;
  cluster?: string;
}) {
  const { pods, label, entityRef, cluster } = props;
  const classes = useStyles();
  const [openName, setOpenName] = useState<string | undefined>();
  const lastSeen = useRef<PodSummary | undefined>();
  const now = Date.now();
  // usage columns only where the cluster has metrics-server
  const withUsage = pods.some(p => p.containers.some(c => c.usage));

  const live = openName ? pods.find(p => p.name === openName) : undefined;
  if (live) lastSeen.current = live;
  const shown = live ?? (openName ? lastSeen.current : undefined);

  const drawer = (
    <PodDrawer
      pod={shown}
      gone={!!openName && !live}
      open={!!openName}
      onClose={() => setOpenName(undefined)}
      entityRef={entityRef}
      cluster={cluster}
    />
  );
  // The drawer stays mounted when the last pod goes, so it does not close.
  if (pods.length === 0) {
    return (
      <>
        <Typography variant="body2">No pods.</Typography>
        {drawer}
      </>
    );
  }
  return (
    <>
      <Table size="small" aria-label={label}>
        <TableHead>
          <TableRow>
            <TableCell className={classes.oneLine}>Name</TableCell>
            <TableCell className={classes.oneLine}>Status</TableCell>
            <TableCell className={classes.oneLine}>Ready</TableCell>
            <TableCell className={classes.oneLine}>Restarts</TableCell>
            <TableCell className={classes.oneLine}>Age</TableCell>
            <TableCell className={classes.oneLine}>Node</TableCell>
            {withUsage && (
              <TableCell className={classes.oneLine}>CPU</TableCell>
            )}
            {withUsage && (
              <TableCell className={classes.oneLine}>Memory</TableCell>
            )}
          </TableRow>
        </TableHead>
        <TableBody>
          {pods.map(pod => (
            <TableRow key={pod.name}>
              <TableCell>
                <Link
                  component="button"
                  variant="body2"
                  onClick={() => setOpenName(pod.name)}
                  aria-haspopup="dialog"
                >
                  {pod.name}
                </Link>
                {pod.current === false && (
                  <Typography
                    variant="caption"
                    color="textSecondary"
                    component="div"
                  >
                    old revision
                  </Typography>
                )}
              </TableCell>
              <TableCell>
                <StatusChip
                  lifecycle={pod.lifecycle}
                  health={pod.health}
                  reasons={pod.reasons}
                />
              </TableCell>
              <TableCell className={classes.oneLine}>{pod.ready}</TableCell>
              <TableCell className={classes.oneLine}>
                {restartsText(pod, now)}
              </TableCell>
              <TableCell
                className={classes.oneLine}
                title={formatTimestamp(pod.createdAt)}
              >
                {formatAge(pod.createdAt, now) ?? '-'}
              </TableCell>
              <TableCell className={classes.oneLine}>
                {pod.node ?? '-'}
              </TableCell>
              {withUsage && (
                <TableCell>
                  <ContainerUsage containers={pod.containers} resource="cpu" />
                </TableCell>
              )}
              {withUsage && (
                <TableCell>
                  <ContainerUsage
                    containers={pod.containers}
                    resource="memory"
                  />
                </TableCell>
              )}
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {drawer}
    </>
  );
}
