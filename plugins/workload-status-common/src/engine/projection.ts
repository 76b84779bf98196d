/*
 * Compact projections: each kind keeps the field paths its rule reads and
 * nothing else (no managedFields, no env, no last-applied annotation). The
 * shape stays Kubernetes', so the engine reads a projection exactly as it
 * reads the full object. Projection is a pure subset: projecting twice gives
 * the same result.
 */
import { MAX_MESSAGE_LENGTH, asRecord, isDate } from './fields';
import type { KubeObject } from './types';

/** A field selection: `true` keeps the value, `TEXT` keeps a bounded string, a map recurses, `each` maps a list. */
type Selection =
  | true
  | typeof TEXT
  | { each: Selection }
  | { [key: string]: Selection };

const TEXT = 'text' as const;

/** Annotations some rule reads; every other annotation is dropped. */
export const KEPT_ANNOTATIONS: readonly string[] = [
  'deployment.kubernetes.io/revision',
  'cronjob.kubernetes.io/instantiate',
  'argocd.argoproj.io/ignore-restart-policy',
  'argocd.argoproj.io/hook',
  'autoscaling.alpha.kubernetes.io/conditions',
  'workload-status.backstage.io/revision',
  'pipelinesascode.tekton.dev/sha',
  'build.appstudio.redhat.com/commit_sha',
];

const condition: Selection = {
  each: {
    type: true,
    status: true,
    reason: true,
    message: TEXT,
    lastTransitionTime: true,
  },
};
const containerImages: Selection = { each: { name: true, image: true } };
const template: Selection = { spec: { containers: containerImages } };
const containerStatus: Selection = {
  each: {
    name: true,
    image: true,
    ready: true,
    started: true,
    restartCount: true,
    state: {
      waiting: { reason: true, message: TEXT },
      running: { startedAt: true },
      terminated: {
        reason: true,
        message: TEXT,
        exitCode: true,
        signal: true,
        startedAt: true,
        finishedAt: true,
      },
    },
    lastState: {
      terminated: {
        reason: true,
        exitCode: true,
        signal: true,
        finishedAt: true,
      },
    },
  },
};

/** Per kind, the `spec` and `status` fields its rule reads. */
export const PROJECTIONS: Record<
  string,
  { spec?: Selection; status?: Selection }
> = {
  Pod: {
    spec: {
      restartPolicy: true,
      nodeName: true,
      containers: {
        each: {
          name: true,
          image: true,
          readinessProbe: {
            initialDelaySeconds: true,
            periodSeconds: true,
            failureThreshold: true,
          },
        },
      },
      initContainers: {
        each: { name: true, image: true, restartPolicy: true },
      },
    },
    status: {
      phase: true,
      reason: true,
      message: TEXT,
      startTime: true,
      conditions: condition,
      initContainerStatuses: containerStatus,
      containerStatuses: containerStatus,
    },
  },
  Deployment: {
    spec: {
      replicas: true,
      paused: true,
      progressDeadlineSeconds: true,
      strategy: { type: true },
      template,
    },
    status: {
      observedGeneration: true,
      replicas: true,
      updatedReplicas: true,
      readyReplicas: true,
      availableReplicas: true,
      unavailableReplicas: true,
      conditions: condition,
    },
  },
  ReplicaSet: {
    spec: { replicas: true, template },
    status: {
      observedGeneration: true,
      replicas: true,
      fullyLabeledReplicas: true,
      readyReplicas: true,
      availableReplicas: true,
      conditions: condition,
    },
  },
  StatefulSet: {
    spec: {
      replicas: true,
      updateStrategy: { type: true, rollingUpdate: { partition: true } },
      template,
    },
    status: {
      observedGeneration: true,
      replicas: true,
      readyReplicas: true,
      currentReplicas: true,
      updatedReplicas: true,
      availableReplicas: true,
      currentRevision: true,
      updateRevision: true,
      conditions: condition,
    },
  },
  DaemonSet: {
    spec: { updateStrategy: { type: true }, template },
    status: {
      observedGeneration: true,
      desiredNumberScheduled: true,
      currentNumberScheduled: true,
      updatedNumberScheduled: true,
      numberAvailable: true,
      numberReady: true,
      numberUnavailable: true,
      numberMisscheduled: true,
      conditions: condition,
    },
  },
  Job: {
    spec: {
      suspend: true,
      completions: true,
      parallelism: true,
      backoffLimit: true,
      activeDeadlineSeconds: true,
      template,
    },
    status: {
      active: true,
      succeeded: true,
      failed: true,
      ready: true,
      startTime: true,
      completionTime: true,
      conditions: condition,
    },
  },
  CronJob: {
    spec: {
      schedule: true,
      timeZone: true,
      suspend: true,
      startingDeadlineSeconds: true,
      concurrencyPolicy: true,
      successfulJobsHistoryLimit: true,
      failedJobsHistoryLimit: true,
      jobTemplate: { spec: { template } },
    },
    status: {
      active: { each: { name: true, namespace: true, uid: true } },
      lastScheduleTime: true,
      lastSuccessfulTime: true,
    },
  },
  HorizontalPodAutoscaler: {
    spec: {
      minReplicas: true,
      maxReplicas: true,
      scaleTargetRef: { apiVersion: true, kind: true, name: true },
    },
    status: {
      currentReplicas: true,
      desiredReplicas: true,
      conditions: condition,
    },
  },
  PipelineRun: {
    spec: { status: true, pipelineRef: { name: true } },
    status: {
      startTime: true,
      completionTime: true,
      conditions: condition,
      childReferences: {
        each: { kind: true, name: true, pipelineTaskName: true },
      },
    },
  },
  TaskRun: {
    spec: { status: true, taskRef: { name: true } },
    status: {
      startTime: true,
      completionTime: true,
      podName: true,
      conditions: condition,
    },
  },
  BuildRun: {
    spec: { state: true, buildRef: { name: true }, build: { name: true } },
    status: {
      startTime: true,
      completionTime: true,
      conditions: condition,
      taskRunName: true,
      executor: { kind: true, name: true },
      sources: { each: { git: { commitSha: true } } },
      output: { digest: true },
    },
  },
  Node: { status: { conditions: condition } },
};

