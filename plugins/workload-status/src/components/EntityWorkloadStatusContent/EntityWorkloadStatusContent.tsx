import { Grid, Typography } from '@material-ui/core';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { WorkloadStatus } from '@workload-status/backstage-plugin-workload-status-common';
import {
  DEFAULT_REFRESH_MS,
  useEntityStatus,
} from '../../hooks/useEntityStatus';
import { StatusHeader } from '../StatusHeader';
import { ClusterBanners } from '../ClusterBanners';
import { WorkloadPanel } from '../WorkloadPanel';
import { useState } from 'react';
import { EventsPanel } from '../EventsPanel';
import { TimelineStrip } from '../TimelineStrip';
import { OperatorLogPanel } from '../OperatorLogPanel';
import {
  goToHintTarget,
  HintNavigationContext,
} from '../ReasonList/HintNavigation';

interface WorkloadGroup {
  key: string;
  cluster?: string;
  namespace: string;
  workloads: WorkloadStatus[];
}

/** Workloads grouped by cluster, then namespace, in the order received. */
function groupWorkloads(workloads: WorkloadStatus[]): WorkloadGroup[] {
  const groups = new Map<string, WorkloadGroup>();
  for (const w of workloads) {
    const key = `${w.cluster ?? ''}/${w.namespace}`;
    const group = groups.get(key) ?? {
      key,
      cluster: w.cluster,
      namespace: w.namespace,
      workloads: [],
    };
    group.workloads.push(w);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** @public */
export interface EntityWorkloadStatusContentProps {
  /**
   * How often to refetch when Backstage Signals is not installed
   * (default 15 s; failed refreshes back off from there).
   */
  refreshIntervalMs?: number;
}

/**
 * The Status tab of an entity page. Keys are the workloads' and pods'
 * identities, so a refresh updates the page in place.
 * @public
 */
export function EntityWorkloadStatusContent(
  props: EntityWorkloadStatusContentProps = {},
) {
  const refreshIntervalMs = props.refreshIntervalMs ?? DEFAULT_REFRESH_MS;
  const { status, loading, error, live, retry, applyStatus } = useEntityStatus({
    refreshIntervalMs,
  });
  // the events panel shows the events around the time a timeline link names
  const [eventsAround, setEventsAround] = useState<string>();
  if (loading) return <Progress />;
  if (!status) {
    return error ? <ResponseErrorPanel error={error} /> : null;
  }
  return (
    <HintNavigationContext.Provider value={goToHintTarget}>
      {/* the marker scopes the browser tests' accessibility scan to the plugin */}
      <Grid container spacing={3} data-workload-status="status-tab">
        <Grid item xs={12}>
          <StatusHeader
            status={status}
            refreshError={error}
            live={live}
            refreshIntervalMs={refreshIntervalMs}
            onRetry={retry}
          />
        </Grid>
        <Grid item xs={12}>
          <ClusterBanners clusters={status.clusters} />
        </Grid>
        <Grid item xs={12}>
          <TimelineStrip
            status={status}
            refreshKey={status.updatedAt}
            onShowEvents={at => {
              setEventsAround(at);
              goToEvents();
            }}
          />
        </Grid>
        {groupWorkloads(status.workloads).map(group => (
          <Grid
            item
            xs={12}
            key={group.key}
            component="section"
            aria-label={groupTitle(group)}
          >
            <Typography variant="h5" component="h2" gutterBottom>
              {groupTitle(group)}
            </Typography>
            <Grid container spacing={3}>
              {group.workloads.map(w => (
                <Grid item xs={12} key={`${w.apiVersion}/${w.kind}/${w.name}`}>
                  <WorkloadPanel
                    workload={w}
                    entityRef={status.entityRef}
                    onStatus={applyStatus}
                    refreshKey={status.updatedAt}
                  />
                </Grid>
              ))}
            </Grid>
          </Grid>
        ))}
        <Grid item xs={12} data-hint-target="events" tabIndex={-1}>
          <EventsPanel
            entityRef={status.entityRef}
            refreshKey={status.updatedAt}
            around={eventsAround}
            onShowAll={() => setEventsAround(undefined)}
          />
        </Grid>
        <Grid item xs={12} data-hint-target="operator-log" tabIndex={-1}>
          <OperatorLogPanel
            entityRef={status.entityRef}
            refreshKey={status.updatedAt}
          />
        </Grid>
      </Grid>
    </HintNavigationContext.Provider>
  );
}

/** Scrolls to the events panel and moves focus there. */
function goToEvents() {
  const target = document.querySelector<HTMLElement>(
    '[data-hint-target="events"]',
  );
  target?.scrollIntoView?.({ behavior: 'smooth', block: 'start' });
  target?.focus({ preventScroll: true });
}

function groupTitle(group: WorkloadGroup): string {
  return group.cluster
    ? `Cluster ${group.cluster}, namespace ${group.namespace}`
    : `Namespace ${group.namespace}`;
}
