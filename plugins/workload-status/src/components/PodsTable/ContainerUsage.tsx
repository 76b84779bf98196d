import { Box, LinearProgress, Typography, makeStyles } from '@material-ui/core';
import {
  ContainerSummary,
  MEMORY_PRESSURE_RATIO,
} from '@workload-status/backstage-plugin-workload-status-common';
import {
  formatBytes,
  formatMillicores,
  percentOf,
} from '../../format/resourceQuantity';

const useStyles = makeStyles(theme => ({
  figure: { whiteSpace: 'nowrap' },
  bar: { height: 6, borderRadius: 3, marginTop: 2, minWidth: 96 },
  near: { fontWeight: theme.typography.fontWeightBold as number },
}));

type Resource = 'cpu' | 'memory';

/** The figures of one container for one resource; undefined without usage. */
function figures(container: ContainerSummary, resource: Resource) {
  const usage = container.usage;
  if (!usage) return undefined;
  const r = container.resources ?? {};
  const [used, request, limit, format] =
    resource === 'cpu'
      ? [
          usage.cpuMillicores,
          r.cpuRequestMillicores,
          r.cpuLimitMillicores,
          formatMillicores,
        ]
      : [
          usage.memoryBytes,
          r.memoryRequestBytes,
          r.memoryLimitBytes,
          formatBytes,
        ];
  // a bar against the limit when there is one, else against the request
  const base = limit ?? request;
  const baseName = limit !== undefined ? 'limit' : 'request';
  return {
    used: format(used),
    request: request !== undefined ? format(request) : undefined,
    limit: limit !== undefined ? format(limit) : undefined,
    base: base !== undefined ? format(base) : undefined,
    baseName,
    percent: percentOf(used, base),
    near:
      resource === 'memory' &&
      limit !== undefined &&
      used > limit * MEMORY_PRESSURE_RATIO,
  };
}

/**
 * One table cell's content: each running container's CPU or memory use
 * against its limit (or request), as text and a bar. The text carries
 * everything the bar and its colour show, and the bar is named for screen
 * readers; a container near its memory limit says so in words.
 */
export function ContainerUsage(props: {
  containers: ContainerSummary[];
  resource: Resource;
}) {
  const { containers, resource } = props;
  const classes = useStyles();
  // sidecars (init containers that keep running) have usage too
  const shown = containers.filter(c => c.usage);
  if (!shown.length) return <>-</>;
  const what = resource === 'cpu' ? 'CPU' : 'Memory';
  return (
    <>
      {shown.map(c => {
        const f = figures(c, resource)!;
        const against = f.base
          ? ` of ${f.base} ${f.baseName}${
              f.percent !== undefined ? ` (${f.percent} %)` : ''
            }`
          : '';
        const label = `${what} of container ${c.name}: ${f.used}${against}${
          f.near ? ', near its limit' : ''
        }`;
        return (
          <Box key={c.name} mb={shown.length > 1 ? 0.5 : 0}>
            <Typography
              variant="body2"
              component="div"
              className={classes.figure}
            >
              {shown.length > 1 && `${c.name}: `}
              {f.used}
              {f.base && ` / ${f.base} ${f.baseName}`}
              {f.near && <span className={classes.near}> near limit</span>}
            </Typography>
            {f.limit && f.request && (
              <Typography
                variant="caption"
                color="textSecondary"
                component="div"
              >
                request {f.request}
              </Typography>
            )}
            {f.percent !== undefined && (
              <LinearProgress
                className={classes.bar}
                variant="determinate"
                value={Math.min(100, f.percent)}
                color={f.near ? 'secondary' : 'primary'}
                aria-label={label}
                aria-valuetext={label}
              />
            )}
          </Box>
        );
      })}
    </>
  );
}
