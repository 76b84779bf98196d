/**
 * Server-side printing (`Accept: application/json;as=Table;g=meta.k8s.io;v=v1`),
 * which `kubectl get` asks for: a meta.k8s.io/v1 Table with the columns
 * kubectl users expect (pods: READY, STATUS, RESTARTS, AGE computed as
 * kubectl's printPod does; deployments: READY, UP-TO-DATE, AVAILABLE).
 * Other kinds get NAME and AGE.
 */
import { KubeObject } from '../types';

export function wantsTable(accept: string | undefined): boolean {
  return (accept ?? '').split(',').some(part => part.includes('as=Table'));
}

function age(created: string | undefined, now: number): string {
  if (!created) return '<unknown>';
  const s = Math.max(0, Math.floor((now - Date.parse(created)) / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return `${m}m${s % 60}s`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h`;
  return `${Math.floor(h / 24)}d`;
}

/** kubectl's printPod (pkg/printers/internalversion/printers.go): the STATUS column. */
export function podStatusText(pod: KubeObject): {
  status: string;
  ready: string;
  restarts: number;
} {
  const status = pod.status ?? {};
  let reason: string = status.reason || status.phase || 'Pending';
  let restarts = 0;
  let initializing = false;
  const inits: any[] = status.initContainerStatuses ?? [];
  for (let i = 0; i < inits.length; i++) {
    const c = inits[i];
    restarts += c.restartCount ?? 0;
    if (c.state?.terminated && c.state.terminated.exitCode === 0) continue;
    initializing = true;
    if (c.state?.terminated)
      reason = c.state.terminated.reason
        ? `Init:${c.state.terminated.reason}`
        : `Init:ExitCode:${c.state.terminated.exitCode}`;
    else if (
      c.state?.waiting?.reason &&
      c.state.waiting.reason !== 'PodInitializing'
    )
      reason = `Init:${c.state.waiting.reason}`;
    else
      reason = `Init:${i}/${pod.spec?.initContainers?.length ?? inits.length}`;
    break;
  }
  let readyCount = 0;
  const containers: any[] = status.containerStatuses ?? [];
  if (!initializing) {
    restarts = 0;
    let hasRunning = false;
    for (let i = containers.length - 1; i >= 0; i--) {
      const c = containers[i];
      restarts += c.restartCount ?? 0;
      if (c.state?.waiting?.reason) reason = c.state.waiting.reason;
      else if (c.state?.terminated?.reason) reason = c.state.terminated.reason;
      else if (c.state?.terminated)
        reason = `ExitCode:${c.state.terminated.exitCode}`;
      else if (c.ready && c.state?.running) {
        hasRunning = true;
        readyCount++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      reason = status.conditions?.some(
        (c: any) => c.type === 'Ready' && c.status === 'True',
      )
        ? 'Running'
        : 'NotReady';
    }
  }
  if (pod.metadata.deletionTimestamp)
    reason = status.reason === 'NodeLost' ? 'Unknown' : 'Terminating';
  return {
    status: reason,
    ready: `${readyCount}/${pod.spec?.containers?.length ?? containers.length}`,
    restarts,
  };
}

interface Column {
  name: string;
  type: string;
  format?: string;
  description: string;
  priority: number;
}

const NAME: Column = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description: 'Name must be unique within a namespace.',
  priority: 0,
};
const AGE: Column = {
  name: 'Age',
  type: 'string',
  description:
    'CreationTimestamp is a timestamp representing the server time when this object was created.',
  priority: 0,
};

function columnsFor(kind: string): {
  columns: Column[];
  cells: (o: KubeObject, now: number) => unknown[];
} {
  switch (kind) {
    case 'Pod':
      return {
        columns: [
          NAME,
          {
            name: 'Ready',
            type: 'string',
            description:
              'The aggregate readiness state of this pod for accepting traffic.',
            priority: 0,
          },
          {
            name: 'Status',
            type: 'string',
            description: 'The aggregate status of the containers in this pod.',
            priority: 0,
          },
          {
            name: 'Restarts',
            type: 'string',
            description:
              'The number of times the containers in this pod have been restarted.',
            priority: 0,
          },
          AGE,
          {
            name: 'Node',
            type: 'string',
            description: 'The node the pod runs on.',
            priority: 1,
          },
        ],
        cells: (o, now) => {
          const p = podStatusText(o);
          return [
            o.metadata.name,
            p.ready,
            p.status,
            String(p.restarts),
            age(o.metadata.creationTimestamp, now),
            o.spec?.nodeName ?? '<none>',
          ];
        },
      };
    case 'Deployment':
      return {
        columns: [
          NAME,
          {
            name: 'Ready',
            type: 'string',
            description: 'Number of the pod with ready state',
            priority: 0,
          },
          {
            name: 'Up-to-date',
            type: 'string',
            description:
              'Total number of non-terminated pods targeted by this deployment that have the desired template spec.',
            priority: 0,
          },
          {
            name: 'Available',
            type: 'string',
            description:
              'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.',
            priority: 0,
          },
          AGE,
        ],
        cells: (o, now) => [
          o.metadata.name,
          `${o.status?.readyReplicas ?? 0}/${o.spec?.replicas ?? 1}`,
          o.status?.updatedReplicas ?? 0,
          o.status?.availableReplicas ?? 0,
          age(o.metadata.creationTimestamp, now),
        ],
      };
    default:
      return {
        columns: [NAME, AGE],
        cells: (o, now) => [
          o.metadata.name,
          age(o.metadata.creationTimestamp, now),
        ],
      };
  }
}

export function toTable(
  kind: string,
  objects: KubeObject[],
  resourceVersion: string,
  now: number,
  continueToken?: string,
) {
  const { columns, cells } = columnsFor(kind);
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: {
      resourceVersion,
      ...(continueToken ? { continue: continueToken } : {}),
    },
    columnDefinitions: columns,
    rows: objects.map(o => ({
      cells: cells(o, now),
      object: {
        kind: 'PartialObjectMetadata',
        apiVersion: 'meta.k8s.io/v1',
        metadata: o.metadata,
      },
    })),
  };
}
