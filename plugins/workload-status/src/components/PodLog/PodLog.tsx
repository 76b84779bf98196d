import { useEffect, useMemo, useState } from 'react';
import {
  Box,
  Button,
  Checkbox,
  FormControlLabel,
  LinearProgress,
  MenuItem,
  Switch,
  TextField,
  Typography,
  makeStyles,
} from '@material-ui/core';
import GetAppIcon from '@material-ui/icons/GetApp';
import RefreshIcon from '@material-ui/icons/Refresh';
import { Alert } from '@material-ui/lab';
import { useApi } from '@backstage/core-plugin-api';
import {
  ContainerSummary,
  PodSummary,
} from '@workload-status/backstage-plugin-workload-status-common';
import { ContainerLogOptions, workloadStatusApiRef } from '../../api/types';
import { errorMessage } from '../../api/errorMessage';
import { LogView, saveFile } from '../LogView';

/** Tail sizes offered; the backend caps them again. */
export const TAIL_SIZES = [100, 500, 1000, 5000];
const DEFAULT_TAIL = 500;
/** A followed log keeps this many lines, dropping the oldest. */
export const MAX_FOLLOWED_LINES = 10_000;

const useStyles = makeStyles(theme => ({
  controls: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(2),
    margin: theme.spacing(2, 0, 1),
  },
  select: { minWidth: 140 },
}));

/** The container a reader most likely wants: the first one in trouble. */
function defaultContainer(pod: PodSummary): string | undefined {
  const main = pod.containers.filter(c => !c.init);
  const troubled = pod.containers.find(
    c => c.state === 'waiting' || (c.state === 'terminated' && c.exitCode),
  );
  return (troubled ?? main[0] ?? pod.containers[0])?.name;
}

/** Only a container that restarted has a previous instance to read. */
function hasPrevious(container?: ContainerSummary): boolean {
  return !!container && (container.restarts > 0 || !!container.lastTermination);
}

function splitLines(text: string): string[] {
  if (text.length === 0) return [];
  return text.replace(/\r?\n$/, '').split(/\r?\n/);
}

/**
 * The service log of one pod: pick the container, its current or previous
 * instance, how many lines, timestamps, and follow new lines as they come.
 * Settings live here, keyed by the pod's name by the drawer, so a status
 * refresh neither resets them nor refetches the log.
 */
