import { useMemo, useState } from 'react';
import {
  Box,
  Button,
  LinearProgress,
  MenuItem,
  TextField,
  makeStyles,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { InfoCard } from '@backstage/core-components';
import type { EntityEvent } from '@workload-status/backstage-plugin-workload-status-common';
import { errorMessage } from '../../api/errorMessage';
import { formatTimestamp } from '../../format/relativeTime';
import { useEntityEvents } from '../../hooks/useEntityEvents';
import { EventsTable, eventObjectText } from '../EventsTable';

const useStyles = makeStyles(theme => ({
  filters: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
    marginBottom: theme.spacing(2),
  },
  select: { minWidth: 180 },
}));

const ALL = '';
/** How near a time an event must have been seen to be "around" it. */
const AROUND_MINUTES = 10;

/** The event was seen within AROUND_MINUTES of `at` (between its first and last sighting). */
function seenAround(e: EntityEvent, at: string): boolean {
  const t = Date.parse(at);
  const margin = AROUND_MINUTES * 60_000;
  const first = Date.parse(e.firstSeen ?? e.lastSeen ?? '');
  const last = Date.parse(e.lastSeen ?? e.firstSeen ?? '');
  if (Number.isNaN(first) || Number.isNaN(last)) return false;
  return first - margin <= t && t <= last + margin;
}

/**
 * The Events log of the Status tab: the Kubernetes events of every object of
 * the entity, warnings first, filtered by type and object. It refetches when
 * `refreshKey` changes (each new status) and keeps its rows and filters while
 * it does.
 */
export function EventsPanel(props: {
  entityRef: string;
  refreshKey?: string;
  /**
   * Only the events around this time (RFC 3339; the timeline's links),
   * until `onShowAll` clears it.
   */
  around?: string;
  onShowAll?: () => void;
}) {
  const classes = useStyles();
  const { entityRef, refreshKey, around, onShowAll } = props;
  const [type, setType] = useState<string>(ALL);
  const [object, setObject] = useState<string>(ALL);
  const { value, loading, error } = useEntityEvents(entityRef, refreshKey);

  const items = useMemo(() => value?.items ?? [], [value]);
  const objects = useMemo(
    () => [...new Set(items.map(eventObjectText))].sort(),
    [items],
  );
  const shown = items.filter(
    e =>
      (type === ALL || e.type === type) &&
      (object === ALL || eventObjectText(e) === object) &&
      (!around || seenAround(e, around)),
  );

  return (
    <InfoCard title="Events" subheader="Kubernetes events, warnings first">
      <Box data-testid="events-panel">
        <div className={classes.filters} role="group" aria-label="Filters">
          <TextField
            select
            label="Type"
            value={type}
            className={classes.select}
            onChange={e => setType(e.target.value)}
            SelectProps={{ SelectDisplayProps: { 'aria-label': 'Event type' } }}
          >
            <MenuItem value={ALL}>All types</MenuItem>
            <MenuItem value="Warning">Warning</MenuItem>
            <MenuItem value="Normal">Normal</MenuItem>
          </TextField>
          <TextField
            select
            label="Object"
            value={objects.includes(object) ? object : ALL}
            className={classes.select}
            onChange={e => setObject(e.target.value)}
            SelectProps={{ SelectDisplayProps: { 'aria-label': 'Object' } }}
          >
            <MenuItem value={ALL}>All objects</MenuItem>
            {objects.map(o => (
              <MenuItem key={o} value={o}>
                {o}
              </MenuItem>
            ))}
          </TextField>
        </div>
        {around && (
          <Alert
            severity="info"
            action={
              onShowAll && (
                <Button color="inherit" size="small" onClick={onShowAll}>
                  Show all events
                </Button>
              )
            }
          >
            Events seen within {AROUND_MINUTES} minutes of{' '}
            {formatTimestamp(around)}.
          </Alert>
        )}
        {loading && <LinearProgress aria-label="Loading events" />}
        {error && (
          <Alert severity="error" role="alert">
            Could not read the events: {errorMessage(error)}
          </Alert>
        )}
        {value?.incomplete && (
          <Alert severity="info">
            {value.truncated
              ? 'Some events are not shown: the answer reached its size bound, so the oldest normal events were left out.'
              : 'Some events are missing: older ones were dropped from the cache, or a cluster cannot be reached.'}
          </Alert>
        )}
        {value && (
          <EventsTable
            events={shown}
            label="Events"
            emptyText={
              items.length === 0
                ? 'No events for the objects of this entity.'
                : 'No events match the filters.'
            }
          />
        )}
      </Box>
    </InfoCard>
  );
}
