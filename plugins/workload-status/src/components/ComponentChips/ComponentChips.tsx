import { Box } from '@material-ui/core';
import {
  Components,
  StatusCore,
  WorkloadStatus,
} from '@workload-status/backstage-plugin-workload-status-common';
import { StatusChip } from '../StatusChip';

/**
 * The status components of the first seed, in its order: Build, Deployment,
 * Pod for a service; CronJob, Job, Pod for a cron service. Which of them a
 * workload has is the engine's call (the seed's visibility rules live there,
 * e.g. Job only while a run is active or failed); this only orders and
 * labels what arrives.
 */
const COMPONENT_ORDER: Array<keyof Components> = [
  'build',
  'deployment',
  'pods',
  'cronjob',
  'job',
  'pod',
];

function labelOf(key: keyof Components, workload: WorkloadStatus): string {
  switch (key) {
    case 'build':
      return 'Build';
    case 'deployment':
      // The seed says "Deployment"; a StatefulSet or DaemonSet is named as such.
      return workload.kind === 'StatefulSet' || workload.kind === 'DaemonSet'
        ? workload.kind
        : 'Deployment';
    case 'cronjob':
      return 'CronJob';
    case 'job':
      return 'Job';
    default:
      return 'Pod';
  }
}

/** One chip per status component of a workload. */
export function ComponentChips({ workload }: { workload: WorkloadStatus }) {
  return (
    <Box
      display="flex"
      flexWrap="wrap"
      style={{ gap: 8 }}
      role="list"
      aria-label={`Status components of ${workload.kind} ${workload.name}`}
    >
      {COMPONENT_ORDER.map(key => {
        const component = workload.components[key] as StatusCore | undefined;
        if (!component) return null;
        return (
          <span role="listitem" key={key}>
            <StatusChip
              label={labelOf(key, workload)}
              lifecycle={component.lifecycle}
              health={component.health}
              reasons={component.reasons}
            />
          </span>
        );
      })}
    </Box>
  );
}