export function PodLog(props: {
  entityRef: string;
  cluster: string;
  pod: PodSummary;
}) {
  const classes = useStyles();
  const api = useApi(workloadStatusApiRef);
  const { entityRef, cluster, pod } = props;
  const podName = pod.name;
  const namespace = pod.namespace;
  const [container, setContainer] = useState(() => defaultContainer(pod));
  const [previous, setPrevious] = useState(false);
  const [tailLines, setTailLines] = useState(DEFAULT_TAIL);
  const [timestamps, setTimestamps] = useState(false);
  const [follow, setFollow] = useState(false);
  const [reloads, setReloads] = useState(0);
  const [lines, setLines] = useState<string[]>([]);
  const [loading, setLoading] = useState(true);
  const [ended, setEnded] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [downloadError, setDownloadError] = useState<string | undefined>();

  const selected = pod.containers.find(c => c.name === container);
  const canReadPrevious = hasPrevious(selected);

  useEffect(() => {
    const ref = { cluster, namespace, name: podName };
    const options: ContainerLogOptions = {
      container,
      previous,
      tailLines,
      timestamps,
    };
    const controller = new AbortController();
    setLoading(true);
    setError(undefined);
    setEnded(false);
    if (follow && !previous) {
      setLines([]);
      api
        .followPodLog(entityRef, ref, options, {
          signal: controller.signal,
          onLines: more => {
            setLoading(false);
            setLines(prev => {
              const next = prev.concat(more);
              return next.length > MAX_FOLLOWED_LINES
                ? next.slice(next.length - MAX_FOLLOWED_LINES)
                : next;
            });
          },
        })
        .then(
          () => {
            if (controller.signal.aborted) return;
            setLoading(false);
            setEnded(true);
          },
          e => {
            if (controller.signal.aborted) return;
            setLoading(false);
            setError(errorMessage(e));
          },
        );
    } else {
      api.getPodLog(entityRef, ref, options).then(
        text => {
          if (controller.signal.aborted) return;
          setLines(splitLines(text));
          setLoading(false);
        },
        e => {
          if (controller.signal.aborted) return;
          setLoading(false);
          setError(errorMessage(e));
        },
      );
    }
    return () => controller.abort();
  }, [
    api,
    entityRef,
    cluster,
    namespace,
    podName,
    container,
    previous,
    tailLines,
    timestamps,
    follow,
    reloads,
  ]);

  const text = useMemo(() => lines.join('\n'), [lines]);

  const download = async () => {
    setDownloadError(undefined);
    try {
      const blob = await api.downloadPodLog(
        entityRef,
        { cluster, namespace, name: podName },
        { container, previous, timestamps },
      );
      const suffix = previous ? '-previous' : '';
      saveFile(blob, `${podName}-${container ?? 'log'}${suffix}.log`);
    } catch (e) {
      setDownloadError(errorMessage(e));
    }
  };

  const which = `${container ?? 'default'} container${
    previous ? ', previous instance' : ''
  }`;
  return (
    <Box>
      <div className={classes.controls} role="group" aria-label="Log settings">
        <TextField
          select
          label="Container"
          value={container ?? ''}
          className={classes.select}
          onChange={e => {
            setContainer(e.target.value);
            setPrevious(false);
          }}
          SelectProps={{ SelectDisplayProps: { 'aria-label': 'Container' } }}
        >
          {pod.containers.map(c => (
            <MenuItem key={c.name} value={c.name}>
              {c.name}
              {c.init ? ' (init)' : ''}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          label="Lines"
          value={tailLines}
          className={classes.select}
          onChange={e => setTailLines(Number(e.target.value))}
          SelectProps={{
            SelectDisplayProps: { 'aria-label': 'Lines from the end' },
          }}
        >
          {TAIL_SIZES.map(n => (
            <MenuItem key={n} value={n}>
              last {n}
            </MenuItem>
          ))}
        </TextField>
        <FormControlLabel
          control={
            <Checkbox
              checked={previous}
              disabled={!canReadPrevious}
              onChange={e => {
                setPrevious(e.target.checked);
                if (e.target.checked) setFollow(false);
              }}
            />
          }
          label="Previous container"
        />
        <FormControlLabel
          control={
            <Checkbox
              checked={timestamps}
              onChange={e => setTimestamps(e.target.checked)}
            />
          }
          label="Timestamps"
        />
        <FormControlLabel
          control={
            <Switch
              checked={follow}
              disabled={previous}
              onChange={e => setFollow(e.target.checked)}
            />
          }
          label="Follow"
        />
        <Button
          size="small"
          startIcon={<RefreshIcon />}
          onClick={() => setReloads(r => r + 1)}
          aria-label="Reload log"
        >
          Reload
        </Button>
        <Button
          size="small"
          startIcon={<GetAppIcon />}
          onClick={download}
          aria-label="Download log"
        >
          Download
        </Button>
      </div>
      {loading && <LinearProgress aria-label="Loading log" />}
      {error && (
        <Alert severity="error" role="alert">
          Could not read the log of the {which}: {error}
        </Alert>
      )}
      {downloadError && (
        <Alert severity="error" role="alert">
          Could not download the log: {downloadError}
        </Alert>
      )}
      {follow && !previous && (
        <Typography variant="caption" color="textSecondary" aria-live="polite">
          {ended
            ? 'The log stream ended (the container stopped or the connection closed).'
            : `Following: new lines appear as they are written (the last ${MAX_FOLLOWED_LINES} are kept).`}
        </Typography>
      )}
      {!error && (!loading || lines.length > 0) && (
        <LogView
          text={text}
          label={`Log of pod ${podName}, ${which}`}
          testId="pod-log"
        />
      )}
    </Box>
  );
}
