import {
  Box,
  Card,
  CardContent,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
  makeStyles,
} from '@material-ui/core';
import { Link, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  entityRouteRef,
  humanizeEntityRef,
} from '@backstage/plugin-catalog-react';
import {
  EntityRollup,
  EntityStatusSummary,
  Reason,
} from '@workload-status/backstage-plugin-workload-status-common';
import { useEntityRollup } from '../../hooks/useEntityRollup';
import { StatusChip } from '../StatusChip';
import { countsInWords } from './countsInWords';

const useStyles = makeStyles({
  // names are what people scan for: one line each
  name: { whiteSpace: 'nowrap' },
});

const SEVERITY_RANK: Record<Reason['severity'], number> = {
  error: 0,
  warning: 1,
  info: 2,
};

/**
 * The reason a member's row shows: its most severe one; none for a healthy
 * member whose reasons are only notes (a cluster not read yet, say).
 */
export function topReason(member: EntityStatusSummary): Reason | undefined {
  const [top] = [...member.reasons].sort(
    (a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity],
  );
  if (top?.severity === 'info' && member.health === 'ok') return undefined;
  return top;
}

const WHAT: Record<EntityRollup['kind'], string> = {
  system: 'Components and Resources of this System',
  group: 'Entities this Group owns (and its child groups, by default)',
};

/**
 * The Status tab of a System or Group: the rollup (worst health, counts per
 * health), then one row per member, worst first, each linking to the
 * member's own Status tab.
 */
export function RollupContent() {
  const classes = useStyles();
  const { rollup, loading, error } = useEntityRollup();
  const entityRoute = useRouteRef(entityRouteRef);
  if (loading) return <Progress />;
  if (!rollup) return error ? <ResponseErrorPanel error={error} /> : null;

  return (
    <Box data-workload-status="rollup">
      {error && <ResponseErrorPanel error={error} />}
      <Card>
        <CardContent>
          <Box display="flex" alignItems="center" flexWrap="wrap">
            <Box mr={2}>
              <StatusChip
                lifecycle={rollup.lifecycle}
                health={rollup.health}
                reasons={rollup.members.flatMap(m =>
                  m.reasons.slice(0, 1).map(r => ({
                    ...r,
                    message: `${humanizeEntityRef(parseEntityRef(m.entityRef), {
                      defaultKind: parseEntityRef(m.entityRef).kind,
                    })}: ${r.message}`,
                  })),
                )}
              />
            </Box>
            <Typography variant="body1" data-testid="rollup-counts">
              {countsInWords(rollup.counts)}
            </Typography>
          </Box>
          <Typography variant="body2" color="textSecondary">
            {WHAT[rollup.kind]}
            {rollup.members.length
              ? ', worst first.'
              : ': none with Kubernetes annotations that you may read.'}
          </Typography>
        </CardContent>
      </Card>
      {rollup.members.length > 0 && (
        <Box mt={2}>
          <Card>
            <Table size="small" aria-label="Members by severity">
              <TableHead>
                <TableRow>
                  <TableCell>Status</TableCell>
                  <TableCell>Entity</TableCell>
                  <TableCell>Top reason</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {rollup.members.map(member => {
                  const ref = parseEntityRef(member.entityRef);
                  const name = humanizeEntityRef(ref, {
                    defaultKind: ref.kind,
                  });
                  const top = topReason(member);
                  return (
                    <TableRow
                      key={member.entityRef}
                      data-entity-ref={member.entityRef}
                      data-health={member.health}
                    >
                      <TableCell>
                        <StatusChip
                          lifecycle={member.lifecycle}
                          health={member.health}
                          reasons={member.reasons}
                        />
                      </TableCell>
                      <TableCell className={classes.name}>
                        <Link
                          to={`${entityRoute({
                            kind: ref.kind.toLocaleLowerCase('en-US'),
                            namespace: ref.namespace,
                            name: ref.name,
                          })}/status`}
                          aria-label={`Status of ${name}`}
                        >
                          {name}
                        </Link>
                      </TableCell>
                      <TableCell>
                        <Typography variant="body2">
                          {top ? top.message : 'No problems reported'}
                        </Typography>
                      </TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          </Card>
        </Box>
      )}
    </Box>
  );
}