function copyPlain(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object') {
    return typeof value === 'function' ||
      typeof value === 'symbol' ||
      typeof value === 'bigint'
      ? undefined
      : value;
  }
  // Loaders with YAML 1.1 timestamps give Dates; keep them (rules read both).
  if (isDate(value)) return new Date(value.getTime());
  if (depth > 16) return undefined;
  if (Array.isArray(value)) return value.map(v => copyPlain(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const c = copyPlain(v, depth + 1);
    if (c !== undefined) out[k] = c;
  }
  return out;
}

function select(value: unknown, selection: Selection): unknown {
  if (value === undefined) return undefined;
  if (selection === true) return copyPlain(value);
  if (selection === TEXT) {
    return typeof value === 'string' && value.length > MAX_MESSAGE_LENGTH
      ? value.slice(0, MAX_MESSAGE_LENGTH)
      : copyPlain(value);
  }
  if ('each' in selection && Object.keys(selection).length === 1) {
    if (!Array.isArray(value)) return copyPlain(value);
    return value.map(v => select(v, (selection as { each: Selection }).each));
  }
  const rec = asRecord(value);
  // A wrong type is kept as it is (rules read it as absent), so that the
  // projection judges exactly like the object.
  if (!rec) return copyPlain(value);
  const out: Record<string, unknown> = {};
  for (const [key, sub] of Object.entries(
    selection as Record<string, Selection>,
  )) {
    const v = select(rec[key], sub);
    if (v !== undefined) out[key] = v;
  }
  return out;
}

const metadataSelection: Selection = {
  name: true,
  namespace: true,
  uid: true,
  resourceVersion: true,
  generation: true,
  labels: true,
  ownerReferences: {
    each: {
      apiVersion: true,
      kind: true,
      name: true,
      uid: true,
      controller: true,
    },
  },
  creationTimestamp: true,
  deletionTimestamp: true,
};

/**
 * The compact projection of an object. Never throws; unknown kinds keep
 * apiVersion, kind and metadata.
 * @public
 */
export function projectObject(obj: KubeObject): KubeObject {
  const rec = asRecord(obj);
  if (!rec) return {};
  const out: KubeObject = {};
  if (typeof rec.apiVersion === 'string') out.apiVersion = rec.apiVersion;
  if (typeof rec.kind === 'string') out.kind = rec.kind;
  const meta = select(rec.metadata, metadataSelection);
  if (meta !== undefined) {
    const annotations = asRecord(asRecord(rec.metadata)?.annotations);
    const metaRec = asRecord(meta);
    if (annotations && metaRec) {
      const kept: Record<string, string> = {};
      for (const key of KEPT_ANNOTATIONS) {
        if (typeof annotations[key] === 'string')
          kept[key] = annotations[key] as string;
      }
      if (Object.keys(kept).length) metaRec.annotations = kept;
    }
    out.metadata = meta as KubeObject['metadata'];
  }
  const selection =
    typeof rec.kind === 'string' ? PROJECTIONS[rec.kind] : undefined;
  if (selection?.spec && rec.spec !== undefined)
    out.spec = select(rec.spec, selection.spec);
  if (selection?.status && rec.status !== undefined)
    out.status = select(rec.status, selection.status);
  return out;
}
