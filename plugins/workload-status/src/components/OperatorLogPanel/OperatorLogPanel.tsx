import { useState } from 'react';
import {
  Box,
  LinearProgress,
  MenuItem,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
  makeStyles,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { InfoCard } from '@backstage/core-components';
import { OperatorLogLine } from '@workload-status/backstage-plugin-workload-status-common';
import { errorMessage } from '../../api/errorMessage';
import { formatRelative, formatTimestamp } from '../../format/relativeTime';
import { useOperatorLog } from '../../hooks/useOperatorLog';
import { IncompleteNotice } from '../IncompleteNotice';
import { LogAccess } from '../LogAccess';
import { SeverityWord } from '../SeverityWord';
import { legibleColour } from '../../theme/legibleColour';

/** Level and time keep to one line, so the message gets the width. */
const NOWRAP = { whiteSpace: 'nowrap' } as const;

const ALL = '';
const LEVELS: OperatorLogLine['level'][] = [
  'error',
  'warning',
  'info',
  'debug',
];

function objectText(line: OperatorLogLine): string {
  if (!line.object) return '-';
  const { kind, namespace, name } = line.object;
  return `${kind} ${namespace ? `${namespace}/` : ''}${name}`;
}

// the theme's error red fails AA as small text; a legible shade of it
const useStyles = makeStyles(theme => ({
  lineError: { color: legibleColour(theme, theme.palette.error.main) },
}));

function OperatorLogLines(props: { entityRef: string; refreshKey?: string }) {
  const classes = useStyles();
  const { entityRef, refreshKey } = props;
  const [level, setLevel] = useState<string>(ALL);
  const { value, loading, error } = useOperatorLog(entityRef, refreshKey);
  const now = Date.now();
  const lines = (value?.items ?? []).filter(
    l => level === ALL || l.level === level,
  );
  return (
    <>
      {loading && <LinearProgress aria-label="Loading operator log" />}
      {error && (
        <Alert severity="error" role="alert">
          Could not read the operator log: {errorMessage(error)}
        </Alert>
      )}
      {value?.sources
        .filter(s => s.error)
        .map(s => (
          <Alert key={`${s.cluster}/${s.name}`} severity="warning">
            The log of operator {s.name} (cluster {s.cluster}, namespace{' '}
            {s.namespace}) could not be read: {s.error}
          </Alert>
        ))}
      {value?.incomplete && (
        <IncompleteNotice
          subject="The operator log"
          reasons={value.incompleteReasons}
        />
      )}
      {value && value.sources.length === 0 && value.items.length === 0 && (
        <Typography variant="body2">
          No operator is configured for the clusters of this entity, and no
          action was taken on it here.
        </Typography>
      )}
      {/* the plugin's own actions show without any configured operator */}
      {value && (value.sources.length > 0 || value.items.length > 0) && (
        <>
          <Box my={2}>
            <TextField
              select
              label="Level"
              value={level}
              style={{ minWidth: 160 }}
              onChange={e => setLevel(e.target.value)}
              SelectProps={{
                SelectDisplayProps: { 'aria-label': 'Log level' },
              }}
            >
              <MenuItem value={ALL}>All levels</MenuItem>
              {LEVELS.map(l => (
                <MenuItem key={l} value={l}>
                  {l}
                </MenuItem>
              ))}
            </TextField>
          </Box>
          {lines.length === 0 ? (
            <Typography variant="body2">
              {value.items.length === 0
                ? `No line of ${value.sources
                    .map(s => s.name)
                    .join(', ')} names an object of this entity.`
                : 'No lines match the level.'}
            </Typography>
          ) : (
            <Table size="small" aria-label="Operator log">
              <TableHead>
                <TableRow>
                  <TableCell style={NOWRAP}>Level</TableCell>
                  <TableCell style={NOWRAP}>Time</TableCell>
                  <TableCell>Message</TableCell>
                  <TableCell>Object</TableCell>
                  <TableCell>Operator</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {lines.map((line, i) => (
                  <TableRow key={`${line.cluster}/${line.pod}/${i}`}>
                    <TableCell style={NOWRAP}>
                      <SeverityWord level={line.level} />
                    </TableCell>
                    <TableCell
                      style={NOWRAP}
                      title={formatTimestamp(line.time)}
                    >
                      {formatRelative(line.time, now) ?? '-'}
                    </TableCell>
                    <TableCell>
                      {line.message}
                      {line.error && (
                        <Typography
                          variant="caption"
                          className={classes.lineError}
                          component="div"
                        >
                          {line.error}
                        </Typography>
                      )}
                    </TableCell>
                    <TableCell>{objectText(line)}</TableCell>
                    <TableCell>
                      {line.operator}
                      <Typography
                        variant="caption"
                        color="textSecondary"
                        component="div"
                      >
                        {line.action
                          ? `${line.cluster}, by ${line.action.actor}`
                          : `${line.cluster}/${line.pod}`}
                      </Typography>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </>
      )}
    </>
  );
}
/**
 * The Operator log of the Status tab: lines of the configured operators'
 * logs that name an object of the entity, errors first. Needs the logs
 * permission, like every log.
 */
export function OperatorLogPanel(props: {
  entityRef: string;
  refreshKey?: string;
}) {
  return (
    <InfoCard
      title="Operator log"
      subheader="What the cluster's operators logged about this entity, and the actions taken on it here, errors first"
    >
      <Box data-testid="operator-log-panel">
        <LogAccess entityRef={props.entityRef}>
          <OperatorLogLines {...props} />
        </LogAccess>
      </Box>
    </InfoCard>
  );
}
