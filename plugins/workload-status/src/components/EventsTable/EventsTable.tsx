import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import { EntityEvent } from '@internal/plugin-workload-status-common';
import { formatRelative, formatTimestamp } from '../../format/relativeTime';
import { SeverityWord } from '../SeverityWord';

/** `Pod shop/api-1`, naming the cluster when the entity spans several. */
export function eventObjectText(event: EntityEvent): string {
  const { kind, namespace, name } = event.object;
  return `${kind} ${namespace ? `${namespace}/` : ''}${name}`;
}

/** Kubernetes events as `kubectl get events` lists them, in the order given. */
export function EventsTable(props: {
  events: EntityEvent[];
  label: string;
  showObject?: boolean;
  emptyText?: string;
}) {
  const { events, label, showObject = true } = props;
  const now = Date.now();
  if (events.length === 0) {
    return (
      <Typography variant="body2">{props.emptyText ?? 'No events.'}</Typography>
    );
  }
  return (
    <Table size="small" aria-label={label}>
      <TableHead>
        <TableRow>
          <TableCell>Type</TableCell>
          <TableCell>Reason</TableCell>
          {showObject && <TableCell>Object</TableCell>}
          <TableCell>Message</TableCell>
          <TableCell>Count</TableCell>
          <TableCell>Last seen</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {events.map(event => (
          <TableRow
            key={`${event.cluster}/${event.object.kind}/${event.object.namespace}/${event.object.name}/${event.reason}/${event.message}`}
          >
            <TableCell>
              <SeverityWord level={event.type} />
            </TableCell>
            <TableCell>{event.reason}</TableCell>
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
            <TableCell>{event.count}</TableCell>
            <TableCell title={formatTimestamp(event.lastSeen)}>
              {formatRelative(event.lastSeen ?? event.firstSeen, now) ?? '-'}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
