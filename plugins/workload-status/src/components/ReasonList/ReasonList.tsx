import { useContext } from 'react';
import { Link, Typography, makeStyles } from '@material-ui/core';
import { Link as RouterLink } from '@backstage/core-components';
import { Reason } from '@workload-status/backstage-plugin-workload-status-common';
import { formatDuration } from '../../format/duration';
import { useClustersPageLink } from '../../hooks/useClustersPageLink';
import { HINT_LINKS, HintNavigationContext } from './HintNavigation';

const useStyles = makeStyles(theme => ({
  list: { margin: 0, padding: 0, listStyle: 'none' },
  item: { marginBottom: theme.spacing(1), '&:last-child': { marginBottom: 0 } },
  hint: { display: 'block', opacity: 0.85 },
}));

/**
 * Reasons as a reader needs them: what is wrong, on which object, and where
 * to look next. Used in tooltips and on the page, so it sets no colours.
 */
export function ReasonList(props: {
  reasons: Reason[];
  /** what to say when there is nothing to report */
  emptyText?: string;
}) {
  const classes = useStyles();
  const goTo = useContext(HintNavigationContext);
  // a cluster hint leads off the tab, to the clusters page (when mounted)
  const clustersPage = useClustersPageLink();
  const { reasons, emptyText = 'No problems reported.' } = props;
  const now = Date.now();
  if (reasons.length === 0) {
    return <Typography variant="body2">{emptyText}</Typography>;
  }
  return (
    <ul className={classes.list}>
      {reasons.map((r, i) => (
        <li
          key={`${i}|${r.code}|${r.object.kind}|${r.object.name}`}
          className={classes.item}
        >
          <Typography variant="body2" component="span">
            <strong>{r.code}</strong>: {r.message}
            {sinceText(r.since, now)}
          </Typography>
          {r.hint && (
            <Typography variant="caption" className={classes.hint}>
              {r.hint}
              {goTo && r.hintTarget && HINT_LINKS[r.hintTarget] && (
                <>
                  {' '}
                  <Link
                    component="button"
                    variant="caption"
                    color="inherit"
                    underline="always"
                    onClick={() => goTo(r)}
                  >
                    {HINT_LINKS[r.hintTarget]}
                  </Link>
                </>
              )}
              {r.hintTarget === 'cluster' && clustersPage && (
                <>
                  {' '}
                  <RouterLink
                    to={clustersPage}
                    variant="caption"
                    color="inherit"
                    underline="always"
                  >
                    Go to the clusters page
                  </RouterLink>
                </>
              )}
            </Typography>
          )}
        </li>
      ))}
    </ul>
  );
}

/** ` (for 19m)`: how long the condition has held, when the engine knows. */
function sinceText(since: string | undefined, now: number): string {
  const t = since ? Date.parse(since) : NaN;
  if (Number.isNaN(t) || t > now) return '';
  return ` (for ${formatDuration((now - t) / 1000)})`;
}
