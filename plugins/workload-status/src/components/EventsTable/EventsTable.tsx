import { useState } from 'react';
import {
  Button,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import { EntityEvent } from '@workload-status/backstage-plugin-workload-status-common';
import { formatRelative, formatTimestamp } from '../../format/relativeTime';
import { SeverityWord } from '../SeverityWord';

/** `Pod shop/api-1`, naming the cluster when the entity spans several. */
export function eventObjectText(event: EntityEvent): string {
  const { kind, namespace, name } = event.object;
  return `${kind} ${namespace ? `${namespace}/` : ''}${name}`;
}

/** Short columns keep to one line, so the message gets the width. */
const NOWRAP = { whiteSpace: 'nowrap' } as const;

/** Rows shown before "Show all": warnings come first, so they are in view. */
const FIRST_ROWS = 25;

/** Kubernetes events as `kubectl get events` lists them, in the order given. */
export function EventsTable(props: {
  events: EntityEvent[];
  label: string;
  showObject?: boolean;
  emptyText?: string;
}) {
  const { events, label, showObject = true } = props;
  const [showAll, setShowAll] = useState(false);
  const now = Date.now();
  const shown = showAll ? events : events.slice(0, FIRST_ROWS);
  if (events.length === 0) {
    return (
      <Typography variant="body2">{props.emptyText ?? 'No events.'}</Typography>
    );
  }
  return (
    <>
      <Table size="small" aria-label={label}>
        <TableHead>
          <TableRow>
            <TableCell style={NOWRAP}>Type</TableCell>
            <TableCell style={NOWRAP}>Reason</TableCell>
            {showObject && <TableCell>Object</TableCell>}
            <TableCell>Message</TableCell>
            <TableCell style={NOWRAP}>Count</TableCell>
            <TableCell style={NOWRAP}>Last seen</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {shown.map(event => (
            <TableRow
              key={`${event.cluster}/${event.object.kind}/${event.object.namespace}/${event.object.name}/${event.reason}/${event.message}`}
            >
              <TableCell style={NOWRAP}>
                <SeverityWord level={event.type} />
              </TableCell>
              <TableCell style={NOWRAP}>{event.reason}</TableCell>
              {showObject && (
                <TableCell>
                  {eventObjectText(event)}
                  <Typography
                    variant="caption"
                    color="textSecondary"
                    component="div"
                  >
                    cluster {event.cluster}
                  </Typography>
                </TableCell>
              )}
              <TableCell>
                {event.message}
                {event.messageTruncated && (
                  <Typography
                    variant="caption"
                    color="textSecondary"
                    component="div"
                  >
                    (message cut at the size bound)
                  </Typography>
                )}
                {event.source && (
                  <Typography
                    variant="caption"
                    color="textSecondary"
                    component="div"
                  >
                    from {event.source}
                  </Typography>
                )}
              </TableCell>
              <TableCell style={NOWRAP}>{event.count}</TableCell>
              <TableCell style={NOWRAP} title={formatTimestamp(event.lastSeen)}>
                {formatRelative(event.lastSeen ?? event.firstSeen, now) ?? '-'}
                {event.expired && (
                  <Typography
                    variant="caption"
                    color="textSecondary"
                    component="div"
                    data-testid="event-expired"
                  >
                    expired: deleted by the cluster, kept as last seen
                  </Typography>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {shown.length < events.length && (
        <Button size="small" onClick={() => setShowAll(true)}>
          Show all {events.length} events
        </Button>
      )}
    </>
  );
}
